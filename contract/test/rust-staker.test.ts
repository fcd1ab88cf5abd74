/**
 * The Rust staker (contract/rust/staker.rs) on the embedded chain, with a pool that accepts
 * and one that traps: a refused stake is taken back off the books and its deposit goes back
 * to the user who attached it; variant r takes the stake back but keeps the deposit. Also
 * its callback's privacy and its argument errors, one call at a time.
 */
import wabtInit from 'wabt';
import { beforeEach, describe, expect, it } from 'vitest';
import { Chain, type ExecutionOutcome, type FinalExecutionOutcome, type FinalExecutionStatus } from '../../harness/runtime/index.js';
import { loadWasm, OneContract } from '../../harness/runtime/test/index.js';

const STAKER = 'staker.test.near';
const POOL = 'pool.test.near';
const BROKEN_POOL = 'broken-pool.test.near';
const ALICE = 'alice.test.near';
const BOB = 'bob.test.near';
const ALICE_KEY = 'ed25519:5BGSaf6YjVm7565VzWQHNxoyEjwr3jUpRJSGjREvU9dB';
const BOB_KEY = 'ed25519:H9k5eiU4xXS3M4z8HzKJSLaZdqGdGwBG49o7orNC4eZW';
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const STAKER_WASM = 'contract/build/rust-staker.wasm';
const REFUND_KEPT_WASM = 'contract/buggy/build/r-staker-refund-kept.wasm';

const wabt = await wabtInit();
/** A pool contract in WebAssembly text: deposit_and_stake either returns (keeping the deposit) or traps. */
function pool(body: string): Uint8Array {
  const module = wabt.parseWat('pool.wat', `(module (func (export "deposit_and_stake") ${body}))`);
  try {
    module.validate();
    return new Uint8Array(module.toBinary({ log: false }).buffer);
  } finally {
    module.destroy();
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function newChain(stakerWasm: string): Chain {
  const chain = new Chain();
  chain.addAccount(STAKER, { balance: 20n * NEAR, code: loadWasm(stakerWasm) });
  chain.addAccount(POOL, { balance: 10n * NEAR, code: pool('') });
  chain.addAccount(BROKEN_POOL, { balance: 10n * NEAR, code: pool('unreachable') });
  chain.addAccount(ALICE, { balance: 100n * NEAR, publicKeys: [ALICE_KEY] });
  chain.addAccount(BOB, { balance: 100n * NEAR, publicKeys: [BOB_KEY] });
  return chain;
}

function submitStake(chain: Chain, user: string, poolId: string, deposit: bigint): string {
  return chain.submitTransaction({
    signerId: user,
    receiverId: STAKER,
    actions: [{ type: 'FunctionCall', methodName: 'stake', args: encoder.encode(JSON.stringify({ pool: poolId })), gas: 300n * TGAS, deposit }],
  });
}

/** Stakes and runs every receipt, refunds included. */
function stake(chain: Chain, user: string, poolId: string, deposit: bigint): FinalExecutionOutcome {
  const hash = submitStake(chain, user, poolId, deposit);
  chain.runUntilQuiescent();
  return chain.transactionResult(hash)!;
}

const returned = (status: FinalExecutionStatus) => (status.type === 'SuccessValue' ? decoder.decode(status.value) : `not a success: ${JSON.stringify(status.type)}`);
const stakeOf = (chain: Chain, account: string) => BigInt(chain.viewJson<string>(STAKER, 'get_stake', { account_id: account }));
const totalStaked = (chain: Chain) => BigInt(chain.viewJson<string>(STAKER, 'get_total_staked'));
const storageKeys = (chain: Chain) => [...(chain.state.get(STAKER)?.storage.keys() ?? [])].sort();

/** NEAR transfers the contract sent the user (not NEAR's own refunds, which come from `system`). */
const transfersTo = (result: FinalExecutionOutcome, receiver: string) =>
  result.receiptsOutcome
    .filter((o) => o.receipt?.receiverId === receiver && o.receipt.predecessorId === STAKER)
    .flatMap((o) => o.receipt!.actions.flatMap((a) => (a.type === 'Transfer' ? [a.deposit] : [])));

/** What the staker earned in burnt-gas rewards from these outcomes: its balance changes by that and by what moves. */
const rewards = (outcomes: ExecutionOutcome[]) => outcomes.filter((o) => o.executorId === STAKER).reduce((sum, o) => sum + o.contractReward, 0n);

describe('the Rust staker on the embedded chain', () => {
  let chain: Chain;
  beforeEach(() => {
    chain = newChain(STAKER_WASM);
  });

  it('records a stake the pool accepts, and the deposit stays at the pool', () => {
    const poolBefore = chain.viewAccount(POOL).amount;
    const result = stake(chain, ALICE, POOL, 2n * NEAR);
    expect(returned(result.status)).toBe('true');
    expect(stakeOf(chain, ALICE)).toBe(2n * NEAR);
    expect(totalStaked(chain)).toBe(2n * NEAR);
    expect(chain.viewAccount(POOL).amount - poolBefore).toBeGreaterThanOrEqual(2n * NEAR);
    expect(transfersTo(result, ALICE)).toEqual([]);
  });

  it('records the stake before the pool answers (visible in the gap), and takes a refused one back and refunds it', () => {
    stake(chain, ALICE, POOL, 2n * NEAR);
    const stakerBefore = chain.viewAccount(STAKER).amount;
    const hash = submitStake(chain, ALICE, BROKEN_POOL, 3n * NEAR);
    // Run until the stake call itself has executed: the pool and the callback are still to come.
    while (!chain.transactionResult(hash)?.receiptsOutcome.some((o) => o.executorId === STAKER)) chain.step();
    expect(stakeOf(chain, ALICE)).toBe(5n * NEAR);

    chain.runUntilQuiescent();
    const result = chain.transactionResult(hash)!;
    const pool = result.receiptsOutcome.find((o) => o.executorId === BROKEN_POOL)!;
    expect(pool.status.type).toBe('Failure');
    expect(returned(result.status)).toBe('false');
    expect(stakeOf(chain, ALICE)).toBe(2n * NEAR);
    expect(totalStaked(chain)).toBe(2n * NEAR);
    // The 3 NEAR that NEAR refunded to the staker went on to alice; the staker kept nothing of it.
    expect(transfersTo(result, ALICE)).toEqual([3n * NEAR]);
    expect(chain.viewAccount(STAKER).amount - stakerBefore).toBe(rewards(result.receiptsOutcome));
    expect(result.receiptsOutcome.flatMap((o) => o.logs)).toContain(`stake of ${3n * NEAR} by ${ALICE} failed at the pool and was taken back`);
  });

  it('leaves no record behind when a first stake is refused', () => {
    stake(chain, ALICE, POOL, NEAR);
    const keys = storageKeys(chain);
    const result = stake(chain, BOB, BROKEN_POOL, NEAR);
    expect(returned(result.status)).toBe('false');
    expect(storageKeys(chain)).toEqual(keys);
    expect(stakeOf(chain, BOB)).toBe(0n);
    expect(transfersTo(result, BOB)).toEqual([NEAR]);
  });
});

describe('variant r (refund kept)', () => {
  it('takes a refused stake back but keeps its deposit', () => {
    const chain = newChain(REFUND_KEPT_WASM);
    stake(chain, ALICE, POOL, 2n * NEAR);
    const stakerBefore = chain.viewAccount(STAKER).amount;
    const result = stake(chain, ALICE, BROKEN_POOL, 3n * NEAR);
    expect(returned(result.status)).toBe('false');
    expect(stakeOf(chain, ALICE)).toBe(2n * NEAR);
    expect(transfersTo(result, ALICE)).toEqual([]);
    expect(chain.viewAccount(STAKER).amount - stakerBefore).toBe(3n * NEAR + rewards(result.receiptsOutcome));
  });
});

describe.each([STAKER_WASM, REFUND_KEPT_WASM])('%s, one call at a time', (wasm) => {
  const staker = () => new OneContract(STAKER, wasm);
  const callback = { user: ALICE, amount: NEAR.toString() };

  it('refuses on_stake from any account but itself', () => {
    const result = staker().call('on_stake', { args: callback, predecessor: 'attacker.test.near', promiseResults: [{ status: 'Failed' }] });
    expect(result.errorText).toBe('Smart contract panicked: Method on_stake is private');
  });

  it.each([
    ['no deposit', { args: { pool: POOL } }, 'attach the NEAR to stake'],
    ['no pool', { args: {}, deposit: NEAR }, 'missing argument "pool"'],
    ['a pool that is no string', { args: { pool: 7 }, deposit: NEAR }, 'argument "pool" must be a string'],
    ['arguments that are no JSON object', { rawArgs: encoder.encode('[1]'), deposit: NEAR }, 'the arguments are not a JSON object'],
    ['an escape in a string', { rawArgs: encoder.encode('{"pool":"p\\u006fol.test.near"}'), deposit: NEAR }, 'escapes in argument strings are not supported'],
  ])('refuses a stake with %s', (_what, options, message) => {
    expect(staker().call('stake', options).errorText).toBe(`Smart contract panicked: ${message}`);
  });

  it('reads a callback amount up to 2^128 - 1 and refuses more', () => {
    const contract = staker();
    expect(contract.call('on_stake', { args: { user: ALICE, amount: (2n ** 128n).toString() }, predecessor: STAKER, promiseResults: [{ status: 'Failed' }] }).errorText).toBe(
      'Smart contract panicked: an amount must be below 2^128',
    );
    // A successful pool result books nothing: the amount is only read.
    const ok = contract.call('on_stake', { args: { user: ALICE, amount: (2n ** 128n - 1n).toString() }, predecessor: STAKER, promiseResults: [{ status: 'Successful', data: new Uint8Array() }] });
    expect(ok.errorText).toBeUndefined();
    expect(ok.text).toBe('true');
  });

  it('answers views of accounts it never saw with "0"', () => {
    expect(staker().call('get_stake', { args: { account_id: BOB }, view: true }).text).toBe('"0"');
    expect(staker().call('get_total_staked', { view: true }).text).toBe('"0"');
  });
});
