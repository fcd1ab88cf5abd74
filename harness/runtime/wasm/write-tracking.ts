/**
 * Write tracking: makes a module report which part of its linear memory its own code
 * wrote, so a pooled memory can be zeroed there only (vm/memory-pool.ts).
 *
 * Every instruction that writes memory (the nine stores, memory.init, memory.copy,
 * memory.fill) first records the bytes [s, e) it is about to write into two added
 * mutable i32 globals, with `split` a fixed address (half the initial memory):
 *
 *   if (e > low) { if (e <= split) low = e; else if (s < high) high = s; }
 *
 * `low` starts at 0 and `high` at 2^32 - 1. The rule is complete: after an instruction
 * that writes [s, e) without trapping, [s, e) lies inside [0, low) ∪ [high, memory end).
 * Either e <= low, and then e <= split (low never exceeds split) and [s, e) ⊆ [0, low);
 * or e > low and the update runs: e <= split sets low = e, otherwise high <= s. `low`
 * only grows and `high` only shrinks, so what is covered stays covered. The addresses
 * are computed in wrapping i32 arithmetic: s = base + offset and e = s + width wrap only
 * when the real, unbounded address is at least 2^32, beyond any memory, and such an
 * access traps without writing (a store or bulk write is bounds-checked before it
 * writes; a store torn at the memory's end writes inside [s, e), which was recorded).
 * memory.grow needs nothing: a grown memory is never reused. Everything else that
 * writes memory is outside the code: active data segments (instantiation) and host
 * functions (vm/guest-memory.ts); the runner adds both.
 *
 * Two marks rather than one because real contracts write at both ends: near-sdk-js's
 * allocator (dlmalloc) puts its heap footer at the top of the initial memory while the
 * stack, data and used heap sit at the bottom. The common case, a store below what was
 * written before, costs one compare and an untaken branch.
 *
 * The added code runs after gas instrumentation and is not metered: gas figures do not
 * change. Every index stays valid: the globals are appended, and the locals the
 * sequences need are appended after each function's own.
 */
import { ByteReader } from './byte-reader.js';
import { concat, encodeSigned, encodeU32 } from './encode.js';
import { scanBody } from './instructions.js';
import { functionType, type WasmModule } from './module.js';
import { globalExport, mutableI32Global, nextGlobalIndex, spliceModule } from './splice.js';

/** Exported i32 global: every byte the code wrote below `split` lies below it. */
export const WRITTEN_LOW_GLOBAL = '__nrh_written_low_end';
/** Exported i32 global (unsigned): every byte the code wrote that ends above `split` lies at or above it. */
export const WRITTEN_HIGH_GLOBAL = '__nrh_written_high_start';

type NumType = 'i32' | 'i64' | 'f32' | 'f64';

/** Store opcodes 0x36 … 0x3e: the type of the value stored and how many bytes it writes. */
const STORES: Record<number, { type: NumType; width: number }> = {
  0x36: { type: 'i32', width: 4 },
  0x37: { type: 'i64', width: 8 },
  0x38: { type: 'f32', width: 4 },
  0x39: { type: 'f64', width: 8 },
  0x3a: { type: 'i32', width: 1 },
  0x3b: { type: 'i32', width: 2 },
  0x3c: { type: 'i64', width: 1 },
  0x3d: { type: 'i64', width: 2 },
  0x3e: { type: 'i64', width: 4 },
};
/** 0xFC sub-opcodes that write [d, d + n) with operands (d, _, n): memory.init, memory.copy, memory.fill. */
const BULK_WRITES = new Set([8, 10, 11]);
const TYPE_BYTE: Record<NumType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };

export interface WriteTracking {
  bytes: Uint8Array;
  /** Whether the code writes memory at all (if not, nothing was added). */
  writes: boolean;
}

const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const GLOBAL_GET = 0x23;
const GLOBAL_SET = 0x24;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const IF_VOID = [0x04, 0x40];
const ELSE = 0x05;
const END = 0x0b;
const I32_LT_U = 0x49;
const I32_GT_U = 0x4b;
const I32_LE_U = 0x4d;

const op = (code: number, index: number): number[] => [code, ...encodeU32(index)];
/** `i32.const value` (value taken modulo 2^32), encoded without bigint: one per store offset. */
function i32Const(value: number): number[] {
  const out = [I32_CONST];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const signClear = (byte & 0x40) === 0;
    if ((rest === 0 && signClear) || (rest === -1 && !signClear)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** The instructions of one body that write memory: where each starts and ends, its opcode and sub-opcode. */
interface Writes {
  starts: number[];
  ends: number[];
  opcodes: number[];
  subOpcodes: number[];
  /** A post-MVP feature the scan stops at (SIMD, threads, exceptions): the body cannot be rewritten. */
  opaque: boolean;
}

const isWrite = (opcode: number, sub: number | undefined) => STORES[opcode] !== undefined || (opcode === 0xfc && sub !== undefined && BULK_WRITES.has(sub));

function findWrites(module: WasmModule, bodyIndex: number): Writes {
  const found: Writes = { starts: [], ends: [], opcodes: [], subOpcodes: [], opaque: false };
  let open = false; // the last instruction seen writes: its end is the next one's start
  scanBody(module, module.bodies[bodyIndex]!, {
    instruction: (opcode, subOpcode, offset) => {
      if (open) {
        found.ends.push(offset);
        open = false;
      }
      if (!isWrite(opcode, subOpcode)) return;
      found.starts.push(offset);
      found.opcodes.push(opcode);
      found.subOpcodes.push(subOpcode ?? -1);
      open = true;
    },
    feature: (feature) => {
      if (feature === 'simd' || feature === 'threads' || feature === 'exceptions') found.opaque = true;
    },
  });
  // A body ends with `end`, which writes nothing, so every write has an end here.
  return found;
}

/** A growable byte buffer. */
class Output {
  bytes = new Uint8Array(1024);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  push(data: ArrayLike<number>): void {
    this.room(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }
}

/**
 * Returns the module with write tracking, or undefined when a body uses an instruction
 * set this pass does not rewrite (then nothing is known about its writes). `split`: the
 * address below which writes raise `low` (at most 2^31).
 */
export function instrumentWrites(bytes: Uint8Array, module: WasmModule, split: number): WriteTracking | undefined {
  const found = module.bodies.map((_, i) => findWrites(module, i));
  if (found.some((w) => w.opaque)) return undefined;
  if (found.every((w) => w.starts.length === 0)) return { bytes, writes: false };

  const low = nextGlobalIndex(module);
  const high = low + 1;
  // if (e > low) { if (e <= split) low = e; else if (s < high) high = s; }
  const record = (s: number, e: number): number[] => [
    ...op(LOCAL_GET, e), ...op(GLOBAL_GET, low), I32_GT_U,
    ...IF_VOID,
    ...op(LOCAL_GET, e), ...i32Const(split), I32_LE_U,
    ...IF_VOID,
    ...op(LOCAL_GET, e), ...op(GLOBAL_SET, low),
    ELSE,
    ...op(LOCAL_GET, s), ...op(GLOBAL_GET, high), I32_LT_U,
    ...IF_VOID, ...op(LOCAL_GET, s), ...op(GLOBAL_SET, high), END,
    END,
    END,
  ];

  const bodies = module.bodies.map((body, bodyIndex) => {
    const writes = found[bodyIndex]!;
    if (writes.starts.length === 0) return concat([Uint8Array.from(encodeU32(body.end - body.start)), bytes.subarray(body.start, body.end)]);
    // New locals after the function's own: address, start, end, a third operand, a length,
    // and one to park each other type of stored value in.
    const type = functionType(module, body.functionIndex);
    if (!type) throw new Error(`function ${body.functionIndex} has no type`);
    const first = type.params.length + body.localCount;
    const [a, s, e, x, n] = [first, first + 1, first + 2, first + 3, first + 4];
    const valueTypes = (['i64', 'f32', 'f64'] as const).filter((t) => writes.opcodes.some((opcode) => STORES[opcode]?.type === t));
    const valueLocal: Record<NumType, number> = { i32: x, i64: -1, f32: -1, f64: -1 };
    valueTypes.forEach((t, i) => (valueLocal[t] = first + 5 + i));

    // The code around each store, without its offset's i32.const/i32.add: before and after.
    const recordSE = record(s, e);
    const storeHead = (t: NumType) => Uint8Array.from([...op(LOCAL_SET, valueLocal[t]), ...op(LOCAL_TEE, a)]);
    const heads = { i32: storeHead('i32'), i64: valueLocal.i64 >= 0 ? storeHead('i64') : undefined, f32: valueLocal.f32 >= 0 ? storeHead('f32') : undefined, f64: valueLocal.f64 >= 0 ? storeHead('f64') : undefined };
    const tails = new Map<number, Uint8Array>();
    for (const [opcode, store] of Object.entries(STORES)) {
      tails.set(Number(opcode), Uint8Array.from([...op(LOCAL_TEE, s), ...i32Const(store.width), I32_ADD, ...op(LOCAL_SET, e), ...recordSE, ...op(LOCAL_GET, a), ...op(LOCAL_GET, valueLocal[store.type])]));
    }
    // Operands (d, x, n) of a bulk write: s = d, e = d + n.
    const bulk = Uint8Array.from([
      ...op(LOCAL_SET, n), ...op(LOCAL_SET, x), ...op(LOCAL_TEE, a), ...op(LOCAL_TEE, s), ...op(LOCAL_GET, n), I32_ADD, ...op(LOCAL_SET, e),
      ...recordSE, ...op(LOCAL_GET, a), ...op(LOCAL_GET, x), ...op(LOCAL_GET, n),
    ]);

    // The header: the original local groups plus ours.
    const header = new ByteReader(bytes, body.start, body.codeStart);
    const groups = header.u32();
    const added = [[5, TYPE_BYTE.i32], ...valueTypes.map((t) => [1, TYPE_BYTE[t]])];
    const out = new Output();
    out.push(encodeU32(groups + added.length));
    out.push(bytes.subarray(header.offset, body.codeStart));
    out.push(added.flatMap(([count, t]) => [...encodeU32(count!), t!]));

    let copied = body.codeStart;
    for (let i = 0; i < writes.starts.length; i++) {
      const from = writes.starts[i]!;
      const to = writes.ends[i]!;
      out.push(bytes.subarray(copied, from));
      copied = to;
      const opcode = writes.opcodes[i]!;
      const store = STORES[opcode];
      if (store) {
        // Operands (base, value): park the value, s = base + offset, e = s + width.
        const memarg = new ByteReader(bytes, from + 1, to);
        memarg.u32(); // alignment
        const offset = memarg.u32();
        out.push(heads[store.type]!);
        if (offset !== 0) out.push([...i32Const(offset), I32_ADD]);
        out.push(tails.get(opcode)!);
      } else {
        out.push(bulk);
      }
      out.push(bytes.subarray(from, to));
    }
    out.push(bytes.subarray(copied, body.end));
    return concat([Uint8Array.from(encodeU32(out.length)), out.bytes.subarray(0, out.length)]);
  });

  return {
    bytes: spliceModule(bytes, module, {
      globals: [mutableI32Global(encodeSigned(0n, 32)), mutableI32Global(encodeSigned(-1n, 32))],
      exports: [globalExport(WRITTEN_LOW_GLOBAL, low), globalExport(WRITTEN_HIGH_GLOBAL, high)],
      bodies,
    }),
    writes: true,
  };
}
