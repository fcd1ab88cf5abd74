/** U128 amounts as NEP-141 writes them in JSON: strings of decimal digits. */

export const U128_MAX = (1n << 128n) - 1n;

/**
 * The amount a JSON value holds, or undefined if it is not a U128. Only a string of
 * decimal digits counts: BigInt alone would also take " 5", "0x10" and "1e3", and a JSON
 * number has already lost precision above 2^53 by the time JSON.parse returns it.
 */
export function parseU128(value: unknown): bigint | undefined {
  if (typeof value !== 'string' || !/^[0-9]{1,39}$/.test(value)) return undefined;
  const amount = BigInt(value);
  return amount <= U128_MAX ? amount : undefined;
}

/** An amount given as a call argument: a U128, or the call fails saying which argument is wrong. */
export function u128Argument(value: unknown, name: string): bigint {
  const amount = parseU128(value);
  if (amount === undefined) throw new Error(`${name} must be a U128: a string of decimal digits, below 2^128`);
  return amount;
}

export const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
