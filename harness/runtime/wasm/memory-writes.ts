/**
 * Which bytes of its linear memory a module can change by itself. Most contracts store
 * to memory and may change any byte; a module with no instruction that writes memory
 * (no store, no memory.init/copy/fill, no atomic) changes only the bytes its active data
 * segments fill, at offsets read from the binary. Everything else in its memory is
 * written by host functions, which the VM sees (vm/guest-memory.ts). The runner uses
 * this to zero only those bytes before reusing a memory (vm/memory-pool.ts).
 */
import { scanBody } from './instructions.js';
import type { WasmModule } from './module.js';

/** Bytes [start, end) of linear memory. */
export interface ByteRange {
  start: number;
  end: number;
}

/** i32/i64/f32/f64 stores, 0x36 … 0x3e. */
const isStore = (opcode: number) => opcode >= 0x36 && opcode <= 0x3e;
/** 0xFC sub-opcodes that write memory: memory.init (8), memory.copy (10), memory.fill (11). */
const BULK_WRITES = new Set([8, 10, 11]);

/**
 * The ranges the module's data segments fill, if nothing else in the module can write
 * its memory; undefined if its code may write memory itself (or a segment's offset is
 * not a constant). An empty list: the module never changes its memory.
 */
export function selfWrittenRanges(module: WasmModule): ByteRange[] | undefined {
  let writes = false;
  for (const body of module.bodies) {
    scanBody(module, body, {
      instruction: (opcode, subOpcode) => {
        if (isStore(opcode) || (opcode === 0xfc && subOpcode !== undefined && BULK_WRITES.has(subOpcode))) writes = true;
      },
      // The scan stops at these without reporting their instructions; SIMD and atomics may store.
      feature: (feature) => {
        if (feature === 'simd' || feature === 'threads' || feature === 'exceptions') writes = true;
      },
    });
    if (writes) return undefined;
  }
  const ranges: ByteRange[] = [];
  for (const segment of module.dataSegments) {
    if (segment.flags === 1) continue; // passive: written only by memory.init, which is a write
    if (segment.offset === undefined) return undefined;
    if (segment.size > 0) ranges.push({ start: segment.offset, end: segment.offset + segment.size });
  }
  return ranges;
}
