/**
 * Defect (l): amounts passed through a JavaScript Number.
 *
 * The callback reads the pool's amounts with Number(), exact only below 2^53 (about
 * 0.000000009 NEAR in yocto). Real amounts are rounded: "1000000000000000000000001"
 * becomes 999999999999999983222784, so output is credited wrong and the refund of the
 * unused input is off by millions of yocto (the router pays the difference, or keeps it).
 */
import { steps } from '../router/steps';

export * from '../router/router';

steps.answerAmount = (value) => {
  if (typeof value !== 'string') return undefined;
  const amount = Number(value);
  if (!Number.isInteger(amount) || amount < 0) return undefined;
  return BigInt(amount);
};
