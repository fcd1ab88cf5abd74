/** Sequential reader over a wasm binary: LEB128 integers, bytes and names. */
export class WasmDecodeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
    this.name = 'WasmDecodeError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class ByteReader {
  offset: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.offset = start;
  }

  get done(): boolean {
    return this.offset >= this.end;
  }

  fail(message: string): never {
    throw new WasmDecodeError(message, this.offset);
  }

  u8(): number {
    if (this.offset >= this.end) this.fail('unexpected end of section or function');
    return this.bytes[this.offset++]!;
  }

  /** Unsigned LEB128 of at most 32 bits. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const byte = this.u8();
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        if (i === 4 && byte > 0x0f) this.fail('integer representation too long');
        return result >>> 0;
      }
      shift += 7;
    }
    return this.fail('integer representation too long');
  }

  /** Signed LEB128 of at most `bits` bits, as a bigint. */
  signed(bits: 32 | 33 | 64): bigint {
    let result = 0n;
    let shift = 0n;
    const maxBytes = Math.ceil(bits / 7);
    for (let i = 0; i < maxBytes; i++) {
      const byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) {
        if ((byte & 0x40) !== 0) result -= 1n << shift;
        return result;
      }
    }
    return this.fail('integer representation too long');
  }

  skip(count: number): void {
    if (this.offset + count > this.end) this.fail('unexpected end of section or function');
    this.offset += count;
  }

  bytesOf(count: number): Uint8Array {
    const start = this.offset;
    this.skip(count);
    return this.bytes.subarray(start, start + count);
  }

  name(): string {
    const length = this.u32();
    const start = this.offset;
    const raw = this.bytesOf(length);
    try {
      return utf8.decode(raw);
    } catch {
      throw new WasmDecodeError('malformed UTF-8 encoding in name', start);
    }
  }
}
