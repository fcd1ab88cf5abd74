/**
 * Chain.setFunctionCallHook: a tool watching a contract (init --wasm discovers the external
 * calls a method makes) is told of every function call executed, with the receipts it
 * created — also those of a call that failed afterwards, which NEAR never emits.
 */
import { describe, expect, it } from 'vitest';
import type { NewReceipt } from '../index.js';
import { NEAR, TestChain } from './chain-fixture.js';
import { imports, wat } from './wat.js';

/** `call_then_panic` calls probe.test.near.echo, then panics; `call` only calls it. */
const CALLER = wat(`(module
  ${imports('promise_create', 'panic')}
  (memory 1)
  (data (i32.const 0) "probe.test.near")
  (data (i32.const 32) "echo")
  (data (i32.const 48) "{}")
  (func $echo (drop (call $promise_create (i64.const 15) (i64.const 0) (i64.const 4) (i64.const 32) (i64.const 2) (i64.const 48) (i64.const 512) (i64.const 10000000000000))))
  (func (export "call") (call $echo))
  (func (export "call_then_panic") (call $echo) (call $panic)))`);

type Seen = { method: string; receiver: string; failed: boolean; created: NewReceipt[] };

function watched(): { t: TestChain; seen: Seen[] } {
  const t = new TestChain().deploy('caller.test.near', CALLER, 10n * NEAR);
  const seen: Seen[] = [];
  t.chain.setFunctionCallHook(({ receipt, methodName, outcome }) =>
    seen.push({ method: methodName, receiver: receipt.receiverId, failed: outcome.error !== undefined, created: outcome.error ? (outcome.discardedReceipts ?? []) : outcome.newReceipts }),
  );
  return { t, seen };
}

const calls = (created: NewReceipt[]) => created.flatMap((r) => r.actions.map((a) => `${r.receiverId}.${a.type === 'FunctionCall' ? a.methodName : a.type}`));

describe('the function-call hook', () => {
  it('sees each call a receipt executes, with the receipts it emits', () => {
    const { t, seen } = watched();
    t.callAndSettle('alice.test.near', 'caller.test.near', 'call');
    expect(seen.map((s) => [s.receiver, s.method, s.failed, calls(s.created)])).toEqual([['caller.test.near', 'call', false, ['probe.test.near.echo']]]);
  });

  it('sees what a failed call had created before it panicked, though nothing was emitted', () => {
    const { t, seen } = watched();
    const result = t.callAndSettle('alice.test.near', 'caller.test.near', 'call_then_panic');
    expect(result.status.type).toBe('Failure');
    expect(result.receiptsOutcome.every((o) => o.executorId !== 'probe.test.near')).toBe(true);
    expect(seen.map((s) => [s.method, s.failed, calls(s.created)])).toEqual([['call_then_panic', true, ['probe.test.near.echo']]]);
  });

  it('is silent once removed', () => {
    const { t, seen } = watched();
    t.chain.setFunctionCallHook(undefined);
    t.callAndSettle('alice.test.near', 'caller.test.near', 'call');
    expect(seen).toEqual([]);
  });
});
