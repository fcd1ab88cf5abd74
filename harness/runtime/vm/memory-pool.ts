/**
 * Fresh linear memory for every call, without allocating a new 64 MiB buffer each time.
 *
 * nearcore gives every call a fresh, zeroed memory. Allocating a WebAssembly.Memory of
 * 1024 pages per call makes V8 count 64 MiB of external memory each time and collect
 * garbage constantly; zeroing a returned memory is cheaper (one memset, about 2–6 ms)
 * and just as fresh. Cheaper still, the runner names the bytes the call may have changed
 * (wasm/memory-writes.ts) and only those are zeroed. A memory the contract grew cannot
 * shrink back, so it is dropped instead.
 *
 * A debug mode checks that naming: with NRH_CHECK_MEMORY_RESET=1 in the environment (or
 * `checkMemoryResets(true)`), every partly zeroed memory is then scanned whole, and a
 * non-zero byte left over throws MemoryResetError.
 */
import { normalizeRanges, type ByteRange } from '../wasm/memory-writes.js';

const PAGE = 65_536;
const ZERO_PAGE = Buffer.alloc(PAGE);

let checking = process.env['NRH_CHECK_MEMORY_RESET'] === '1';

/** Turns the full-scan check of partial resets on or off (see the file comment); returns whether it was on. */
export function checkMemoryResets(enabled: boolean): boolean {
  const was = checking;
  checking = enabled;
  return was;
}

/** A partial reset left a non-zero byte: the bytes said to be changed were not all of them. */
export class MemoryResetError extends Error {
  constructor(
    readonly address: number,
    readonly value: number,
    readonly zeroed: readonly ByteRange[],
    what: string,
  ) {
    const shown = zeroed.slice(0, 8).map((r) => `[0x${r.start.toString(16)}, 0x${r.end.toString(16)})`);
    super(
      `memory reset incomplete${what ? ` after ${what}` : ''}: byte 0x${address.toString(16)} (page ${Math.floor(address / PAGE)}) is 0x${value.toString(16)} ` +
        `but lies outside the zeroed ranges ${shown.join(' ')}${zeroed.length > 8 ? ` and ${zeroed.length - 8} more` : ''}`,
    );
    this.name = 'MemoryResetError';
  }
}

/** The first non-zero byte of `bytes`, or -1. Compares whole pages first (memcmp). */
function firstNonZero(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let page = 0; page < buffer.length; page += PAGE) {
    const end = Math.min(buffer.length, page + PAGE);
    if (buffer.subarray(page, end).equals(ZERO_PAGE.subarray(0, end - page))) continue;
    for (let i = page; i < end; i++) if (buffer[i] !== 0) return i;
  }
  return -1;
}

/**
 * Zeroes `memory` where `changed` says it may be non-zero (all of it without `changed`);
 * under the debug check, scans the rest and throws MemoryResetError on a byte left.
 */
export function zeroMemory(memory: WebAssembly.Memory, changed?: readonly ByteRange[], what = ''): void {
  const bytes = new Uint8Array(memory.buffer);
  if (!changed) {
    bytes.fill(0);
    return;
  }
  const ranges = normalizeRanges(changed, bytes.length);
  for (const { start, end } of ranges) bytes.fill(0, start, end);
  if (checking) {
    const address = firstNonZero(bytes);
    if (address >= 0) throw new MemoryResetError(address, bytes[address]!, ranges, what);
  }
}

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
   * `what` names the call for the debug check's error.
   */
  give(memory: WebAssembly.Memory, changed?: readonly ByteRange[], what = ''): void {
    if (memory.buffer.byteLength !== this.initialPages * PAGE || this.free.length >= this.keep) return;
    zeroMemory(memory, changed, what); // throws, and the memory is not pooled, when the check finds a byte left
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
