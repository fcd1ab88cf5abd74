/**
 * The runtime's folders form layers: wasm (decoding and preparing code) < config
 * (protocol parameters) < vm (one function call) < state < chain. Each imports only the
 * folders below it, so none can import in a circle (harness/test/architecture.test.ts
 * checks cycles across the whole harness; this pins which way the runtime's own run).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RUNTIME = fileURLToPath(new URL('..', import.meta.url));
const FOLDERS = readdirSync(RUNTIME, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'test').map((e) => e.name);

/** Source files of a runtime folder, tests aside, as paths relative to it. */
const sourcesOf = (folder: string): string[] =>
  readdirSync(join(RUNTIME, folder), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));

/** The other runtime folders a folder's sources import from (type-only imports included): `from '../vm/…'`, `from '../../config/…'`. */
function foldersImportedBy(folder: string): string[] {
  const imported = new Set<string>();
  for (const file of sourcesOf(folder)) {
    for (const [, target] of readFileSync(join(RUNTIME, folder, file), 'utf8').matchAll(/from '(?:\.\.\/)+([a-z-]+)\//g)) {
      if (target !== undefined && target !== folder && FOLDERS.includes(target)) imported.add(target);
    }
  }
  return [...imported].sort();
}

describe('the runtime folders', () => {
  it('each import only the folders below them', () => {
    expect(Object.fromEntries(FOLDERS.map((folder) => [folder, foldersImportedBy(folder)]))).toEqual({
      wasm: [],
      config: ['wasm'],
      vm: ['config', 'wasm'],
      state: ['vm'],
      chain: ['config', 'state', 'vm'],
    });
  });
});
