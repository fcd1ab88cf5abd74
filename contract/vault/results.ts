/** Reading the results a callback receives. */
import { near } from 'near-sdk-js';

/**
 * Whether promise result `index` is Successful. A missing result counts as a failure:
 * that only happens when a callback is called directly, which a private callback forbids.
 */
export function callSucceeded(index: number): boolean {
  if (BigInt(index) >= near.promiseResultsCount()) return false;
  try {
    near.promiseResultRaw(index);
    return true;
  } catch {
    return false;
  }
}

/** The JSON value of a Successful result, or undefined if it failed or is not JSON. */
export function callValue(index: number): unknown {
  if (!callSucceeded(index)) return undefined;
  try {
    return JSON.parse(near.promiseResult(index)) as unknown;
  } catch {
    return undefined;
  }
}
