/**
 * Conformance: receipts, promises and callbacks (nearcore runtime/src/lib.rs,
 * receipt_manager.rs), on the example vault, the mocks and purpose-built wasm.
 */
import { describe, expect, it } from 'vitest';
import { NewReceipts } from '../vm/new-receipts.js';
import { failureText, functionCall, NEAR, receiptFor, successJson, successText, TestChain, TGAS } from './chain-fixture.js';
import { imports, wat } from './wat.js';

const VAULT = 'vault.test.near';
const POOL = 'pool.test.near';
const POOL_B = 'pool-b.test.near';
const GATE = 'gate.test.near';

function vaultChain(vault = 'contract/build/vault.wasm'): TestChain {
  const t = new TestChain().deploy(VAULT, vault).deploy(POOL, 'mocks/build/mock.wasm').deploy(POOL_B, 'mocks/build/mock.wasm').deploy(GATE, 'mocks/build/mock.wasm');
  t.callAndSettle('alice.test.near', VAULT, 'init', { args: { token_id: 'token.test.near', externals: [POOL, POOL_B, GATE] } });
  return t;
}

function behave(t: TestChain, mock: string, method: string, behaviour: unknown): void {
  const result = t.callAndSettle('alice.test.near', mock, 'mock_set_behaviour', { args: { method, behaviour } });
  expect(result.status.type).toBe('SuccessValue');
}

/** The "caller" test contract: promise host functions used directly. */
const CALLER = wat(`(module
  ${imports('promise_create', 'promise_then', 'promise_and', 'promise_batch_create', 'promise_batch_action_transfer', 'promise_batch_action_function_call_weight', 'promise_return', 'promise_results_count', 'promise_result', 'value_return')}
  (memory 1)
  (data (i32.const 0) "probe.test.near")   ;; 15 bytes
  (data (i32.const 32) "echo")              ;; 4 bytes
  (data (i32.const 48) "{}")                ;; 2 bytes
  (data (i32.const 64) "results")           ;; 7 bytes
  (data (i32.const 80) "caller.test.near")  ;; 16 bytes
  (data (i32.const 256) "\\ff\\ff\\ff\\ff\\ff\\ff\\ff\\ff\\ff\\ff\\ff\\ff\\ff\\ff\\ff\\7f") ;; huge u128
  (func $call_echo (param $gas i64) (result i64)
    (call $promise_create (i64.const 15) (i64.const 0) (i64.const 4) (i64.const 32) (i64.const 2) (i64.const 48) (i64.const 512) (local.get $gas)))
  (func (export "forward") (call $promise_return (call $call_echo (i64.const 20000000000000))))
  (func (export "joint_return")
    (i64.store (i32.const 128) (call $call_echo (i64.const 10000000000000)))
    (i64.store (i32.const 136) (call $call_echo (i64.const 10000000000000)))
    (call $promise_return (call $promise_and (i64.const 128) (i64.const 2))))
  (func (export "joint_append")
    (i64.store (i32.const 128) (call $call_echo (i64.const 10000000000000)))
    (i64.store (i32.const 136) (call $call_echo (i64.const 10000000000000)))
    (call $promise_batch_action_transfer (call $promise_and (i64.const 128) (i64.const 2)) (i64.const 512)))
  (func (export "bad_index")
    (drop (call $promise_then (i64.const 5) (i64.const 15) (i64.const 0) (i64.const 4) (i64.const 32) (i64.const 2) (i64.const 48) (i64.const 512) (i64.const 1))))
  (func (export "overspend")
    (call $promise_batch_action_transfer (call $promise_batch_create (i64.const 15) (i64.const 0)) (i64.const 256)))
  (func (export "zero_gas") (drop (call $call_echo (i64.const 0))))
  (func (export "weighted")
    (call $promise_batch_action_function_call_weight (call $promise_batch_create (i64.const 15) (i64.const 0))
      (i64.const 4) (i64.const 32) (i64.const 2) (i64.const 48) (i64.const 512) (i64.const 0) (i64.const 1)))
  (func (export "join_then_results")
    (i64.store (i32.const 128) (call $call_echo (i64.const 10000000000000)))
    (i64.store (i32.const 136) (call $promise_create (i64.const 15) (i64.const 0) (i64.const 4) (i64.const 64) (i64.const 2) (i64.const 48) (i64.const 512) (i64.const 10000000000000)))
    (call $promise_return (call $promise_then (call $promise_and (i64.const 128) (i64.const 2))
      (i64.const 16) (i64.const 80) (i64.const 7) (i64.const 64) (i64.const 2) (i64.const 48) (i64.const 512) (i64.const 20000000000000))))
  (func (export "results")
    ;; returns [count, status0, status1] as bytes
    (i32.store8 (i32.const 200) (i32.wrap_i64 (call $promise_results_count)))
    (i32.store8 (i32.const 201) (i32.wrap_i64 (call $promise_result (i64.const 0) (i64.const 9))))
    (i32.store8 (i32.const 202) (i32.wrap_i64 (call $promise_result (i64.const 1) (i64.const 9))))
    (call $value_return (i64.const 3) (i64.const 200)))
)`);

/** "probe": echo returns its input; results panics (for the join test's failing leg). */
const PROBE = wat(`(module ${imports('input', 'value_return', 'panic')} (memory 1)
  (func (export "echo") (call $input (i64.const 0)) (call $value_return (i64.const -1) (i64.const 0)))
  (func (export "results") (call $panic)))`);

function callerChain(): TestChain {
  return new TestChain().deploy('caller.test.near', CALLER).deploy('probe.test.near', PROBE);
}

describe('which block each receipt runs in (transaction included at H)', () => {
  it('call + callback: R1 at H+1, the callee at H+2, the callback at H+3, its refunds at H+4', () => {
    const t = vaultChain();
    const hash = t.submit('alice.test.near', VAULT, [functionCall('stake', { args: { pool: POOL }, deposit: NEAR })]);
    t.chain.runUntilQuiescent();
    const result = t.chain.transactionResult(hash)!;
    const H = result.transactionOutcome.blockHeight;
    expect(receiptFor(result, 'stake').blockHeight).toBe(H + 1);
    expect(receiptFor(result, 'deposit_and_stake').blockHeight).toBe(H + 2);
    const callback = receiptFor(result, 'on_stake');
    expect(callback.blockHeight).toBe(H + 3);
    const refunds = result.receiptsOutcome.filter((o) => callback.receiptIds.includes(o.id));
    expect(refunds.map((o) => o.blockHeight)).toEqual(refunds.map(() => H + 4));
  });

  it('a transaction to the signer itself is a local receipt: it runs in the same block as the transaction', () => {
    const t = callerChain();
    const result = t.chain.runUntilFinal(t.submit('probe.test.near', 'probe.test.near', [functionCall('echo', { args: { x: 1 } })]));
    expect(result.receiptsOutcome[0]!.blockHeight).toBe(result.transactionOutcome.blockHeight);
  });

  it('every promise hop costs a block: a mock delaying its answer by 2 puts the callback 2 blocks later', () => {
    const t = vaultChain();
    behave(t, POOL, 'deposit_and_stake', { kind: 'delay', blocks: 2, then: { kind: 'return', value: true } });
    const result = t.call('alice.test.near', VAULT, 'stake', { args: { pool: POOL }, deposit: NEAR });
    expect(receiptFor(result, 'on_stake').blockHeight - result.transactionOutcome.blockHeight).toBe(5);
  });

  it('the gap is observable: the caller\'s state written at H+1 is visible to views before the callback', () => {
    const t = vaultChain();
    t.submit('alice.test.near', VAULT, [functionCall('stake', { args: { pool: POOL }, deposit: NEAR })]);
    t.chain.advance(2);
    expect(t.view<{ in_flight: string | null }>(VAULT, 'get_account', { account_id: 'alice.test.near' }).in_flight).toMatch(/^stake#/);
    t.chain.runUntilQuiescent();
    expect(t.view<{ in_flight: string | null }>(VAULT, 'get_account', { account_id: 'alice.test.near' }).in_flight).toBeNull();
  });
});

describe('call + callback', () => {
  it('succeeding: the callback sees Successful and the transaction returns the callback\'s value', () => {
    const t = vaultChain();
    const result = t.call('alice.test.near', VAULT, 'stake', { args: { pool: POOL }, deposit: NEAR });
    expect(successText(result)).toBe('');
    expect(t.view(VAULT, 'get_account', { account_id: 'alice.test.near' })).toMatchObject({ staked: NEAR.toString() });
  });

  it('failing callee, succeeding callback: the transaction succeeds (status follows the last receipt of the chain)', () => {
    const t = vaultChain();
    behave(t, POOL, 'deposit_and_stake', { kind: 'fail', message: 'paused' });
    const result = t.callAndSettle('alice.test.near', VAULT, 'stake', { args: { pool: POOL }, deposit: NEAR });
    expect(result.status.type).toBe('SuccessValue');
    expect(failureText(receiptFor(result, 'deposit_and_stake'))).toBe('Smart contract panicked: paused');
  });

  it('a failed receipt\'s deposit returns to its predecessor (the vault, not the user), one block later, from "system"', () => {
    const t = vaultChain();
    behave(t, POOL, 'deposit_and_stake', { kind: 'fail', message: 'paused' });
    const result = t.callAndSettle('alice.test.near', VAULT, 'stake', { args: { pool: POOL }, deposit: NEAR });
    const failed = receiptFor(result, 'deposit_and_stake');
    const refund = result.receiptsOutcome.find((o) => failed.receiptIds.includes(o.id) && o.executorId === VAULT)!;
    expect(refund.predecessorId).toBe('system');
    expect(refund.receipt?.actions).toEqual([{ type: 'Transfer', deposit: NEAR }]);
    expect(refund.blockHeight).toBe(failed.blockHeight + 1);
  });

  it('unused gas returns to the signer in a refund receipt', () => {
    const t = vaultChain();
    const result = t.callAndSettle('alice.test.near', VAULT, 'stake', { args: { pool: POOL }, deposit: NEAR });
    const gasRefunds = result.receiptsOutcome.filter((o) => o.predecessorId === 'system' && o.executorId === 'alice.test.near');
    expect(gasRefunds.length).toBeGreaterThan(0);
  });

  it('a panicking callback makes the transaction fail, and its state changes are reverted', () => {
    const t = vaultChain('contract/buggy/build/h-callback-starved.wasm');
    const result = t.callAndSettle('alice.test.near', VAULT, 'stake', { args: { pool: POOL }, deposit: NEAR });
    expect(result.status.type).toBe('Failure');
    expect(failureText(receiptFor(result, 'on_stake'))).toBe('Exceeded the prepaid gas.');
    // Gas ran out inside the callback: its cleanup never happened, the lock stays.
    expect(t.view<{ in_flight: string | null }>(VAULT, 'get_account', { account_id: 'alice.test.near' }).in_flight).toMatch(/^stake#/);
  });
});

describe('batches', () => {
  it('a failing batch reverts all its actions and refunds the sum of their deposits; the callback sees only the last result', () => {
    const t = vaultChain();
    behave(t, POOL, 'deposit_and_stake', { kind: 'fail', message: 'second action fails' });
    const before = t.balance('alice.test.near');
    const result = t.callAndSettle('alice.test.near', VAULT, 'batch_stake', { args: { pool: POOL }, deposit: 2n * NEAR });
    const batch = receiptFor(result, 'storage_deposit');
    expect(batch.receipt?.actions.map((a) => a.type)).toEqual(['FunctionCall', 'FunctionCall']);
    expect(batch.status).toMatchObject({ type: 'Failure', error: { ActionError: { index: 1 } } });
    // storage_deposit ran and succeeded, but the batch failed: its call record is gone too.
    expect(t.view(POOL, 'mock_calls')).toEqual([]);
    const refund = result.receiptsOutcome.find((o) => batch.receiptIds.includes(o.id) && o.executorId === VAULT)!;
    expect(refund.receipt?.actions).toEqual([{ type: 'Transfer', deposit: 2n * NEAR }]);
    // The vault returned the whole deposit: alice only paid gas.
    expect(before - t.balance('alice.test.near')).toBeLessThan(NEAR / 100n);
  });
});

describe('joint promises (and)', () => {
  it('a callback on an `and` gets one result per leg, in order; one leg failing leaves the other Successful', () => {
    const t = callerChain();
    const result = t.call('alice.test.near', 'caller.test.near', 'join_then_results');
    expect([...Buffer.from(successText(result), 'latin1')]).toEqual([2, 1, 2]);
  });

  it('the vault settles each leg on its own: the failed leg refunded, the other staked', () => {
    const t = vaultChain();
    behave(t, POOL_B, 'deposit_and_stake', { kind: 'fail', message: 'b down' });
    t.callAndSettle('alice.test.near', VAULT, 'split_stake', { args: { pools: [POOL, POOL_B] }, deposit: 4n });
    expect(t.view(VAULT, 'get_account', { account_id: 'alice.test.near' })).toMatchObject({ staked: '2', in_flight: null });
  });

  it('returning a joint promise fails: CannotReturnJointPromise', () => {
    expect(failureText(callerChain().call('alice.test.near', 'caller.test.near', 'joint_return'))).toBe('Returning joint promise is currently prohibited.');
  });

  it('appending an action to a joint promise fails: CannotAppendActionToJointPromise', () => {
    expect(failureText(callerChain().call('alice.test.near', 'caller.test.near', 'joint_append'))).toBe('Actions can only be appended to non-joint promise.');
  });
});

describe('chains and promise_return', () => {
  it('promise_return hands the caller\'s waiting receivers to the returned promise: the tx gets the callee\'s value', () => {
    const t = callerChain();
    const result = t.call('alice.test.near', 'caller.test.near', 'forward');
    expect(receiptFor(result, 'forward').status.type).toBe('SuccessReceiptId');
    expect(successText(result)).toBe('{}');
  });

  it('A.then(B).then(C): gate -> on_relay_gate (returns the pool call) -> on_relay_done sees the pool\'s result', () => {
    const t = vaultChain();
    behave(t, GATE, 'check', { kind: 'return', value: true });
    behave(t, POOL, 'deposit_and_stake', { kind: 'fail', message: 'pool full' });
    const before = t.balance('alice.test.near');
    const result = t.callAndSettle('alice.test.near', VAULT, 'relay_stake', { args: { gate: GATE, pool: POOL }, deposit: NEAR });
    const order = ['check', 'on_relay_gate', 'deposit_and_stake', 'on_relay_done'].map((m) => receiptFor(result, m).blockHeight);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(t.view(VAULT, 'get_account', { account_id: 'alice.test.near' })).toMatchObject({ staked: '0', in_flight: null });
    expect(before - t.balance('alice.test.near')).toBeLessThan(NEAR / 100n);
  });
});

describe('promise errors', () => {
  it('an unknown promise index is InvalidPromiseIndex', () => {
    expect(failureText(callerChain().call('alice.test.near', 'caller.test.near', 'bad_index'))).toBe('5 does not correspond to existing promises');
  });

  it('attaching more than the balance is BalanceExceeded', () => {
    expect(failureText(callerChain().call('alice.test.near', 'caller.test.near', 'overspend'))).toBe('Exceeded the account balance.');
  });

  it('a new FunctionCall receipt with 0 gas fails validation, failing the calling receipt', () => {
    const result = callerChain().call('alice.test.near', 'caller.test.near', 'zero_gas');
    expect(result.status).toMatchObject({ type: 'Failure', error: { ActionError: { kind: { NewReceiptValidationError: { ActionsValidation: 'FunctionCallZeroAttachedGas' } } } } });
  });

  it('promise_result on an ordinary call is InvalidPromiseResultIndex', () => {
    expect(failureText(callerChain().call('alice.test.near', 'caller.test.near', 'results'))).toBe('Accessed invalid promise result index: 0');
  });
});

describe('unused gas distribution (distribute_gas)', () => {
  it('splits unused gas by weight, the remainder to the last: 40 unused with weights 1, 5, 2 gives 5, 25, 10', () => {
    const receipts = new NewReceipts(1024, 128);
    for (const weight of [1n, 5n, 2n]) {
      const index = receipts.createBatch('a.near');
      const receipt = receipts.receiptForActions(index);
      receipt.actions.push({ type: 'FunctionCall', methodName: 'm', args: new Uint8Array(), gas: 0n, deposit: 0n });
      receipt.gasWeights.set(0, weight);
    }
    expect(receipts.distributeGas(40n)).toBe(40n);
    expect(receipts.receipts.map((r) => (r.actions[0] as { gas: bigint }).gas)).toEqual([5n, 25n, 10n]);
  });

  it('a weighted call with 0 static gas receives all the gas its caller left unused', () => {
    const t = callerChain();
    const result = t.callAndSettle('alice.test.near', 'caller.test.near', 'weighted', { gas: 100n * TGAS });
    const echo = receiptFor(result, 'echo');
    const gas = (echo.receipt!.actions[0] as { gas: bigint }).gas;
    expect(gas).toBeGreaterThan(90n * TGAS);
    expect(gas).toBeLessThan(100n * TGAS);
  });
});

describe('NEAR token accounting', () => {
  it('no NEAR is created or lost: balances plus burnt tokens stay constant through a failing flow, to the yocto', () => {
    const t = vaultChain();
    behave(t, POOL, 'deposit_and_stake', { kind: 'fail', message: 'paused' });
    const total = t.totalBalance() + t.netBurnt();
    t.callAndSettle('alice.test.near', VAULT, 'deposit', { deposit: 3n * NEAR });
    t.callAndSettle('alice.test.near', VAULT, 'stake', { args: { pool: POOL }, deposit: NEAR });
    t.callAndSettle('alice.test.near', VAULT, 'withdraw', { args: { amount: NEAR.toString() } });
    expect(t.totalBalance() + t.netBurnt()).toBe(total);
  });

  it('the signer pays exactly the tokens its transaction tree burnt, plus what it sent and minus refunds', () => {
    const t = vaultChain();
    const before = t.balance('alice.test.near');
    const result = t.callAndSettle('alice.test.near', VAULT, 'deposit', { deposit: 5n });
    const burnt = [result.transactionOutcome, ...result.receiptsOutcome].reduce((sum, o) => sum + o.tokensBurnt, 0n);
    expect(before - t.balance('alice.test.near')).toBe(burnt + 5n);
  });

  it('a transfer to a missing account fails with AccountDoesNotExist and the deposit comes back', () => {
    const t = vaultChain();
    const before = t.balance('alice.test.near');
    const hash = t.submit('alice.test.near', 'nobody.test.near', [{ type: 'Transfer', deposit: NEAR }]);
    t.chain.runUntilQuiescent();
    const result = t.chain.transactionResult(hash)!;
    expect(result.status).toMatchObject({ type: 'Failure', error: { ActionError: { index: 0, kind: { AccountDoesNotExist: { account_id: 'nobody.test.near' } } } } });
    expect(before - t.balance('alice.test.near')).toBeLessThan(NEAR / 1000n);
  });
});

describe('storage staking', () => {
  it('a receipt leaving the account unable to pay for its storage fails with LackBalanceForState, and is reverted', () => {
    const hog = wat(`(module ${imports('storage_write')} (memory 1)
      (func (export "hog") (drop (call $storage_write (i64.const 4) (i64.const 0) (i64.const 20000) (i64.const 0) (i64.const 0)))))`);
    const t = new TestChain().deploy('hog.test.near', hog, 10n ** 20n);
    const usageBefore = t.chain.viewAccount('hog.test.near').storageUsage;
    const result = t.call('alice.test.near', 'hog.test.near', 'hog');
    const usage = usageBefore + 40n + 4n + 20_000n;
    const lack = usage * 10n ** 19n - 10n ** 20n;
    expect(result.status).toMatchObject({
      type: 'Failure',
      error: { ActionError: { index: null, kind: { LackBalanceForState: { account_id: 'hog.test.near', amount: lack.toString() } } } },
    });
    expect(t.chain.viewAccount('hog.test.near').storageUsage).toBe(usageBefore);
  });

  it('accounts using at most 770 bytes need no stake (zero-balance accounts, NEP-448)', () => {
    const small = wat(`(module ${imports('storage_write')} (memory 1)
      (func (export "w") (drop (call $storage_write (i64.const 4) (i64.const 0) (i64.const 10) (i64.const 0) (i64.const 0)))))`);
    const t = new TestChain().deploy('small.test.near', small, 0n);
    expect(t.chain.viewAccount('small.test.near').storageUsage).toBeLessThan(770n);
    expect(t.call('alice.test.near', 'small.test.near', 'w').status.type).toBe('SuccessValue');
  });
});

describe('vault end to end', () => {
  it('withdraw then a vault view: the balance moved to the account, to the yocto', () => {
    const t = vaultChain();
    t.callAndSettle('alice.test.near', VAULT, 'deposit', { deposit: 3n * NEAR });
    const before = t.balance('alice.test.near');
    const result = t.callAndSettle('alice.test.near', VAULT, 'withdraw', { args: { amount: NEAR.toString() } });
    const burnt = [result.transactionOutcome, ...result.receiptsOutcome].reduce((sum, o) => sum + o.tokensBurnt, 0n);
    const gasRefunds = result.receiptsOutcome
      .filter((o) => o.predecessorId === 'system' && o.executorId === 'alice.test.near')
      .reduce((sum, o) => sum + ((o.receipt?.actions[0] as { deposit: bigint }).deposit ?? 0n), 0n);
    expect(gasRefunds).toBeGreaterThan(0n);
    expect(t.balance('alice.test.near') - before).toBe(NEAR - burnt);
    expect(successJson(t.chain.runUntilFinal(t.submit('alice.test.near', VAULT, [functionCall('get_totals')])))).toEqual({
      balances: (2n * NEAR).toString(),
      staked: '0',
      tokens: '0',
    });
  });
});

describe('NEAR in flight', () => {
  it('after every block, balances + NEAR held by pending receipts + net burnt tokens are constant, to the yocto', () => {
    const t = vaultChain();
    behave(t, POOL_B, 'deposit_and_stake', { kind: 'delay', blocks: 2, then: { kind: 'fail', message: 'late' } });
    const total = () => t.totalBalance() + t.chain.valueInFlight() + t.netBurnt();
    const start = total();
    t.submit('alice.test.near', VAULT, [functionCall('split_stake', { args: { pools: [POOL, POOL_B] }, deposit: 3n * NEAR })]);
    t.submit('bob.test.near', VAULT, [functionCall('deposit', { deposit: NEAR })]);
    while (t.chain.busy) {
      t.chain.step();
      expect(total()).toBe(start);
    }
  });
});
