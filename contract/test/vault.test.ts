/**
 * The example vault, one call at a time: the receipts each flow creates (the NEAR
 * cross-contract patterns) and how each callback settles success and failure.
 * End-to-end runs with real receipts and blocks belong to the runtime and harness suites.
 */
import { describe, expect, it } from 'vitest';
import { failed, succeeded, TGAS } from '../../harness/runtime/test/index.js';
import { account, callbackArgs, GATE, MERCHANT, NEAR, newVault, POOL, POOL_B, receipts, settle, TOKEN, VAULT } from './vault-harness.js';

const ALICE = 'alice.test.near';

describe('vault: deposit and withdraw', () => {
  it('credits attached NEAR to the caller', () => {
    const vault = newVault();
    vault.call('deposit', { deposit: 5n * NEAR });
    expect(account(vault, ALICE)).toMatchObject({ balance: (5n * NEAR).toString() });
    expect(vault.view('get_totals')).toMatchObject({ balances: (5n * NEAR).toString() });
  });

  it('withdraw debits first, transfers, and restores the balance if the transfer failed', () => {
    const vault = newVault();
    vault.call('deposit', { deposit: 5n * NEAR });
    const result = vault.call('withdraw', { args: { amount: (2n * NEAR).toString() } });
    expect(receipts(result)).toMatchObject([
      { receiver: ALICE, actions: ['transfer'], deposits: [2n * NEAR] },
      { receiver: VAULT, actions: ['on_withdraw'], gas: [30n * TGAS], inputReceipts: [0] },
    ]);
    expect(account(vault, ALICE).balance).toBe((3n * NEAR).toString());
    settle(vault, 'on_withdraw', callbackArgs(result), [failed]);
    expect(account(vault, ALICE).balance).toBe((5n * NEAR).toString());
  });

  it('refuses to withdraw more than the balance', () => {
    const vault = newVault();
    expect(vault.call('withdraw', { args: { amount: '1' } }).errorText).toMatch(/not enough balance/);
  });
});

describe('vault: stake (call with attached deposit + private callback)', () => {
  it('forwards the deposit to the pool and locks the account until the callback', () => {
    const vault = newVault();
    const result = vault.call('stake', { args: { pool: POOL }, deposit: NEAR });
    expect(receipts(result)).toMatchObject([
      { receiver: POOL, actions: ['deposit_and_stake'], deposits: [NEAR] },
      { receiver: VAULT, actions: ['on_stake'], inputReceipts: [0], args: [{ account_id: ALICE, amount: NEAR.toString() }] },
    ]);
    expect(account(vault, ALICE).in_flight).toMatch(/^stake#/);
    expect(vault.call('stake', { args: { pool: POOL }, deposit: NEAR }).errorText).toMatch(/already has a stake#\d+ in flight/);
  });

  it('credits the stake on success', () => {
    const vault = newVault();
    const op = callbackArgs(vault.call('stake', { args: { pool: POOL }, deposit: NEAR }));
    settle(vault, 'on_stake', op, [succeeded()]);
    expect(account(vault, ALICE)).toEqual({ balance: '0', staked: NEAR.toString(), tokens: '0', in_flight: null });
  });

  it('refunds the deposit to the original caller and unlocks on failure', () => {
    const vault = newVault();
    const op = callbackArgs(vault.call('stake', { args: { pool: POOL }, deposit: NEAR }));
    const result = settle(vault, 'on_stake', op, [failed]);
    expect(receipts(result)).toMatchObject([{ receiver: ALICE, actions: ['transfer'], deposits: [NEAR] }]);
    expect(account(vault, ALICE)).toEqual({ balance: '0', staked: '0', tokens: '0', in_flight: null });
  });

  it('keeps callbacks private: another account calling on_stake fails', () => {
    const vault = newVault();
    const result = vault.call('on_stake', { args: { id: 1, account_id: 'eve.test.near', amount: NEAR.toString() }, predecessor: 'eve.test.near' });
    expect(result.errorText).toMatch(/^Smart contract panicked: Function is private/);
  });

  it('only talks to the external contracts it was configured with', () => {
    expect(newVault().call('stake', { args: { pool: 'evil.test.near' }, deposit: NEAR }).errorText).toMatch(/unknown external contract evil\.test\.near/);
  });
});

describe('vault: batch_stake (two calls in one atomic batch)', () => {
  it('sends storage_deposit and deposit_and_stake in one receipt; the callback sees the last result', () => {
    const vault = newVault();
    const result = vault.call('batch_stake', { args: { pool: POOL }, deposit: 2n * NEAR });
    const fee = 1_250_000_000_000_000_000_000n;
    expect(receipts(result)).toMatchObject([
      { receiver: POOL, actions: ['storage_deposit', 'deposit_and_stake'], deposits: [fee, 2n * NEAR - fee] },
      { receiver: VAULT, actions: ['on_batch_stake'], inputReceipts: [0] },
    ]);
    const refund = settle(vault, 'on_batch_stake', callbackArgs(result), [failed]);
    expect(receipts(refund)).toMatchObject([{ receiver: ALICE, deposits: [2n * NEAR] }]);
    expect(account(vault, ALICE).in_flight).toBeNull();
  });
});

describe('vault: split_stake (parallel calls joined with and)', () => {
  it('settles each leg on its own: the succeeded half is staked, the failed half refunded', () => {
    const vault = newVault();
    const result = vault.call('split_stake', { args: { pools: [POOL, POOL_B] }, deposit: 3n });
    expect(receipts(result)).toMatchObject([
      { receiver: POOL, deposits: [1n] },
      { receiver: POOL_B, deposits: [2n] },
      { receiver: VAULT, actions: ['on_split_stake'], inputReceipts: [0, 1] },
    ]);
    const settled = settle(vault, 'on_split_stake', callbackArgs(result), [succeeded(), failed]);
    expect(receipts(settled)).toMatchObject([{ receiver: ALICE, deposits: [2n] }]);
    expect(account(vault, ALICE)).toMatchObject({ staked: '1', in_flight: null });
  });
});

describe('vault: relay_stake (a chain gate.then(on_relay_gate).then(on_relay_done))', () => {
  it('chains the gate check, the forwarding callback and the final callback', () => {
    const vault = newVault();
    const result = vault.call('relay_stake', { args: { gate: GATE, pool: POOL }, deposit: 4n });
    expect(receipts(result)).toMatchObject([
      { receiver: GATE, actions: ['check'], deposits: [0n] },
      { receiver: VAULT, actions: ['on_relay_gate'], inputReceipts: [0] },
      { receiver: VAULT, actions: ['on_relay_done'], inputReceipts: [1] },
    ]);
  });

  it('forwards the stake when the gate approves, returning the pool call as its own result', () => {
    const vault = newVault();
    const chain = receipts(vault.call('relay_stake', { args: { gate: GATE, pool: POOL }, deposit: 4n }));
    const forwarded = settle(vault, 'on_relay_gate', chain[1]!.args[0], [succeeded(true)]);
    expect(forwarded.returnData).toEqual({ kind: 'ReceiptIndex', receipt: 0 });
    expect(receipts(forwarded)).toMatchObject([{ receiver: POOL, actions: ['deposit_and_stake'], deposits: [4n] }]);
    settle(vault, 'on_relay_done', chain[2]!.args[0], [succeeded()]);
    expect(account(vault, ALICE)).toMatchObject({ staked: '4', in_flight: null });
  });

  it('refunds at once when the gate refuses, and the final callback then has nothing to do', () => {
    const vault = newVault();
    const chain = receipts(vault.call('relay_stake', { args: { gate: GATE, pool: POOL }, deposit: 4n }));
    const refused = settle(vault, 'on_relay_gate', chain[1]!.args[0], [failed]);
    expect(receipts(refused)).toMatchObject([{ receiver: ALICE, deposits: [4n] }]);
    expect(refused.text).toBe('false');
    expect(receipts(settle(vault, 'on_relay_done', chain[2]!.args[0], [succeeded(false)]))).toEqual([]);
    expect(account(vault, ALICE)).toMatchObject({ staked: '0', in_flight: null });
  });
});

describe('vault: pay (from the balance to a merchant)', () => {
  it('debits before the call and restores on failure', () => {
    const vault = newVault();
    vault.call('deposit', { deposit: 10n });
    const result = vault.call('pay', { args: { merchant: MERCHANT, amount: '7' } });
    expect(receipts(result)[0]).toMatchObject({ receiver: MERCHANT, actions: ['buy'], deposits: [7n] });
    expect(account(vault, ALICE).balance).toBe('3');
    expect(vault.call('pay', { args: { merchant: MERCHANT, amount: '7' } }).errorText).toMatch(/not enough balance/);
    settle(vault, 'on_pay', callbackArgs(result), [failed]);
    expect(account(vault, ALICE).balance).toBe('10');
  });
});

describe('vault: tokens (NEP-141)', () => {
  it('accepts tokens only from its token contract', () => {
    const vault = newVault();
    expect(vault.call('ft_on_transfer', { args: { sender_id: ALICE, amount: '5', msg: '' }, predecessor: 'fake.test.near' }).errorText).toMatch(
      /only token\.test\.near tokens are accepted/,
    );
    expect(vault.call('ft_on_transfer', { args: { sender_id: ALICE, amount: '5', msg: '' }, predecessor: TOKEN }).json()).toBe('0');
    expect(account(vault, ALICE).tokens).toBe('5');
  });

  it('withdraw_tokens needs 1 yocto, calls ft_transfer, and restores tokens and the yocto on failure', () => {
    const vault = newVault();
    vault.call('ft_on_transfer', { args: { sender_id: ALICE, amount: '5', msg: '' }, predecessor: TOKEN });
    expect(vault.call('withdraw_tokens', { args: { amount: '5' } }).errorText).toMatch(/exactly 1 yoctoNEAR/);
    const result = vault.call('withdraw_tokens', { args: { amount: '5' }, deposit: 1n });
    expect(receipts(result)[0]).toMatchObject({ receiver: TOKEN, actions: ['ft_transfer'], deposits: [1n], args: [{ receiver_id: ALICE, amount: '5' }] });
    expect(account(vault, ALICE).tokens).toBe('0');
    const restored = settle(vault, 'on_withdraw_tokens', callbackArgs(result), [failed]);
    expect(receipts(restored)).toMatchObject([{ receiver: ALICE, deposits: [1n] }]);
    expect(account(vault, ALICE).tokens).toBe('5');
  });
});
