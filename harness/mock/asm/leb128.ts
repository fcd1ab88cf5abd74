/** Signed LEB128, for the immediates of `i32.const` and `i64.const` (unsigned ones come from the runtime). */

/** `value` as a signed LEB128 of at most `bits` bits (two's complement). */
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
