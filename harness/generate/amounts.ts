/**
 * Amounts that reach the bugs: yoctoNEAR and token amounts drawn with a bias toward the
 * boundaries where NEAR code goes wrong — 1 yocto, the edge of a JavaScript Number's exact
 * integers (2^53 ± 1), 2^64 (u64 overflow), 1 NEAR (10^24) and the u128 maximum — within
 * the bounds the scenario gives, and uniformly between them otherwise.
 */
import * as fc from 'fast-check';

/** Where amounts go wrong: a refund through a `Number`, a u64 field, a whole NEAR, the u128 edge. */
export const AMOUNT_BOUNDARIES: readonly bigint[] = [
  1n,
  2n ** 53n - 1n,
  2n ** 53n,
  2n ** 53n + 1n,
  2n ** 64n - 1n,
  2n ** 64n,
  10n ** 24n,
  2n ** 128n - 1n,
];

const U128_MAX = 2n ** 128n - 1n;

/**
 * An amount in [min, max] (default: any u128): a boundary inside the range about a third
 * of the time, the range's own ends sometimes, otherwise uniform. Shrinks toward `min`.
 */
export function amount(bounds: { min?: bigint; max?: bigint } = {}): fc.Arbitrary<bigint> {
  const min = bounds.min ?? 0n;
  const max = bounds.max ?? U128_MAX;
  if (min > max) throw new RangeError(`amount: min ${min} is above max ${max}`);
  const edges = [...new Set([min, max, ...AMOUNT_BOUNDARIES.filter((b) => b > min && b < max), ...AMOUNT_BOUNDARIES.flatMap((b) => [b - 1n, b + 1n]).filter((b) => b > min && b < max)])];
  return fc.oneof(
    { weight: 2, arbitrary: fc.bigInt({ min, max }) },
    { weight: 1, arbitrary: fc.constantFrom(...edges.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) },
  );
}

/** An amount as NEAR's JSON carries it: a decimal string (U128). */
export const amountText = (bounds: { min?: bigint; max?: bigint } = {}): fc.Arbitrary<string> => amount(bounds).map(String);
