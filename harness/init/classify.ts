/**
 * Telling views from calls without an ABI: run the method as a view (NEAR's view call: no
 * signer, no deposit, no state changes). A method that reaches a host function NEAR refuses
 * in views (predecessor_account_id, storage_write, promise_*, …: "ProhibitedInView") is a
 * call. One that returns, or panics before reaching one, is only guessed a view: with `{}`
 * for arguments a call may panic on them first. (attached_deposit is allowed in views, where
 * it reads 0, so a non-payable check does not give a call away.) discover.ts then runs every
 * method as a transaction too: one that changes state or schedules calls there is a call.
 */
import { functionCallErrorText, type ViewError } from '../runtime/index.js';

export type ViewProbe =
  /** It reached a host function NEAR refuses in views: a call. */
  | { kind: 'refused'; hostFunction: string }
  /** It ran to the end as a view. */
  | { kind: 'returned' }
  /** It failed before reaching anything views may not do (a panic on `{}` arguments, say). */
  | { kind: 'failed'; message: string }
  /** It burnt all the gas a view may: it loops, or needs more than a view gets. */
  | { kind: 'out-of-gas'; message: string }
  /** The contract could not be instantiated at all (an import NEAR does not offer, code it refuses). */
  | { kind: 'unrunnable'; message: string };

/** Classifies a view run by how it ended: `runView` returns the ViewError it threw, or undefined. */
export function viewProbe(runView: () => ViewError | undefined): ViewProbe {
  const error = runView();
  if (!error) return { kind: 'returned' };
  const cause = error.functionCallError;
  if (cause?.type === 'HostError') {
    if (cause.error.kind === 'ProhibitedInView') return { kind: 'refused', hostFunction: cause.error.method_name };
    if (cause.error.kind === 'GasExceeded' || cause.error.kind === 'GasLimitExceeded') return { kind: 'out-of-gas', message: functionCallErrorText(cause) };
  }
  if (cause?.type === 'LinkError' || cause?.type === 'CompilationError') return { kind: 'unrunnable', message: functionCallErrorText(cause) };
  return { kind: 'failed', message: cause ? functionCallErrorText(cause) : error.message };
}
