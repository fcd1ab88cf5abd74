/**
 * The suite's own contracts under the runtime's two debug checks. The memory-reset check:
 * every partial reset is followed by a scan of the whole memory, and a byte left over
 * throws MemoryResetError out of the call (vm/memory-pool.ts). The start-once
 * equivalence check: every call that can start from a recorded start-up also runs from a
 * full start on the same state, and any difference in outcome, logs, gas, receipts or
 * storage writes throws StartOnceMismatchError (vm/start-once.ts). The near-sdk-js vault, router, desk and mock token through
 * the contract tests' helpers, one call at a time (successes, panics, callbacks, running
 * out of gas part-way); the vault with the mock pool and the Rust staker with its pools
 * on the embedded chain.
 */
import wabtInit from 'wabt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callbackArgs, newVault, POOL, settle as settleVault, VAULT } from '../../../contract/test/vault-harness.js';
import { newDesk, newRouter, onTransfer, poolAnswer, returnedBytes, settleForward, settleSwap, startForward, startSwap } from '../../../contract/test/returns-harness.js';
import { Chain, checkMemoryResets, LATEST_PROTOCOL, type Action } from '../index.js';
import { configureStartOnce, resetStartOnce, resumeEntry, type StartOnceOptions } from '../vm/start-once.js';
import { MemoryPool } from '../vm/memory-pool.js';
import { failed, loadWasm, OneContract, succeeded, TGAS, type CallResult } from './index.js';

const NEAR = 10n ** 24n;
const KEY = 'ed25519:5BGSaf6YjVm7565VzWQHNxoyEjwr3jUpRJSGjREvU9dB';
const encoder = new TextEncoder();
const call = (methodName: string, args: object, deposit = 0n): Action => ({ type: 'FunctionCall', methodName, args: encoder.encode(JSON.stringify(args)), gas: 300n * TGAS, deposit });

const give = vi.spyOn(MemoryPool.prototype, 'give');
/** Partial resets the check scanned since the last look. */
function partialResets(): number {
  const count = give.mock.calls.filter((c) => c[1] !== undefined).length;
  give.mockClear();
  return count;
}

let startOnce: StartOnceOptions;
beforeAll(() => {
  checkMemoryResets(true);
  startOnce = configureStartOnce({ mode: 'check' });
  resetStartOnce();
});
afterAll(() => {
  checkMemoryResets(false);
  configureStartOnce(startOnce);
  resetStartOnce();
  give.mockRestore();
});

/** A near-sdk-js method starts from the recorded QuickJS start-up (and was compared with a full start). */
const startsOnce = (contract: OneContract, method: string) => expect(resumeEntry(contract.contract, method, LATEST_PROTOCOL)?.startupGas).toBeGreaterThan(10n ** 12n);

const ok = (result: CallResult) => expect(result.errorText).toBeUndefined();

describe('near-sdk-js contracts, one call at a time, with every reset checked', () => {
  it('the vault: deposits, withdrawals, stakes settled both ways, a panic, a call out of gas', () => {
    const vault = newVault();
    expect(vault.contract.memoryWrites?.codeWrites).toBe(true);
    ['deposit', 'withdraw', 'stake', 'on_stake', 'get_account'].forEach((method) => startsOnce(vault, method));
    for (let i = 0; i < 30; i++) ok(vault.call('deposit', { deposit: NEAR, predecessor: `user${i}.test.near` }));
    ok(vault.call('withdraw', { args: { amount: NEAR.toString() }, predecessor: 'user3.test.near' }));
    expect(vault.call('withdraw', { args: { amount: (5n * NEAR).toString() } }).errorText).toMatch(/not enough balance/);
    const accepted = callbackArgs(vault.call('stake', { args: { pool: POOL }, deposit: NEAR, predecessor: 'user1.test.near' }));
    ok(settleVault(vault, 'on_stake', accepted, [succeeded(true)]));
    const refused = callbackArgs(vault.call('stake', { args: { pool: POOL }, deposit: NEAR, predecessor: 'user2.test.near' }));
    ok(settleVault(vault, 'on_stake', refused, [failed]));
    expect(vault.call('deposit', { deposit: NEAR, gas: 3n * TGAS }).errorText).toMatch(/Exceeded the prepaid gas/);
    expect(vault.view('get_account', { account_id: 'user5.test.near' })).toMatchObject({ balance: NEAR.toString() });
    expect(partialResets()).toBeGreaterThan(35);
  });

  it('the router: swaps settled with a good answer and with garbage', () => {
    const router = newRouter();
    expect(router.contract.memoryWrites?.codeWrites).toBe(true);
    startsOnce(router, 'on_swap');
    const first = startSwap(router, 100n);
    expect(settleSwap(router, first, poolAnswer(60n, 30n)).outcome).toMatchObject({ amount_out: '30' });
    const second = startSwap(router, 50n);
    ok(router.call('on_swap', { args: { id: second }, predecessor: router.accountId, promiseResults: [returnedBytes('<html>')] }));
    expect(router.call('swap', { args: { pool: 'nowhere.test.near', min_out: '0' }, deposit: 5n }).errorText).toMatch(/panicked/);
    expect(partialResets()).toBeGreaterThanOrEqual(5);
  });

  it('the desk: transfers in, forwards settled, one refused', () => {
    const desk = newDesk();
    expect(desk.contract.memoryWrites?.codeWrites).toBe(true);
    startsOnce(desk, 'ft_on_transfer');
    ok(onTransfer(desk, 500n));
    const id = startForward(desk, 200n);
    expect(settleForward(desk, id, succeeded('200')).used).toBe('200');
    const refused = startForward(desk, 100n);
    settleForward(desk, refused, failed);
    expect(onTransfer(desk, 5000n).text).toBeDefined();
    expect(partialResets()).toBeGreaterThanOrEqual(6);
  });

  it('the mock token: registration, transfers, an unregistered receiver', () => {
    const token = new OneContract('token.test.near', 'mocks/build/mock-ft.wasm');
    expect(token.contract.memoryWrites?.codeWrites).toBe(true);
    startsOnce(token, 'ft_transfer');
    ok(token.call('init', { args: { owner_id: 'owner.test.near', total_supply: '1000' } }));
    ok(token.call('storage_deposit', { args: { account_id: 'bob.test.near' }, deposit: 1_250_000_000_000_000_000_000n, predecessor: 'bob.test.near' }));
    ok(token.call('ft_transfer', { args: { receiver_id: 'bob.test.near', amount: '10' }, deposit: 1n, predecessor: 'owner.test.near' }));
    expect(token.call('ft_transfer', { args: { receiver_id: 'eve.test.near', amount: '1' }, deposit: 1n, predecessor: 'owner.test.near' }).errorText).toMatch(/not registered/);
    expect(token.view('ft_balance_of', { account_id: 'bob.test.near' })).toBe('10');
    expect(partialResets()).toBeGreaterThanOrEqual(5);
  });
});

describe('contracts on the embedded chain, with every reset checked', () => {
  it('the vault staking at the mock pool, accepted and refused', () => {
    const chain = new Chain();
    chain.addAccount(VAULT, { balance: 100n * NEAR, code: loadWasm('contract/build/vault.wasm'), publicKeys: [KEY] });
    chain.addAccount(POOL, { balance: 100n * NEAR, code: loadWasm('mocks/build/mock.wasm') });
    chain.submitTransaction({ signerId: VAULT, receiverId: VAULT, actions: [call('init', { token_id: 'token.test.near', externals: [POOL] })] });
    chain.runUntilQuiescent();
    for (let i = 0; i < 10; i++) {
      const user = `user${i}.test.near`;
      chain.addAccount(user, { balance: 100n * NEAR, publicKeys: [KEY] });
      if (i === 5) {
        chain.submitTransaction({ signerId: 'test.near', receiverId: POOL, actions: [call('mock_set_behaviour', { method: 'deposit_and_stake', behaviour: { kind: 'fail', message: 'paused' } })] });
      }
      chain.submitTransaction({ signerId: user, receiverId: VAULT, actions: [call('stake', { pool: POOL }, NEAR)] });
      chain.runUntilQuiescent();
    }
    const calls = chain.outcomes().filter((o) => o.kind === 'receipt' && (o.executorId === VAULT || o.executorId === POOL));
    expect(calls.length).toBeGreaterThanOrEqual(30);
    expect(partialResets()).toBeGreaterThanOrEqual(30);
  });

  it('the Rust staker with a pool that accepts and one that traps', async () => {
    const wabt = await wabtInit();
    const pool = (body: string) => {
      const module = wabt.parseWat('pool.wat', `(module (func (export "deposit_and_stake") ${body}))`);
      try {
        return new Uint8Array(module.toBinary({ log: false }).buffer);
      } finally {
        module.destroy();
      }
    };
    const chain = new Chain();
    const code = loadWasm('contract/build/rust-staker.wasm');
    // Its methods call the host within a few instructions: nothing worth recording.
    expect(resumeEntry(new OneContract('staker.test.near', 'contract/build/rust-staker.wasm').contract, 'stake', LATEST_PROTOCOL)).toBeUndefined();
    chain.addAccount('staker.test.near', { balance: 20n * NEAR, code });
    chain.addAccount('pool.test.near', { balance: 10n * NEAR, code: pool('') });
    chain.addAccount('broken.test.near', { balance: 10n * NEAR, code: pool('unreachable') });
    chain.addAccount('alice.test.near', { balance: 100n * NEAR, publicKeys: [KEY] });
    for (const target of ['pool.test.near', 'broken.test.near', 'pool.test.near']) {
      chain.submitTransaction({ signerId: 'alice.test.near', receiverId: 'staker.test.near', actions: [call('stake', { pool: target }, NEAR)] });
      chain.runUntilQuiescent();
    }
    expect(chain.viewJson<string>('staker.test.near', 'get_stake', { account_id: 'alice.test.near' })).toBe((2n * NEAR).toString());
    expect(partialResets()).toBeGreaterThanOrEqual(9);
  });
});
