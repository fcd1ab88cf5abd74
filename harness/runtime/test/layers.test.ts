/**
 * The runtime's folders form layers: wasm (decoding and preparing code) < config
 * (protocol parameters) < vm (one function call) < state < chain. Each imports only the
 * folders below it, so none can import in a circle (harness/test/architecture.test.ts
 * checks cycles across the whole harness; this pins which way the runtime's own run).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph, isTestFile } from '../../test/import-graph.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The runtime folder of a runtime source file (`vm`, `chain`, …); undefined for index.ts, tests and files elsewhere. */
function runtimeFolder(file: string): string | undefined {
  const parts = file.split('/');
  return parts[0] === 'harness' && parts[1] === 'runtime' && parts.length > 3 && !isTestFile(file) ? parts[2] : undefined;
}

describe('the runtime folders', () => {
  it('each import only the folders below them', () => {
    const uses = new Map<string, Set<string>>();
    for (const { from, to } of importGraph(ROOT)) {
      const importer = runtimeFolder(from);
      const imported = runtimeFolder(to);
      if (!importer) continue;
      const set = uses.get(importer) ?? new Set<string>();
      if (imported && imported !== importer) set.add(imported);
      uses.set(importer, set);
    }
    const layers = Object.fromEntries([...uses].map(([folder, set]) => [folder, [...set].sort()]));
    expect(layers).toEqual({
      wasm: [],
      config: ['wasm'],
      vm: ['config', 'wasm'],
      state: ['vm'],
      chain: ['config', 'state', 'vm'],
    });
  });
});
