/**
 * Where the harness stores answer programs in a mock's storage. A call to `method`
 * signed by `signer` runs the program under the first key present of:
 *
 *   a:<method>@<signer>    this method, in transactions `signer` signed
 *   a:<method>             this method
 *   a:*                    every method
 *
 * and returns `null` (the JSON text) when there is none.
 */
import { isValidAccountId } from '../runtime/index.js';
import { methodNameProblem } from './method-names.js';

export const ANSWER_KEY_PREFIX = 'a:';
/** `method` for the key every method falls back to. */
export const ANY_METHOD = '*';
export const WILDCARD_KEY = `${ANSWER_KEY_PREFIX}${ANY_METHOD}`;

/** The storage key of the program for `method` (ANY_METHOD: every method), optionally only for `signer`'s transactions. */
export function answerKey(method: string, signer?: string): Uint8Array {
  if (method === ANY_METHOD) {
    if (signer !== undefined) throw new Error(`answerKey: the "${ANY_METHOD}" program applies to every signer; the mock looks up no "${WILDCARD_KEY}@<signer>" key`);
    return new TextEncoder().encode(WILDCARD_KEY);
  }
  const problem = methodNameProblem(method);
  if (problem) throw new Error(`answerKey: ${problem}`);
  if (signer !== undefined && !isValidAccountId(signer)) throw new Error(`answerKey: "${signer}" is not a valid account id`);
  return new TextEncoder().encode(`${ANSWER_KEY_PREFIX}${method}${signer === undefined ? '' : `@${signer}`}`);
}
