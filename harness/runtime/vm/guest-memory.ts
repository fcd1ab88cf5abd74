/** Bounds-checked access to the contract's linear memory (env.memory). */
import { normalizeRanges, type ByteRange } from '../wasm/memory-writes.js';
import { HostError } from './errors.js';

/** Past this many separate ranges, host writes are merged (and, if still too many, kept as one span). */
const MAX_RANGES = 64;

export class GuestMemory {
  /** Every byte host functions wrote lies in one of these (so a pooled memory is zeroed there). */
  private ranges: ByteRange[] = [];

  constructor(private readonly memory: WebAssembly.Memory) {}

  /** Ranges holding every byte of guest memory host functions have written to. */
  get written(): readonly ByteRange[] {
    return this.ranges;
  }

  private noteWritten(start: number, end: number): void {
    const last = this.ranges[this.ranges.length - 1];
    // Writes often go to the same buffer again, or right after the previous one.
    if (last && start <= last.end && end >= last.start) {
      last.start = Math.min(last.start, start);
      last.end = Math.max(last.end, end);
      return;
    }
    this.ranges.push({ start, end });
    if (this.ranges.length <= MAX_RANGES) return;
    this.ranges = normalizeRanges(this.ranges, Number.MAX_SAFE_INTEGER);
    if (this.ranges.length > MAX_RANGES / 2) this.ranges = [{ start: this.ranges[0]!.start, end: this.ranges[this.ranges.length - 1]!.end }];
  }

  private range(ptr: bigint, len: bigint): [number, number] {
    const size = BigInt(this.memory.buffer.byteLength);
    if (ptr + len > size) throw new HostError({ kind: 'MemoryAccessViolation' });
    return [Number(ptr), Number(len)];
  }

  /** A copy of guest bytes [ptr, ptr+len). */
  read(ptr: bigint, len: bigint): Uint8Array {
    const [start, length] = this.range(ptr, len);
    return new Uint8Array(this.memory.buffer, start, length).slice();
  }

  write(ptr: bigint, data: Uint8Array): void {
    const [start] = this.range(ptr, BigInt(data.length));
    new Uint8Array(this.memory.buffer, start, data.length).set(data);
    if (data.length > 0) this.noteWritten(start, start + data.length);
  }

  readU128(ptr: bigint): bigint {
    const bytes = this.read(ptr, 16n);
    let value = 0n;
    for (let i = 15; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
    return value;
  }

  writeU128(ptr: bigint, value: bigint): void {
    const bytes = new Uint8Array(16);
    let rest = value;
    for (let i = 0; i < 16; i++) {
      bytes[i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
    this.write(ptr, bytes);
  }

  /** Bytes up to (not including) the first NUL byte from ptr: `len == u64::MAX` for UTF-8 logs. */
  readNulTerminated(ptr: bigint): Uint8Array {
    const view = new Uint8Array(this.memory.buffer);
    let end = Number(ptr);
    if (ptr >= BigInt(view.length)) throw new HostError({ kind: 'MemoryAccessViolation' });
    while (end < view.length && view[end] !== 0) end++;
    if (end >= view.length) throw new HostError({ kind: 'MemoryAccessViolation' });
    return view.slice(Number(ptr), end);
  }

  /** UTF-16 code units up to a 0x0000 unit. */
  readNulTerminatedUtf16(ptr: bigint): Uint8Array {
    const view = new Uint8Array(this.memory.buffer);
    let end = Number(ptr);
    for (;;) {
      if (end + 1 >= view.length) throw new HostError({ kind: 'MemoryAccessViolation' });
      if (view[end] === 0 && view[end + 1] === 0) break;
      end += 2;
    }
    return view.slice(Number(ptr), end);
  }
}
