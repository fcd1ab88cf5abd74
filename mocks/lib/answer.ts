/**
 * Answering a call according to a behaviour.
 *
 * Two NEAR facts shape this:
 * - A contract can only trap before its method runs: an exception during module
 *   evaluation ends in an `unreachable` trap, while one inside a method is a clean panic.
 *   So a trap answers through one hop to ourselves whose arguments ask the module to
 *   throw at load time (see trapNowRequested). It therefore lands one block later than
 *   a failure, like `delay 1 then trap`.
 * - A failing receipt's attached deposit goes back to its predecessor. After hops the
 *   predecessor is the mock itself, so a delayed failure sends the caller's deposit back
 *   explicitly, from the last successful hop.
 */
import { encode, near } from 'near-sdk-js';
import { isFailure, type MockBehaviour } from './behaviour';

export interface Hop {
  method: string;
  /** Hops still to go before answering. */
  remaining: number;
  then: MockBehaviour;
  /** Deposit of the original call, still to be refunded if the answer fails. */
  deposit: string;
  caller: string;
  /** Set on the hop that must trap while the module loads. */
  __mock_trap_now?: true;
}

export const CONTINUE_METHOD = 'mock_continue';
/** Storage key a test harness may set (between receipts) to make the Nth action of the next receipt trap. */
export const TRAP_AT = 'trap-at';

function hop(next: Hop): void {
  let deposit = BigInt(next.deposit);
  if (next.remaining === 0 && isFailure(next.then) && deposit > 0n) {
    const refund = near.promiseBatchCreate(next.caller);
    near.promiseBatchActionTransfer(refund, deposit);
    deposit = 0n;
  }
  const args: Hop = { ...next, deposit: deposit.toString() };
  if (next.remaining === 0 && next.then.kind === 'trap') args.__mock_trap_now = true;
  // Weight 1 with no static gas: the hop receives all the gas this call leaves unused.
  // Not NearPromise.functionCallWeight: near-sdk-js 2.0.0 encodes its arguments to bytes
  // while its C glue reads them as a Latin-1 string, so the callee would receive
  // "123,34,..." (Uint8Array.toString()). The host call takes the JSON string directly.
  const promise = near.promiseBatchCreate(near.currentAccountId());
  const jsonArgs = JSON.stringify(args) as unknown as Uint8Array;
  near.promiseBatchActionFunctionCallWeightRaw(promise, CONTINUE_METHOD, jsonArgs, 0n, 0n, 1n);
  near.promiseReturn(promise);
}

export function answer(behaviour: MockBehaviour, call: { method: string; deposit: bigint; caller: string }): void {
  switch (behaviour.kind) {
    case 'return':
      near.valueReturn(JSON.stringify(behaviour.value ?? null));
      return;
    case 'malformed':
      near.valueReturn('{"malformed": ');
      return;
    case 'fail':
      near.panicUtf8(encode(behaviour.message));
      return;
    case 'exhaust-gas':
      // A host call in the loop keeps bundlers from deleting it as side-effect free
      // (rollup removes `for (;;) i++`).
      for (;;) near.usedGas();
    case 'trap':
      hop({ method: call.method, remaining: 0, then: behaviour, deposit: call.deposit.toString(), caller: call.caller });
      return;
    case 'delay':
      hop({ method: call.method, remaining: behaviour.blocks - 1, then: behaviour.then, deposit: call.deposit.toString(), caller: call.caller });
      return;
  }
}

/** One hop of a delayed answer (called by ourselves only). */
export function continueHop(current: Hop): void {
  if (current.remaining > 0) {
    hop({ ...current, remaining: current.remaining - 1 });
    return;
  }
  answer(current.then, { method: current.method, deposit: BigInt(current.deposit), caller: current.caller });
}

/** True when the call's arguments ask for a trap right now (a per-call override or a trap hop). */
export function trapNowRequested(input: string): boolean {
  if (!input.includes('__mock')) return false;
  try {
    const args = JSON.parse(input) as { __mock?: { kind?: string }; __mock_trap_now?: boolean };
    return args.__mock_trap_now === true || args.__mock?.kind === 'trap';
  } catch {
    return false;
  }
}
