/**
 * Conformance: accounts and transactions (verifier.rs, actions.rs), the scheduling hook,
 * snapshots and determinism.
 */
import { describe, expect, it } from 'vitest';
import { InvalidTransactionError, SchedulingError, publicKeyToBorsh } from '../index.js';
import { ALICE_KEY, BOB_KEY, failureText, functionCall, NEAR, receiptFor, TestChain } from './chain-fixture.js';
import { loadWasm } from './one-contract.js';

const mockWasm = loadWasm('mocks/build/mock.wasm');

function invalid(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidTransactionError) return error.error;
    throw error;
  }
  throw new Error('the transaction was accepted');
}

describe('transactions (InvalidTxError)', () => {
  it('a reused nonce is InvalidNonce{tx_nonce, ak_nonce}', () => {
    const t = new TestChain();
    t.chain.submitTransaction({ signerId: 'alice.test.near', receiverId: 'bob.test.near', actions: [{ type: 'Transfer', deposit: 1n }], nonce: 5n });
    t.chain.runUntilQuiescent();
    expect(invalid(() => t.chain.submitTransaction({ signerId: 'alice.test.near', receiverId: 'bob.test.near', actions: [{ type: 'Transfer', deposit: 2n }], nonce: 5n }))).toEqual({
      InvalidNonce: { tx_nonce: 5n, ak_nonce: 5n },
    });
  });

  it('an unknown signer is SignerDoesNotExist; an unknown key is AccessKeyNotFound', () => {
    const t = new TestChain();
    expect(invalid(() => t.chain.submitTransaction({ signerId: 'ghost.test.near', receiverId: 'bob.test.near', actions: [] }))).toEqual({
      SignerDoesNotExist: { signer_id: 'ghost.test.near' },
    });
    expect(invalid(() => t.chain.submitTransaction({ signerId: 'alice.test.near', receiverId: 'bob.test.near', actions: [], publicKey: BOB_KEY }))).toMatchObject({
      InvalidAccessKeyError: { AccessKeyNotFound: { account_id: 'alice.test.near', public_key: BOB_KEY } },
    });
  });

  it('a transaction costing more than the balance is refused: NotEnoughBalance{signer_id, balance, cost}', () => {
    const t = new TestChain();
    expect(invalid(() => t.chain.submitTransaction({ signerId: 'alice.test.near', receiverId: 'bob.test.near', actions: [{ type: 'Transfer', deposit: 1000n * NEAR }] }))).toMatchObject({
      NotEnoughBalance: { signer_id: 'alice.test.near', balance: 100n * NEAR },
    });
  });

  it('one that became unaffordable by the time its block is produced is dropped, like a node drops it', () => {
    const t = new TestChain();
    const first = t.chain.submitTransaction({ signerId: 'alice.test.near', receiverId: 'bob.test.near', actions: [{ type: 'Transfer', deposit: 60n * NEAR }] });
    const second = t.chain.submitTransaction({ signerId: 'alice.test.near', receiverId: 'bob.test.near', actions: [{ type: 'Transfer', deposit: 60n * NEAR }] });
    t.chain.runUntilQuiescent();
    expect(t.chain.transactionResult(first)?.status.type).toBe('SuccessValue');
    expect(t.chain.transactionResult(second)).toBeUndefined();
    expect(t.balance('bob.test.near')).toBe(160n * NEAR);
  });

  it('prepaid gas above max_total_prepaid_gas is ActionsValidation(TotalPrepaidGasExceeded)', () => {
    const t = new TestChain();
    expect(invalid(() => t.chain.submitTransaction({ signerId: 'alice.test.near', receiverId: 'bob.test.near', actions: [functionCall('x', { gas: 2n * 10n ** 15n })] }))).toEqual({
      ActionsValidation: { TotalPrepaidGasExceeded: { total_prepaid_gas: 2n * 10n ** 15n, limit: 10n ** 15n } },
    });
  });
});

describe('account actions', () => {
  it('a parent creates a sub-account with create + transfer + add key + deploy in one batch', () => {
    const t = new TestChain();
    const hash = t.submit('alice.test.near', 'pool.alice.test.near', [
      { type: 'CreateAccount' },
      { type: 'Transfer', deposit: 10n * NEAR },
      { type: 'AddKey', publicKey: publicKeyToBorsh(BOB_KEY), accessKey: { nonce: 0n } },
      { type: 'DeployContract', code: mockWasm },
    ]);
    const result = t.chain.runUntilFinal(hash);
    expect(result.status.type).toBe('SuccessValue');
    const account = t.chain.viewAccount('pool.alice.test.near');
    expect(account.amount).toBe(10n * NEAR);
    expect(account.storageUsage).toBeGreaterThan(BigInt(mockWasm.length));
    // Access keys added by AddKey get nonce (block height - 1) * 10^6.
    expect(t.chain.viewAccessKey('pool.alice.test.near', BOB_KEY).nonce).toBe(BigInt(result.receiptsOutcome[0]!.blockHeight - 1) * 1_000_000n);
  });

  it('only the direct parent may create a sub-account: CreateAccountNotAllowed', () => {
    const t = new TestChain();
    const result = t.chain.runUntilFinal(t.submit('bob.test.near', 'x.alice.test.near', [{ type: 'CreateAccount' }]));
    expect(result.status).toMatchObject({ error: { ActionError: { index: 0, kind: { CreateAccountNotAllowed: { account_id: 'x.alice.test.near', predecessor_id: 'bob.test.near' } } } } });
  });

  it('short top-level accounts are created only by the registrar: CreateAccountOnlyByRegistrar', () => {
    const t = new TestChain();
    const result = t.chain.runUntilFinal(t.submit('alice.test.near', 'short', [{ type: 'CreateAccount' }]));
    expect(result.status).toMatchObject({ error: { ActionError: { kind: { CreateAccountOnlyByRegistrar: { account_id: 'short', registrar_account_id: 'registrar' } } } } });
  });

  it('deploying to another account is ActorNoPermission', () => {
    const t = new TestChain();
    const result = t.chain.runUntilFinal(t.submit('alice.test.near', 'bob.test.near', [{ type: 'DeployContract', code: mockWasm }]));
    expect(result.status).toMatchObject({ error: { ActionError: { kind: { ActorNoPermission: { account_id: 'bob.test.near', actor_id: 'alice.test.near' } } } } });
  });

  it('deleting an account sends its balance to the beneficiary', () => {
    const t = new TestChain();
    t.chain.addAccount('gone.test.near', { balance: 7n * NEAR, publicKeys: [ALICE_KEY] });
    const before = t.balance('bob.test.near');
    t.submit('gone.test.near', 'gone.test.near', [{ type: 'DeleteAccount', beneficiaryId: 'bob.test.near' }]);
    t.chain.runUntilQuiescent();
    expect(t.chain.state.has('gone.test.near')).toBe(false);
    expect(t.balance('bob.test.near') - before).toBeGreaterThan(6n * NEAR);
  });

  it('a transfer alone to a 64-hex implicit id creates that account with its key', () => {
    const t = new TestChain();
    const implicit = Buffer.from(publicKeyToBorsh(BOB_KEY).subarray(1)).toString('hex');
    t.chain.runUntilFinal(t.submit('alice.test.near', implicit, [{ type: 'Transfer', deposit: NEAR }]));
    expect(t.balance(implicit)).toBe(NEAR);
    expect(t.chain.viewAccessKeys(implicit).map((k) => k.publicKey)).toEqual([BOB_KEY]);
  });
});

describe('the scheduling hook', () => {
  function stakeSetup() {
    const t = new TestChain().deploy('vault.test.near', 'contract/build/vault.wasm').deploy('pool.test.near', mockWasm);
    t.callAndSettle('alice.test.near', 'vault.test.near', 'init', { args: { token_id: 't.test.near', externals: ['pool.test.near'] } });
    return t;
  }

  it('by default every receipt runs at the earliest block; a delayed receipt runs k blocks later', () => {
    const t = stakeSetup();
    const hash = t.submit('alice.test.near', 'vault.test.near', [functionCall('stake', { args: { pool: 'pool.test.near' }, deposit: NEAR })]);
    t.chain.advance(2);
    const poolCall = t.chain.pendingReceipts().find((r) => r.methods.includes('deposit_and_stake'))!;
    expect(poolCall.dueHeight).toBe(t.chain.height + 1);
    t.chain.delayReceipt(poolCall.receiptId, 3);
    t.chain.runUntilQuiescent();
    const result = t.chain.transactionResult(hash)!;
    expect(receiptFor(result, 'deposit_and_stake').blockHeight - receiptFor(result, 'stake').blockHeight).toBe(4);
  });

  it('lets a call land in the gap: a second stake submitted while the first is in flight sees the lock', () => {
    const t = stakeSetup();
    t.submit('alice.test.near', 'vault.test.near', [functionCall('stake', { args: { pool: 'pool.test.near' }, deposit: NEAR })]);
    t.chain.advance(2);
    const second = t.submit('alice.test.near', 'vault.test.near', [functionCall('stake', { args: { pool: 'pool.test.near' }, deposit: NEAR })]);
    t.chain.runUntilQuiescent();
    expect(failureText(t.chain.transactionResult(second)!)).toMatch(/already has a stake#\d+ in flight/);
  });

  it('chooses the order within a block among NEAR\'s legal orders, and refuses orders that break FIFO delivery', () => {
    const t = new TestChain().deploy('m1.test.near', mockWasm).deploy('m2.test.near', mockWasm);
    t.submit('alice.test.near', 'm1.test.near', [functionCall('ping')]);
    t.submit('bob.test.near', 'm2.test.near', [functionCall('ping')]);
    t.chain.step();
    t.chain.setOrderPolicy((_height, due) => [...due].reverse().map((r) => r.receiptId));
    t.chain.step();
    const ran = t.chain.head.receipts.map((id) => t.chain.outcome(id)!.executorId);
    expect(ran).toEqual(['m2.test.near', 'm1.test.near']);

    t.submit('alice.test.near', 'm1.test.near', [functionCall('ping')]);
    t.submit('alice.test.near', 'm1.test.near', [functionCall('swap')]);
    t.chain.step();
    expect(() => t.chain.step()).toThrow(SchedulingError);
  });

  it('delaying a receipt also delays later receipts of the same sender and receiver (FIFO)', () => {
    const t = new TestChain().deploy('m1.test.near', mockWasm);
    t.submit('alice.test.near', 'm1.test.near', [functionCall('ping')]);
    t.submit('alice.test.near', 'm1.test.near', [functionCall('swap')]);
    t.chain.step();
    const [first, second] = t.chain.pendingReceipts();
    t.chain.delayReceipt(first!.receiptId, 2);
    expect(t.chain.pendingReceipts().map((r) => [r.methods[0], r.dueHeight])).toEqual([
      ['ping', second!.dueHeight + 2],
      ['swap', second!.dueHeight + 2],
    ]);
  });

  it('lists postponed callbacks waiting for their data and in-flight transactions', () => {
    const t = stakeSetup();
    const hash = t.submit('alice.test.near', 'vault.test.near', [functionCall('stake', { args: { pool: 'pool.test.near' }, deposit: NEAR })]);
    expect(t.chain.inFlightTransactions()).toEqual([hash]);
    t.chain.advance(3);
    expect(t.chain.postponedReceipts().map((r) => (r.actions[0] as { methodName: string }).methodName)).toEqual(['on_stake']);
    t.chain.runUntilQuiescent();
    expect(t.chain.postponedReceipts()).toEqual([]);
    expect(t.chain.inFlightTransactions()).toEqual([]);
  });
});

describe('snapshots and determinism', () => {
  function scenario(t: TestChain) {
    t.callAndSettle('alice.test.near', 'vault.test.near', 'init', { args: { token_id: 't.test.near', externals: ['pool.test.near'] } });
    t.callAndSettle('alice.test.near', 'vault.test.near', 'deposit', { deposit: 3n * NEAR });
    t.callAndSettle('bob.test.near', 'vault.test.near', 'stake', { args: { pool: 'pool.test.near' }, deposit: NEAR });
  }
  const fresh = () => new TestChain().deploy('vault.test.near', 'contract/build/vault.wasm').deploy('pool.test.near', mockWasm);

  it('the same inputs give the same outcomes, logs, balances and block hashes, byte for byte', () => {
    const a = fresh();
    const b = fresh();
    scenario(a);
    scenario(b);
    const digest = (t: TestChain) =>
      JSON.stringify(
        { blocks: Array.from({ length: t.chain.height + 1 }, (_, h) => t.chain.block(h)!.hash), outcomes: t.chain.outcomes(), accounts: t.chain.state.accountIds().map((id) => t.chain.viewAccount(id)) },
        (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v),
      );
    expect(digest(a)).toBe(digest(b));
  });

  it('restoring a snapshot brings back the whole chain: state, blocks, pending receipts', () => {
    const t = fresh();
    t.callAndSettle('alice.test.near', 'vault.test.near', 'init', { args: { token_id: 't.test.near', externals: ['pool.test.near'] } });
    const snapshot = t.chain.snapshot();
    const height = t.chain.height;
    const state = JSON.stringify(t.chain.viewState('vault.test.near'));
    scenario2(t);
    expect(t.chain.height).toBeGreaterThan(height);
    t.chain.restore(snapshot);
    expect(t.chain.height).toBe(height);
    expect(JSON.stringify(t.chain.viewState('vault.test.near'))).toBe(state);
    expect(t.balance('alice.test.near')).toBe(t.chain.viewAccount('alice.test.near').amount);
    // And the chain continues from there exactly as it did the first time.
    const again = fresh();
    again.callAndSettle('alice.test.near', 'vault.test.near', 'init', { args: { token_id: 't.test.near', externals: ['pool.test.near'] } });
    scenario2(t);
    scenario2(again);
    expect(t.chain.head.hash).toBe(again.chain.head.hash);
  });

  function scenario2(t: TestChain) {
    t.callAndSettle('alice.test.near', 'vault.test.near', 'deposit', { deposit: 2n * NEAR });
    t.submit('alice.test.near', 'vault.test.near', [functionCall('stake', { args: { pool: 'pool.test.near' }, deposit: NEAR })]);
    t.chain.advance(2);
  }
});
