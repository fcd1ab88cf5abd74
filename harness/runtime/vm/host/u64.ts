/** V8 passes every i64 argument as a signed BigInt; NEAR's host functions read it as u64. */
export const u64 = (value: bigint | number): bigint => BigInt.asUintN(64, BigInt(value));
