/**
 * Test helper: assembles small wasm binaries section by section, so tests can build
 * exactly the module a rule is about (a sign-extension op, a foreign import, ...).
 */
import { concat, encodeName, encodeU32, section } from '../wasm/encode.js';

export const I32 = 0x7f;
export const I64 = 0x7e;

export interface FunctionSpec {
  params?: number[];
  results?: number[];
  /** Local declarations as [count, type] groups. */
  locals?: [number, number][];
  /** Instruction bytes, without the final `end`. */
  code?: number[];
  export?: string;
}

export interface ModuleSpec {
  imports?: { module: string; name: string; params?: number[]; results?: number[]; kind?: 'function' | 'memory' | 'global' }[];
  functions?: FunctionSpec[];
  memory?: boolean;
  extraSections?: { id: number; payload: number[]; before?: number }[];
}

const vec = (items: number[][]): number[] => [...encodeU32(items.length), ...items.flat()];

export function buildModule(spec: ModuleSpec): Uint8Array {
  const types: number[][] = [];
  const typeIndex = (params: number[] = [], results: number[] = []) => {
    const encoded = [0x60, ...vec(params.map((p) => [p])), ...vec(results.map((r) => [r]))];
    const key = encoded.join(',');
    const found = types.findIndex((t) => t.join(',') === key);
    if (found >= 0) return found;
    types.push(encoded);
    return types.length - 1;
  };
  const imports = (spec.imports ?? []).map((imp) => {
    const head = [...encodeName(imp.module), ...encodeName(imp.name)];
    if (imp.kind === 'memory') return [...head, 0x02, 0x00, 0x01];
    if (imp.kind === 'global') return [...head, 0x03, I32, 0x00];
    return [...head, 0x00, ...encodeU32(typeIndex(imp.params, imp.results))];
  });
  const functions = spec.functions ?? [];
  const functionTypes = functions.map((f) => encodeU32(typeIndex(f.params, f.results)));
  const importedFunctions = (spec.imports ?? []).filter((i) => (i.kind ?? 'function') === 'function').length;
  const exports: number[][] = [];
  functions.forEach((f, i) => {
    if (f.export) exports.push([...encodeName(f.export), 0x00, ...encodeU32(importedFunctions + i)]);
  });
  if (spec.memory) exports.push([...encodeName('memory'), 0x02, 0x00]);
  const bodies = functions.map((f) => {
    const body = [...vec((f.locals ?? []).map(([n, t]) => [...encodeU32(n), t])), ...(f.code ?? []), 0x0b];
    return [...encodeU32(body.length), ...body];
  });

  const sections: [number, Uint8Array][] = [];
  if (types.length) sections.push([1, section(1, vec(types))]);
  if (imports.length) sections.push([2, section(2, vec(imports))]);
  if (functions.length) sections.push([3, section(3, vec(functionTypes))]);
  if (spec.memory) sections.push([5, section(5, [0x01, 0x00, 0x01])]);
  if (exports.length) sections.push([7, section(7, vec(exports))]);
  if (bodies.length) sections.push([10, section(10, vec(bodies))]);
  for (const extra of spec.extraSections ?? []) {
    const at = sections.findIndex(([id]) => id >= (extra.before ?? 100));
    const entry: [number, Uint8Array] = [extra.id, section(extra.id, extra.payload)];
    if (at < 0) sections.push(entry);
    else sections.splice(at, 0, entry);
  }
  return concat([new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]), ...sections.map(([, s]) => s)]);
}

/** A module with one exported `() -> ()` method whose body is `code`. */
export function methodModule(code: number[], extra: Partial<ModuleSpec> = {}): Uint8Array {
  return buildModule({ memory: true, functions: [{ export: 'main', code }], ...extra });
}
