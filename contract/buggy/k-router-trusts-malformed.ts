/**
 * Defect (k): a malformed answer trusted.
 *
 * When the pool's answer cannot be used (not JSON, amounts that are not U128 strings,
 * more input used than sent, less output than min_out), the callback assumes the swap
 * went through at the user's minimum: it credits min_out and keeps the whole input
 * instead of refunding it. Output is owed that no pool ever reported.
 */
import { callSucceeded, callValue } from '../vault/results';
import { steps } from '../router/steps';

export * from '../router/router';

steps.readAnswer = (swap) => {
  if (!callSucceeded(0)) return undefined;
  const checked = steps.checkAnswer(swap, callValue(0));
  if (typeof checked !== 'string') return checked;
  return { amountInUsed: BigInt(swap.amount_in), amountOut: BigInt(swap.min_out) };
};
