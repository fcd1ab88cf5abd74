/**
 * Fresh linear memory for every call, without allocating a new 64 MiB buffer each time.
 *
 * nearcore gives every call a fresh, zeroed memory. Allocating a WebAssembly.Memory of
 * 1024 pages per call makes V8 count 64 MiB of external memory each time and collect
 * garbage constantly; zeroing a returned memory is cheaper (one memset, about 6 ms) and
 * just as fresh. Cheaper still, when the caller knows every byte the call may have
 * changed, only those are zeroed. A memory the contract grew cannot shrink back, so it
 * is dropped instead.
 */
import type { ByteRange } from '../wasm/memory-writes.js';

export class MemoryPool {
  private readonly free: WebAssembly.Memory[] = [];

  constructor(
    private readonly initialPages: number,
    private readonly maxPages: number,
    private readonly keep = 4,
  ) {}

  take(): WebAssembly.Memory {
    return this.free.pop() ?? new WebAssembly.Memory({ initial: this.initialPages, maximum: this.maxPages });
  }

  /**
   * Takes a memory back for reuse. `changed`: ranges holding every byte that may be
   * non-zero now (only those are zeroed); without it, all of the memory is zeroed.
   */
  give(memory: WebAssembly.Memory, changed?: readonly ByteRange[]): void {
    if (memory.buffer.byteLength !== this.initialPages * 65_536 || this.free.length >= this.keep) return;
    const bytes = new Uint8Array(memory.buffer);
    if (changed) for (const { start, end } of changed) bytes.fill(0, start, end);
    else bytes.fill(0);
    this.free.push(memory);
  }
}

const pools = new Map<string, MemoryPool>();

export function memoryPool(initialPages: number, maxPages: number): MemoryPool {
  const key = `${initialPages}/${maxPages}`;
  let pool = pools.get(key);
  if (!pool) pools.set(key, (pool = new MemoryPool(initialPages, maxPages)));
  return pool;
}
