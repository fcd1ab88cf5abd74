/**
 * Each buggy variant is the correct vault with exactly one defect. These tests show the
 * defect at the level of single calls, next to the correct behaviour, so a variant that
 * lost its bug (or a vault that gained one) is noticed. Finding them from generated
 * interleavings is the harness's job.
 */
import { describe, expect, it } from 'vitest';
import { failed, succeeded, TGAS } from '../../harness/runtime/test/index.js';
import { account, callbackArgs, MERCHANT, NEAR, newVault, POOL, POOL_B, receipts, settle, TOKEN } from './vault-harness.js';

const ALICE = 'alice.test.near';
const variant = (name: string) => `contract/buggy/build/${name}.wasm`;
const CORRECT = 'contract/build/vault.wasm';

describe('(a) state not restored', () => {
  const failedTokenWithdrawal = (wasm: string) => {
    const vault = newVault(wasm);
    vault.call('ft_on_transfer', { args: { sender_id: ALICE, amount: '5', msg: '' }, predecessor: TOKEN });
    const result = vault.call('withdraw_tokens', { args: { amount: '5' }, deposit: 1n });
    settle(vault, 'on_withdraw_tokens', callbackArgs(result), [failed]);
    return account(vault, ALICE).tokens;
  };
  it('loses the tokens of a failed withdrawal; the vault gives them back', () => {
    expect(failedTokenWithdrawal(variant('a-state-not-restored'))).toBe('0');
    expect(failedTokenWithdrawal(CORRECT)).toBe('5');
  });
});

describe('(b) deposit not refunded', () => {
  const refundsOfFailedBatch = (wasm: string) => {
    const vault = newVault(wasm);
    const result = vault.call('batch_stake', { args: { pool: POOL }, deposit: 2n * NEAR });
    return receipts(settle(vault, 'on_batch_stake', callbackArgs(result), [failed]));
  };
  it('keeps the deposit of a failed batch; the vault refunds it', () => {
    expect(refundsOfFailedBatch(variant('b-deposit-not-refunded'))).toEqual([]);
    expect(refundsOfFailedBatch(CORRECT)).toMatchObject([{ receiver: ALICE, deposits: [2n * NEAR] }]);
  });
});

describe('(c) refund sent to the wrong account', () => {
  const refundReceiverOfRelayedStake = (wasm: string) => {
    const vault = newVault(wasm);
    // A contract (the relay) stakes on behalf of alice, who signed the transaction.
    const result = vault.call('stake', { args: { pool: POOL }, deposit: NEAR, predecessor: 'relay.test.near', signer: ALICE });
    return receipts(settle(vault, 'on_stake', callbackArgs(result), [failed]))[0]?.receiver;
  };
  it('refunds the signer instead of the predecessor that attached the deposit', () => {
    expect(refundReceiverOfRelayedStake(variant('c-refund-to-signer'))).toBe(ALICE);
    expect(refundReceiverOfRelayedStake(CORRECT)).toBe('relay.test.near');
  });
});

describe('(d) callback not private', () => {
  const directCallToCallback = (wasm: string) =>
    newVault(wasm).call('on_stake', { args: { id: 1, account_id: 'eve.test.near', amount: (50n * NEAR).toString() }, predecessor: 'eve.test.near' });
  it('lets anyone call on_stake, which "refunds" any amount to any account', () => {
    const buggy = directCallToCallback(variant('d-callback-not-private'));
    expect(receipts(buggy)).toMatchObject([{ receiver: 'eve.test.near', deposits: [50n * NEAR] }]);
    expect(directCallToCallback(CORRECT).errorText).toMatch(/Function is private/);
  });
});

describe('(e) value credited before the external call', () => {
  it('credits stake while the pool call is in flight, so it can be moved away in the gap', () => {
    const buggy = newVault(variant('e-credit-before-call'));
    buggy.call('stake', { args: { pool: POOL }, deposit: NEAR });
    expect(account(buggy, ALICE).staked).toBe(NEAR.toString());
    expect(buggy.call('transfer_stake', { args: { receiver_id: 'mallory.test.near', amount: NEAR.toString() } }).errorText).toBeUndefined();

    const vault = newVault(CORRECT);
    vault.call('stake', { args: { pool: POOL }, deposit: NEAR });
    expect(account(vault, ALICE).staked).toBe('0');
    expect(vault.call('transfer_stake', { args: { receiver_id: 'mallory.test.near', amount: NEAR.toString() } }).errorText).toMatch(/not enough stake/);
  });
});

describe('(f) debit done only in the callback', () => {
  const paysAcceptedInTheGap = (wasm: string) => {
    const vault = newVault(wasm);
    vault.call('deposit', { deposit: 10n });
    return [1, 2, 3].filter(() => vault.call('pay', { args: { merchant: MERCHANT, amount: '10' } }).errorText === undefined).length;
  };
  it('accepts every pay made before the first callback; the vault accepts one', () => {
    expect(paysAcceptedInTheGap(variant('f-debit-in-callback'))).toBe(3);
    expect(paysAcceptedInTheGap(CORRECT)).toBe(1);
  });
});

describe('(g) an and-join settled from one leg', () => {
  const secondLegFails = (wasm: string) => {
    const vault = newVault(wasm);
    const result = vault.call('split_stake', { args: { pools: [POOL, POOL_B] }, deposit: 4n });
    const refunds = receipts(settle(vault, 'on_split_stake', callbackArgs(result), [succeeded(), failed]));
    return { staked: account(vault, ALICE).staked, refunds: refunds.map((r) => r.deposits[0]) };
  };
  it('credits the failed leg as stake and refunds nothing; the vault refunds that leg', () => {
    expect(secondLegFails(variant('g-join-one-leg'))).toEqual({ staked: '4', refunds: [] });
    expect(secondLegFails(CORRECT)).toEqual({ staked: '2', refunds: [2n] });
  });
});

describe('(h) callback given too little gas', () => {
  const callbackGas = (wasm: string) => receipts(newVault(wasm).call('stake', { args: { pool: POOL }, deposit: NEAR }))[1]!.gas[0];
  it('gives its callbacks 1 Tgas; the vault gives 30 Tgas', () => {
    expect(callbackGas(variant('h-callback-starved'))).toBe(1n * TGAS);
    expect(callbackGas(CORRECT)).toBe(30n * TGAS);
  });
});

describe('(i) lock never cleared', () => {
  const lockAfterFailedStake = (wasm: string) => {
    const vault = newVault(wasm);
    const result = vault.call('stake', { args: { pool: POOL }, deposit: NEAR });
    settle(vault, 'on_stake', callbackArgs(result), [failed]);
    return account(vault, ALICE).in_flight;
  };
  it('leaves the account locked after a failed stake; the vault unlocks it', () => {
    expect(lockAfterFailedStake(variant('i-lock-not-released'))).toMatch(/^stake#/);
    expect(lockAfterFailedStake(CORRECT)).toBeNull();
  });
});

it('every variant is the vault: same methods, and the same answer where its defect is not involved', () => {
  for (const name of ['a-state-not-restored', 'b-deposit-not-refunded', 'c-refund-to-signer', 'd-callback-not-private', 'e-credit-before-call', 'f-debit-in-callback', 'g-join-one-leg', 'h-callback-starved', 'i-lock-not-released']) {
    const vault = newVault(variant(name));
    vault.call('deposit', { deposit: 3n });
    expect(account(vault, ALICE), name).toEqual({ balance: '3', staked: '0', tokens: '0', in_flight: null });
    expect(vault.view('get_config'), name).toEqual({ token_id: TOKEN, externals: [POOL, POOL_B, 'gate.test.near', MERCHANT] });
  }
});
