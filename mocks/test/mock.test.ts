/**
 * The configurable mock, one call at a time: each behaviour, per method and per call,
 * the call log, and the hops a delayed or trapping answer takes through itself.
 */
import { describe, expect, it } from 'vitest';
import { failed, OneContract } from '../../harness/runtime/test/index.js';

const MOCK = 'pool.test.near';
const decoder = new TextDecoder();
const newMock = () => new OneContract(MOCK, 'mocks/build/mock.wasm');
const setBehaviour = (mock: OneContract, method: string, behaviour: unknown) => {
  const result = mock.call('mock_set_behaviour', { args: { method, behaviour } });
  expect(result.errorText).toBeUndefined();
};

/** The hop a delayed answer schedules: a call to ourselves, returned as our result. */
function hopOf(result: ReturnType<OneContract['call']>) {
  expect(result.returnData.kind).toBe('ReceiptIndex');
  const index = result.returnData.kind === 'ReceiptIndex' ? result.returnData.receipt : -1;
  const receipt = result.newReceipts[index]!;
  const action = receipt.actions[0];
  if (action?.type !== 'FunctionCall') throw new Error('hop is not a function call');
  return { receiver: receipt.receiverId, method: action.methodName, args: JSON.parse(decoder.decode(action.args)) as Record<string, unknown>, raw: action.args };
}

describe('mock external contract', () => {
  it('answers null by default and records the call (method, args, deposit, predecessor, signer, block)', () => {
    const mock = newMock();
    const result = mock.call('deposit_and_stake', { args: { x: 1 }, deposit: 5n, predecessor: 'vault.test.near', signer: 'alice.test.near' });
    expect(result.text).toBe('null');
    expect(mock.view('mock_calls')).toEqual([
      { index: 0, method: 'deposit_and_stake', args: '{"x":1}', deposit: '5', predecessor: 'vault.test.near', signer: 'alice.test.near', block_height: '10' },
    ]);
    expect(mock.view('mock_calls', { method: 'withdraw' })).toEqual([]);
  });

  it('keeps the deposit of a call it answers successfully', () => {
    const mock = newMock();
    const before = mock.balance;
    mock.call('buy', { deposit: 7n });
    expect(mock.balance).toBe(before + 7n);
  });

  it('returns the configured JSON value; "*" covers methods without their own behaviour', () => {
    const mock = newMock();
    setBehaviour(mock, '*', { kind: 'return', value: { everyone: true } });
    setBehaviour(mock, 'get_price', { kind: 'return', value: '42' });
    expect(mock.call('get_price').json()).toBe('42');
    expect(mock.call('swap').json()).toEqual({ everyone: true });
    expect(mock.view('mock_behaviours')).toEqual([
      { method: '*', behaviour: { kind: 'return', value: { everyone: true } } },
      { method: 'get_price', behaviour: { kind: 'return', value: '42' } },
    ]);
  });

  it('answers a signer\'s transactions with the behaviour set for that signer, ahead of the method\'s own', () => {
    const mock = newMock();
    setBehaviour(mock, 'deposit', { kind: 'return', value: 'everyone' });
    const scoped = mock.call('mock_set_behaviour', { args: { method: 'deposit', signer: 'alice.test.near', behaviour: { kind: 'fail', message: 'not alice' } } });
    expect(scoped.errorText).toBeUndefined();
    expect(mock.call('deposit', { predecessor: 'vault.test.near', signer: 'alice.test.near' }).errorText).toBe('Smart contract panicked: not alice');
    expect(mock.call('deposit', { predecessor: 'vault.test.near', signer: 'bob.test.near' }).json()).toBe('everyone');
    expect(mock.call('mock_set_behaviour', { args: { method: 'deposit', signer: 7, behaviour: { kind: 'return', value: 1 } } }).errorText).toContain(
      'Smart contract panicked: mock_set_behaviour: "signer" must be an account id',
    );
    mock.call('mock_clear_behaviour', { args: { method: 'deposit', signer: 'alice.test.near' } });
    expect(mock.call('deposit', { predecessor: 'vault.test.near', signer: 'alice.test.near' }).json()).toBe('everyone');
  });

  it('fails with exactly "Smart contract panicked: <message>"; the call survives only in its log', () => {
    const mock = newMock();
    setBehaviour(mock, 'deposit_and_stake', { kind: 'fail', message: 'pool is paused' });
    const result = mock.call('deposit_and_stake', { deposit: 10n });
    expect(result.errorText).toBe('Smart contract panicked: pool is paused');
    expect(result.logs[0]).toMatch(/^MOCK_CALL \{"method":"deposit_and_stake"/);
    expect(mock.view('mock_calls')).toEqual([]);
  });

  it('returns bytes that are not JSON for "malformed"', () => {
    const mock = newMock();
    setBehaviour(mock, 'get_quote', { kind: 'malformed' });
    const text = mock.call('get_quote').text!;
    expect(() => JSON.parse(text)).toThrow();
  });

  it('takes a per-call override from the __mock argument, before the method behaviour', () => {
    const mock = newMock();
    setBehaviour(mock, 'swap', { kind: 'return', value: 1 });
    expect(mock.call('swap', { args: { __mock: { kind: 'fail', message: 'just this once' } } }).errorText).toBe(
      'Smart contract panicked: just this once',
    );
    expect(mock.call('swap').json()).toBe(1);
  });

  it('traps at once (a wasm trap, not a panic) when a call asks for it in __mock', () => {
    const result = newMock().call('swap', { args: { __mock: { kind: 'trap' } } });
    expect(result.error).toEqual({ type: 'WasmTrap', trap: 'Unreachable' });
    expect(result.errorText).toBe('WebAssembly trap: An `unreachable` opcode was executed.');
  });

  it('answers a configured trap through one hop to itself that traps while loading', () => {
    const mock = newMock();
    setBehaviour(mock, 'claim', { kind: 'trap' });
    const hop = hopOf(mock.call('claim', { predecessor: 'vault.test.near' }));
    expect(hop).toMatchObject({ receiver: MOCK, method: 'mock_continue', args: { remaining: 0, __mock_trap_now: true } });
    const answer = mock.call('mock_continue', { rawArgs: hop.raw, predecessor: MOCK });
    expect(answer.errorText).toBe('WebAssembly trap: An `unreachable` opcode was executed.');
  });

  it('delays its answer by n blocks: n hops through itself, then the answer', () => {
    const mock = newMock();
    setBehaviour(mock, 'withdraw', { kind: 'delay', blocks: 2, then: { kind: 'return', value: 'late' } });
    const first = hopOf(mock.call('withdraw', { predecessor: 'vault.test.near' }));
    expect(first.args).toMatchObject({ remaining: 1, then: { kind: 'return', value: 'late' } });
    const second = hopOf(mock.call('mock_continue', { rawArgs: first.raw, predecessor: MOCK }));
    expect(second.args).toMatchObject({ remaining: 0 });
    expect(mock.call('mock_continue', { rawArgs: second.raw, predecessor: MOCK }).json()).toBe('late');
  });

  it('sends the deposit back itself before a delayed failure (NEAR would refund the mock, not the caller)', () => {
    const mock = newMock();
    setBehaviour(mock, 'deposit_and_stake', { kind: 'delay', blocks: 1, then: { kind: 'fail', message: 'late no' } });
    const result = mock.call('deposit_and_stake', { predecessor: 'vault.test.near', deposit: 9n });
    const refund = result.newReceipts.find((r) => r.actions[0]?.type === 'Transfer');
    expect(refund).toMatchObject({ receiverId: 'vault.test.near', actions: [{ type: 'Transfer', deposit: 9n }] });
    const hop = hopOf(result);
    expect(hop.args).toMatchObject({ deposit: '0', remaining: 0 });
    expect(mock.call('mock_continue', { rawArgs: hop.raw, predecessor: MOCK }).errorText).toBe('Smart contract panicked: late no');
  });

  it('lets only itself continue a hop', () => {
    const result = newMock().call('mock_continue', { args: { remaining: 0, then: { kind: 'return' } }, predecessor: 'eve.test.near' });
    expect(result.errorText).toMatch(/^Smart contract panicked: mock_continue is private/);
  });

  it('rejects an invalid behaviour with a message that says what is wrong', () => {
    const result = newMock().call('mock_set_behaviour', { args: { method: 'swap', behaviour: { kind: 'explode' } } });
    expect(result.errorText).toMatch(/unknown kind "explode" \(return, fail, trap, delay, exhaust-gas, malformed\)/);
  });

  it('forgets behaviours and calls on mock_reset', () => {
    const mock = newMock();
    setBehaviour(mock, 'swap', { kind: 'return', value: 3 });
    mock.call('swap');
    mock.call('mock_reset');
    expect(mock.view('mock_calls')).toEqual([]);
    expect(mock.call('swap').json()).toBeNull();
  });

  it('relays a call so that the callee sees a contract as predecessor, forwarding the deposit', () => {
    const result = newMock().call('mock_relay', { args: { receiver_id: 'vault.test.near', method: 'stake', args: { pool: 'p.test.near' } }, deposit: 3n });
    expect(result.newReceipts[0]).toMatchObject({ receiverId: 'vault.test.near', actions: [{ type: 'FunctionCall', methodName: 'stake', deposit: 3n }] });
    expect(result.returnData).toEqual({ kind: 'ReceiptIndex', receipt: 0 });
  });

  it('sees a failed result as any callee would (callbacks are the caller side)', () => {
    // The mock is a callee: promise results are irrelevant to it and ignored.
    expect(newMock().call('ping', { promiseResults: [failed] }).text).toBe('null');
  });
});

describe('mock external contract: gas', () => {
  it('burns all its gas for "exhaust-gas": "Exceeded the prepaid gas."', () => {
    const mock = newMock();
    setBehaviour(mock, 'unstake', { kind: 'exhaust-gas' });
    const gas = 20_000_000_000_000n;
    const result = mock.call('unstake', { gas, deposit: 3n });
    expect(result.errorText).toBe('Exceeded the prepaid gas.');
    expect(result.burntGas).toBe(gas);
  });
});
