/**
 * The runtime's modules import one another without cycles, and its folders form layers:
 * wasm (decoding and preparing code) < config (protocol parameters) < vm (one function
 * call) < state < chain. A cycle would make load order matter and the layers meaningless.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RUNTIME = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Runtime source files (tests and test helpers aside), relative to harness/runtime. */
function sourceFiles(dir = RUNTIME): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [relative(RUNTIME, path)] : [];
  });
}

/** Relative imports and re-exports of a file, type-only ones included, as runtime-relative .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(RUNTIME, file), 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^;'"]*?(?:from\s+)?'(\.{1,2}\/[^']+)'/gm)].map((m) => m[1]!);
  return specifiers.map((specifier) => relative(RUNTIME, resolve(RUNTIME, dirname(file), specifier.replace(/\.js$/, '.ts'))));
}

const graph = new Map(sourceFiles().map((file) => [file, importsOf(file)]));

/** Every cycle reachable in the graph, each as the files along it. */
function cycles(edges: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]) => {
    const at = path.indexOf(node);
    if (at >= 0) return void found.push([...path.slice(at), node]);
    if (done.has(node)) return;
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of edges.keys()) visit(node, []);
  return found;
}

describe('the runtime import graph', () => {
  it('resolves every relative import to a runtime source file', () => {
    const missing = [...graph].flatMap(([file, imports]) => imports.filter((i) => !graph.has(i)).map((i) => `${file} -> ${i}`));
    expect(missing).toEqual([]);
  });

  it('has no cycle between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has folders in layers: each imports only the folders below it (index.ts, the public face, imports them all)', () => {
    const folderOf = (file: string) => file.split('/')[0]!;
    const folders = new Map<string, Set<string>>();
    for (const [file, imports] of graph) {
      if (file === 'index.ts') continue;
      const uses = folders.get(folderOf(file)) ?? new Set<string>();
      for (const imported of imports) if (folderOf(imported) !== folderOf(file)) uses.add(folderOf(imported));
      folders.set(folderOf(file), uses);
    }
    expect(Object.fromEntries([...folders].map(([folder, uses]) => [folder, [...uses].sort()]).sort())).toEqual({
      chain: ['config', 'state', 'vm'],
      config: ['wasm'],
      state: ['vm'],
      vm: ['config', 'wasm'],
      wasm: [],
    });
  });
});
