/**
 * Defect (o): a callback that panics on an answer it cannot parse.
 *
 * on_swap parses the pool's success value with JSON.parse directly instead of through a
 * guard. A success value that is no JSON (garbage bytes, JSON cut off in the middle)
 * throws, so the callback fails and everything it would have done is undone with it: the
 * swap stays pending, amount_in stays in flight and is never refunded. An answer that is
 * JSON, usable or not, is still settled as the correct router settles it.
 */
import { near } from 'near-sdk-js';
import { callSucceeded } from '../vault/results';
import { steps } from '../router/steps';

export * from '../router/router';

steps.readAnswer = (swap) => {
  if (!callSucceeded(0)) {
    near.log(`swap #${swap.id}: ${swap.pool} failed; refunding ${swap.amount_in}`);
    return undefined;
  }
  const checked = steps.checkAnswer(swap, JSON.parse(near.promiseResult(0)) as unknown);
  if (typeof checked !== 'string') return checked;
  near.log(`swap #${swap.id}: unusable answer from ${swap.pool} (${checked}); refunding ${swap.amount_in}`);
  return undefined;
};
