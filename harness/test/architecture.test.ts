/**
 * The shape of the house, checked: folders of harness/ meet only through each other's
 * index.ts, nothing imports in a circle, and data flows one way (the runtime depends on
 * nothing else in the harness).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, harnessFolder, importGraph, isTestFile } from './import-graph.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const edges = importGraph(ROOT);

describe('the import graph', () => {
  it('is read from the sources (a sanity check of the reader itself)', () => {
    expect(edges.length).toBeGreaterThan(200);
    expect(edges).toContainEqual({ from: 'harness/check/check.ts', to: 'harness/generate/index.ts', typeOnly: false });
  });

  it('crosses into a harness folder only through its index.ts (test fixtures: its test/index.ts)', () => {
    // The one other door: the mock contracts take the mock behaviour type, type-only, from the
    // module that declares it (its index would pull Node code into a near-sdk-js type check).
    const contractSide = (from: string, to: string, typeOnly: boolean) => typeOnly && from.startsWith('mocks/') && to === 'harness/scenario/behaviour.ts';
    const bypassing = edges.filter(({ from, to, typeOnly }) => {
      const target = harnessFolder(to);
      if (!target || harnessFolder(from) === target || contractSide(from, to, typeOnly)) return false;
      return to !== `harness/${target}/index.ts` && to !== `harness/${target}/test/index.ts`;
    });
    expect(bypassing.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it('has no cycle between files, type-only imports included', () => {
    expect(cycles(edges).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('has no cycle between the folders of harness/ (tests, which import freely, aside)', () => {
    const folderEdges = edges
      .filter(({ from }) => !isTestFile(from))
      .map(({ from, to }) => ({ from: harnessFolder(from), to: harnessFolder(to) }))
      .filter((e): e is { from: string; to: string } => e.from !== undefined && e.to !== undefined && e.from !== e.to);
    expect(cycles(folderEdges).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('has no cycle between the parts of the runtime (wasm, vm, chain, config, state)', () => {
    const part = (file: string) => (harnessFolder(file) === 'runtime' && !isTestFile(file) ? file.split('/')[2] : undefined);
    const partEdges = edges
      .map(({ from, to }) => ({ from: part(from), to: part(to) }))
      .filter((e): e is { from: string; to: string } => e.from !== undefined && e.to !== undefined && e.from !== e.to && !e.from.endsWith('.ts'));
    expect(cycles(partEdges).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('keeps the generated mock self-contained: it imports only the runtime', () => {
    const outside = edges.filter(({ from, to }) => harnessFolder(from) === 'mock' && harnessFolder(to) !== 'mock' && to !== 'harness/runtime/index.ts' && (!isTestFile(from) || to !== 'harness/runtime/test/index.ts'));
    expect(outside.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it('keeps the runtime at the bottom: it imports nothing else of the harness', () => {
    const upward = edges.filter(({ from, to }) => harnessFolder(from) === 'runtime' && !isTestFile(from) && harnessFolder(to) !== undefined && harnessFolder(to) !== 'runtime');
    expect(upward.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });
});
