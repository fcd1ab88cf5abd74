/**
 * Fresh linear memory for every call, without allocating a new 64 MiB buffer each time.
 *
 * nearcore gives every call a fresh, zeroed memory. Allocating a WebAssembly.Memory of
 * 1024 pages per call makes V8 count 64 MiB of external memory each time and collect
 * garbage constantly; zeroing a returned memory is cheaper (one memset) and just as
 * fresh. A memory the contract grew cannot shrink back, so it is dropped instead.
 */
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

  give(memory: WebAssembly.Memory): void {
    if (memory.buffer.byteLength !== this.initialPages * 65_536 || this.free.length >= this.keep) return;
    new Uint8Array(memory.buffer).fill(0);
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
