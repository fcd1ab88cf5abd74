/**
 * The flows near-workspaces users rely on, through near-workspaces 5 itself (its own code,
 * unchanged), against the embedded node on the `custom` network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NearAccount, Worker } from 'near-workspaces';
import { startEmbeddedWorker, type EmbeddedWorker } from '../index.js';

const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
let embedded: EmbeddedWorker;
let worker: Worker;
let root: NearAccount;

beforeAll(async () => {
  embedded = await startEmbeddedWorker();
  worker = embedded.worker;
  root = worker.rootAccount;
});
afterAll(async () => {
  await embedded.stop();
});

describe('near-workspaces flows on the embedded node', () => {
  it('createSubAccount: a new account with the initial balance and its own key', async () => {
    const alice = await root.createSubAccount('alice', { initialBalance: 20n * NEAR });
    expect(alice.accountId).toBe('alice.test.near');
    expect(await alice.exists()).toBe(true);
    expect(BigInt((await alice.balance()).total)).toBe(20n * NEAR);
  });

  it('devDeploy and view: a contract deployed to a fresh dev account answers views', async () => {
    const token = await root.devDeploy('mocks/build/mock-ft.wasm', { method: 'init', args: { owner_id: root.accountId, total_supply: '1000' } });
    expect(await token.view('ft_total_supply', {})).toBe('1000');
    expect(await token.view('ft_balance_of', { account_id: root.accountId })).toBe('1000');
  });

  it('call with deposit and gas: the contract sees both', async () => {
    const mock = await root.devDeploy('mocks/build/mock.wasm');
    const bob = await root.createSubAccount('bob');
    await bob.call(mock, 'buy', { item: 1 }, { attachedDeposit: 3n * NEAR, gas: 50n * TGAS });
    const [call] = await mock.view('mock_calls', {}) as { deposit: string; predecessor: string }[];
    expect(call).toMatchObject({ deposit: (3n * NEAR).toString(), predecessor: bob.accountId });
  });

  it('callRaw with a failure deep in a promise chain: the top level succeeds, the receipt failure is visible', async () => {
    const vault = await root.devDeploy('contract/build/vault.wasm');
    const pool = await root.devDeploy('mocks/build/mock.wasm');
    await root.call(vault, 'init', { token_id: 't.test.near', externals: [pool.accountId] });
    await root.call(pool, 'mock_set_behaviour', { method: 'deposit_and_stake', behaviour: { kind: 'fail', message: 'pool closed' } });
    const result = await root.callRaw(vault, 'stake', { pool: pool.accountId }, { attachedDeposit: NEAR, gas: 200n * TGAS });
    expect(result.succeeded).toBe(true);
    expect(result.receiptFailureMessagesContain('Smart contract panicked: pool closed')).toBe(true);
  });

  it('call throws TransactionError when the top-level status fails', async () => {
    const mock = await root.devDeploy('mocks/build/mock.wasm');
    await expect(root.call(mock, 'swap', { __mock: { kind: 'fail', message: 'nope' } })).rejects.toThrow(/Smart contract panicked: nope/);
  });

  it('viewState and patchState: raw contract storage read and written', async () => {
    const mock = await root.devDeploy('mocks/build/mock.wasm');
    await root.call(mock, 'mock_set_behaviour', { method: 'swap', behaviour: { kind: 'return', value: 1 } });
    const state = await mock.viewState();
    expect(state.getRaw('b:swap').toString()).toBe('{"kind":"return","value":1}');
    await mock.patchState('b:swap', Buffer.from('{"kind":"return","value":2}'));
    expect((await mock.viewState()).getRaw('b:swap').toString()).toBe('{"kind":"return","value":2}');
    expect(await root.call(mock, 'swap', {})).toBe(2);
  });

  it('fastForward: the chain moves forward by the given number of blocks', async () => {
    const before = embedded.node.chain.height;
    await worker.provider.fastForward(50);
    const after = embedded.node.chain.height;
    expect(after - before).toBeGreaterThanOrEqual(50);
  });

  it('balance and availableBalance: storage staking is subtracted from what is available', async () => {
    const carol = await root.devDeploy('mocks/build/mock.wasm');
    const balance = await carol.balance();
    expect(BigInt(balance.stateStaked)).toBeGreaterThan(5n * NEAR);
    expect(BigInt(balance.available)).toBe(BigInt(balance.total) - BigInt(balance.stateStaked));
    expect(BigInt((await carol.availableBalance()).toString())).toBe(BigInt(balance.available));
  });

  it('transfer and delete: NEAR moves, a deleted account is gone and its balance goes to the beneficiary', async () => {
    const dave = await root.createSubAccount('dave', { initialBalance: 10n * NEAR });
    const erin = await root.createSubAccount('erin', { initialBalance: 10n * NEAR });
    await dave.transfer(erin, 2n * NEAR);
    expect(BigInt((await erin.balance()).total)).toBe(12n * NEAR);
    await dave.delete(erin.accountId);
    expect(await dave.exists()).toBe(false);
    // The balance travels as a refund receipt, one block after the deletion (as on nearcore).
    await worker.provider.fastForward(1);
    expect(BigInt((await erin.balance()).total)).toBeGreaterThan(19n * NEAR);
  });

  it('parallel calls from one account: nonce collisions are retried by near-api-js until all succeed', async () => {
    const mock = await root.devDeploy('mocks/build/mock.wasm');
    const frank = await root.createSubAccount('frank');
    await Promise.all(Array.from({ length: 4 }, (_, i) => frank.call(mock, 'ping', { i })));
    expect((await mock.view('mock_calls', {}) as unknown[]).length).toBe(4);
  });
});
