/**
 * Each invariant alone: it passes on a correct run and fails — with a message naming the
 * account, the call, the block, what was expected and what was seen — on a wrong one.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedBackend } from '../../backend/index.js';
import { runOptions } from '../../check/index.js';
import type { Plan, Step } from '../../generate/index.js';
import { callbacksPrivate, depositRefunded, nearConserved, quiescentUnlocked, stateRestored, type Invariant, type Violation } from '../index.js';
import { vaultScenario } from '../../../properties/scenarios/vault.scenario.js';

const NEAR = 10n ** 24n;
const base = { caller: 'alice.test.near', receiver: 'vault.test.near', gas: '300000000000000', answers: {}, delays: [], wait: 0, deposit: '0' };
const step = (s: Partial<Step> & Pick<Step, 'method' | 'args'>): Step => ({ ...base, ...s });
const failingStake = (pool = 'pool.test.near'): Step =>
  step({ method: 'stake', args: { pool }, deposit: NEAR.toString(), answers: { [`${pool}.deposit_and_stake`]: { kind: 'fail', message: 'paused' } } });

const backends = new Map<string, EmbeddedBackend>();
function backend(variant?: string): EmbeddedBackend {
  const key = variant ?? 'vault';
  if (!backends.has(key)) backends.set(key, new EmbeddedBackend(variant ? vaultScenario(`contract/buggy/build/${variant}.wasm`, variant) : vaultScenario()));
  return backends.get(key)!;
}

async function check(invariant: Invariant, plan: Plan, variant?: string) {
  const b = backend(variant);
  const options = runOptions(b.scenario);
  const record = await b.run(plan, options);
  return invariant.check({ scenario: b.scenario, plan, record, rerun: (p) => b.run(p, options) });
}

describe('deposit-refunded', () => {
  it('holds when a failed stake\'s deposit comes back to the caller', async () => {
    expect(await check(depositRefunded, { steps: [failingStake()], order: [] })).toEqual([]);
  });

  it('fails, naming the payer, the call and the amounts, when the deposit is kept', async () => {
    const batch = step({ method: 'batch_stake', args: { pool: 'pool.test.near' }, deposit: (2n * NEAR).toString(), answers: { 'pool.test.near.deposit_and_stake': { kind: 'fail', message: 'no' } } });
    const [violation] = await check(depositRefunded, { steps: [batch], order: [] }, 'b-deposit-not-refunded');
    expect(violation?.step).toBe(0);
    expect(violation?.message).toMatch(/step 0 \(alice\.test\.near → vault\.test\.near\.batch_stake, deposit 2000000000000000000000000\)/);
    expect(violation?.message).toMatch(/alice\.test\.near should have got 2 NEAR .* back; it got 0 NEAR/);
  });
});

describe('state-restored', () => {
  it('holds when a failed operation leaves only what the scenario allows (the operation counter)', async () => {
    expect(await check(stateRestored, { steps: [failingStake()], order: [] })).toEqual([]);
  });

  it('fails with the storage keys that differ from the run without the operation', async () => {
    const withdraw = step({ method: 'withdraw_tokens', args: { amount: '100' }, deposit: '1', unregisteredAt: ['token.test.near'] });
    const [violation] = await check(stateRestored, { steps: [withdraw], order: [] }, 'a-state-not-restored');
    expect(violation?.message).toMatch(/its call vault\.test\.near → token\.test\.near\.ft_transfer failed in block \d+ \(Smart contract panicked: The account alice\.test\.near is not registered/);
    expect(violation?.message).toMatch(/key "talice\.test\.near": with the step "\\"500\\"", without it "\\"600\\""/);
  });
});

describe('callbacks-private', () => {
  it('holds when every callback refuses a foreign caller', async () => {
    expect(await check(callbacksPrivate, { steps: [], order: [] })).toEqual([]);
  });

  it('fails for each callback that accepts one, with the arguments used', async () => {
    const violations = await check(callbacksPrivate, { steps: [], order: [] }, 'd-callback-not-private');
    expect(violations.map((v) => v.message.split(' accepted')[0])).toContain('callback vault.test.near.on_stake');
  });
});

describe('quiescent-unlocked', () => {
  it('fails when a lock outlives every receipt', async () => {
    const [violation] = await check(quiescentUnlocked, { steps: [failingStake()], order: [] }, 'i-lock-not-released');
    // stake#1 and stake#2 are the setup's stakes.
    expect(violation?.message).toBe('alice.test.near is still locked by stake#3 after every receipt has run');
  });
});

describe('near-conserved', () => {
  it('holds on real runs, block after block', async () => {
    const plan: Plan = { steps: [failingStake(), step({ method: 'deposit', args: {}, deposit: NEAR.toString() })], order: [] };
    expect(await check(nearConserved, plan)).toEqual([]);
  });

  it('fails on a run where NEAR appears from nowhere, naming the block and the amount', () => {
    const record = {
      backend: 'synthetic',
      nearTotalAtStart: '100',
      blocks: [
        { height: 5, receipts: [], nearTotal: '100' },
        { height: 6, receipts: [], nearTotal: '107' },
      ],
    } as unknown as Parameters<Invariant['check']>[0]['record'];
    const violations = nearConserved.check({ scenario: vaultScenario(), plan: { steps: [], order: [] }, record, rerun: async () => record }) as Violation[];
    expect(violations[0]?.block).toBe(6);
    expect(violations[0]?.message).toMatch(/after block 6 .*\(7 yocto\) appeared from nowhere/);
  });
});
