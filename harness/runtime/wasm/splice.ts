/**
 * Rewrites a module by appending globals and exports and replacing its code section,
 * leaving every other section's bytes as they were. The instrumentation passes
 * (gas-instrument.ts, write-tracking.ts) add state this way: appended globals and
 * exports take new indices, so no existing index changes.
 */
import { ByteReader } from './byte-reader.js';
import { concat, encodeName, encodeU32, section } from './encode.js';
import { SECTION, type WasmModule } from './module.js';

export interface Additions {
  /** Encoded function types to append to the type section. */
  types?: number[][];
  /** Type indices of functions to append (their bodies go at the end of `bodies`). */
  functions?: number[];
  /** Encoded global entries (type, mutability, init expression) to append. */
  globals: number[][];
  /** Encoded export entries to append. */
  exports: number[][];
  /** The new code section's function bodies, each already size-prefixed; undefined keeps the code. */
  bodies?: readonly ArrayLike<number>[];
  /** Write the data section with no segments (the caller fills memory itself). */
  emptyData?: boolean;
}

/** A mutable i32 global initialised to `value` (a signed LEB i32.const immediate). */
export const mutableI32Global = (valueLeb: number[]): number[] => [0x7f, 0x01, 0x41, ...valueLeb, 0x0b];

/** An export of global `index` under `name`. */
export const globalExport = (name: string, index: number): number[] => [...encodeName(name), 0x03, ...encodeU32(index)];

/** The index the next appended global gets. */
export const nextGlobalIndex = (module: WasmModule): number => module.imports.filter((i) => i.kind === 'global').length + module.globals.length;

// Sections in binary order; the global section sits after memory/tag, before export.
const ORDER: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13 };

/** Returns the module with `additions`. `bytes` must decode to `module`. */
export function spliceModule(bytes: Uint8Array, module: WasmModule, additions: Additions): Uint8Array {
  const payloadWithExtra = (id: number, extra: number[][]): Uint8Array => {
    const flat = extra.flat();
    const existing = module.sections.find((s) => s.id === id);
    if (!existing) return section(id, [...encodeU32(extra.length), ...flat]);
    const reader = new ByteReader(bytes, existing.start, existing.end);
    const count = reader.u32();
    return section(id, [...encodeU32(count + extra.length), ...bytes.subarray(reader.offset, existing.end), ...flat]);
  };
  const { bodies } = additions;
  const code = (): Uint8Array => {
    const count = encodeU32(bodies!.length);
    const payload = new Uint8Array(count.length + bodies!.reduce((n, b) => n + b.length, 0));
    payload.set(count);
    let offset = count.length;
    for (const body of bodies!) {
      payload.set(body, offset);
      offset += body.length;
    }
    return section(SECTION.code, payload);
  };

  // Sections that get entries appended, in binary order; each is written where it
  // stands or, when the module lacks it, just before the first section that follows it.
  const appended = new Map<number, number[][]>(
    (
      [
        [SECTION.type, additions.types ?? []],
        [SECTION.function, (additions.functions ?? []).map((typeIndex) => encodeU32(typeIndex))],
        [SECTION.global, additions.globals],
        [SECTION.export, additions.exports],
      ] as const
    ).filter(([, entries]) => entries.length > 0).map(([id, entries]) => [id, [...entries]]),
  );
  const written = new Set<number>();
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  const writeMissingBefore = (rank: number) => {
    for (const [id, entries] of appended) {
      if (!written.has(id) && ORDER[id]! < rank) {
        parts.push(payloadWithExtra(id, entries));
        written.add(id);
      }
    }
  };
  for (const s of module.sections) {
    if (s.id !== SECTION.custom) writeMissingBefore(ORDER[s.id]!);
    const entries = appended.get(s.id);
    if (entries) {
      parts.push(payloadWithExtra(s.id, entries));
      written.add(s.id);
    } else if (s.id === SECTION.code && bodies) {
      parts.push(code());
    } else if (s.id === SECTION.data && additions.emptyData) {
      parts.push(section(SECTION.data, [0x00]));
    } else {
      parts.push(bytes.subarray(s.headerStart, s.end));
    }
  }
  writeMissingBefore(Infinity);
  return concat(parts);
}
