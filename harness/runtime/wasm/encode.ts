/** Small wasm binary encoders used when rewriting modules. */
export function encodeU32(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest !== 0);
  return bytes;
}

export function encodeName(name: string): number[] {
  const utf8 = new TextEncoder().encode(name);
  return [...encodeU32(utf8.length), ...utf8];
}

export function section(id: number, payload: ArrayLike<number>): Uint8Array {
  const size = encodeU32(payload.length);
  const out = new Uint8Array(1 + size.length + payload.length);
  out[0] = id;
  out.set(size, 1);
  out.set(payload as ArrayLike<number>, 1 + size.length);
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** `value` as a signed LEB128 of at most `bits` bits (two's complement): the immediates of `i32.const` and `i64.const`. */
export function encodeSigned(value: bigint, bits: 32 | 64): number[] {
  let rest = BigInt.asIntN(bits, value);
  const bytes: number[] = [];
  for (;;) {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n;
    const signBitClear = (byte & 0x40) === 0;
    if ((rest === 0n && signBitClear) || (rest === -1n && !signBitClear)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}
