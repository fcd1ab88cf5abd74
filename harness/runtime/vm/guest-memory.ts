/** Bounds-checked access to the contract's linear memory (env.memory). */
import type { ByteRange } from '../wasm/memory-writes.js';
import { HostError } from './errors.js';

export class GuestMemory {
  /** The span of every byte host functions wrote (start > end: none yet). */
  private writtenStart = Number.POSITIVE_INFINITY;
  private writtenEnd = 0;

  constructor(private readonly memory: WebAssembly.Memory) {}

  /** The span of guest memory host functions have written to, if any. */
  get written(): ByteRange | undefined {
    return this.writtenStart < this.writtenEnd ? { start: this.writtenStart, end: this.writtenEnd } : undefined;
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
    if (data.length === 0) return;
    if (start < this.writtenStart) this.writtenStart = start;
    if (start + data.length > this.writtenEnd) this.writtenEnd = start + data.length;
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
