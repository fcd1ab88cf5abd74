/**
 * Coverage on both backends: the same plan counts the same user outcomes, answers injected,
 * callback results and calls in the gap on the embedded runtime and through near-workspaces
 * (whose record has the receipts, each with its step and a callback's inputs, but no order
 * within a block); receipt delays and reorderings count only where they are applied, on the
 * embedded runtime.
 */
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedBackend, WorkspacesBackend, type Backend } from '../../backend/index.js';
import type { Plan, Step } from '../../generate/index.js';
import { startEmbeddedWorker, type EmbeddedWorker } from '../../node/index.js';
import type { MockBehaviour, Scenario } from '../../scenario/index.js';
import { addRun, emptyCoverage, type Coverage } from '../index.js';

const NEAR = 10n ** 24n;
const POOL = 'pool.test.near';
const SHOP = 'shop.test.near';
const VAULT = 'vault.test.near';

const scenario: Scenario = {
  name: 'vault-for-coverage',
  contract: { id: VAULT, wasm: 'contract/build/vault.wasm', balance: 20n * NEAR, init: { method: 'init', args: { token_id: 'token.test.near', externals: [POOL, SHOP] } } },
  users: ['alice.test.near', 'bob.test.near', 'carol.test.near'].map((id) => ({ id, balance: 100n * NEAR })),
  mocks: [
    { id: POOL, kind: 'mock', methods: { deposit_and_stake: {} } },
    { id: SHOP, kind: 'mock', methods: { buy: {} } },
  ],
  setup: [{ signer: 'carol.test.near', receiver: VAULT, method: 'deposit', deposit: 5n * NEAR }],
  methods: [
    { name: 'stake', args: () => fc.constant({ pool: POOL }), deposit: () => fc.constant(NEAR), forwardsDeposit: true },
    { name: 'pay', args: () => fc.constant({ merchant: SHOP, amount: NEAR.toString() }) },
  ],
  callbacks: ['on_stake', 'on_pay'],
};

const step = (caller: string, method: 'stake' | 'pay', answers: Record<string, MockBehaviour>, delays: Step['delays'] = []): Step => ({
  caller,
  method,
  receiver: VAULT,
  args: method === 'stake' ? { pool: POOL } : { merchant: SHOP, amount: NEAR.toString() },
  deposit: method === 'stake' ? NEAR.toString() : '0',
  gas: '300000000000000',
  wait: 0,
  answers,
  delays,
});

/**
 * Alice stakes with a pool that fails 3 blocks late; Bob stakes in that gap (his first
 * receipt held a block); Carol pays, and the shop traps. One step per user: a node sets
 * answers per signer, so this is a plan both backends answer alike.
 */
const plan: Plan = {
  steps: [
    step('alice.test.near', 'stake', { [`${POOL}.deposit_and_stake`]: { kind: 'delay', blocks: 3, then: { kind: 'fail', message: 'pool closed' } } }),
    step('bob.test.near', 'stake', {}, [{ receipt: 0, blocks: 1 }]),
    step('carol.test.near', 'pay', { [`${SHOP}.buy`]: { kind: 'trap' } }),
  ],
  // Blocks reordered only after every call has run (the gap is about when calls run).
  order: [0, 0, 0, 7, 7, 7, 7],
};

async function covered(backend: Backend): Promise<Coverage> {
  const coverage = emptyCoverage(scenario);
  addRun(coverage, scenario, plan, await backend.run(plan));
  return coverage;
}

describe('coverage of one plan on both backends', () => {
  let worker: EmbeddedWorker;
  let embedded: Coverage;
  let workspaces: Coverage;
  beforeAll(async () => {
    worker = await startEmbeddedWorker();
    embedded = await covered(new EmbeddedBackend(scenario));
    workspaces = await covered(new WorkspacesBackend(scenario, worker.worker));
  }, 0); // deploying through near-workspaces takes seconds: no timeout around it
  afterAll(async () => {
    await worker.stop();
  });

  it('counts the same user outcomes, answers injected and callback results', () => {
    for (const coverage of [embedded, workspaces]) {
      expect(coverage.methods['stake']).toMatchObject({ calls: 2, succeeded: 2 });
      expect(coverage.methods['pay']).toMatchObject({ calls: 1, succeeded: 1 });
      expect(coverage.external[`${POOL}.deposit_and_stake`]).toEqual({ kind: 'mock', calls: 2, answers: { 'delay/fail': 1, return: 1 }, failures: 1 });
      expect(coverage.external[`${SHOP}.buy`]).toEqual({ kind: 'mock', calls: 1, answers: { trap: 1 }, failures: 1 });
      expect(coverage.callbacks['on_stake']).toMatchObject({ calls: 2, allSucceeded: 1, allFailed: 1 });
      expect(coverage.callbacks['on_pay']).toMatchObject({ calls: 1, allFailed: 1 });
      expect(coverage.scheduling).toMatchObject({ delayAnswers: 1, delayAnswerBlocks: 3 });
      expect(coverage.undeclared).toEqual({});
    }
  });

  it("counts Bob's stake and Carol's payment, sent while Alice's pool holds its answer, as calls in the gap on both", () => {
    for (const coverage of [embedded, workspaces]) {
      expect(coverage.methods['stake']!.inGap).toBe(1);
      expect(coverage.methods['pay']!.inGap).toBe(1);
    }
  });

  it('counts receipt delays and reorderings on the embedded runtime only: a node does not apply them', () => {
    expect(embedded.scheduling.receiptDelays).toBe(1);
    expect(embedded.scheduling.reorderedBlocks).toBeGreaterThan(0);
    expect(workspaces.scheduling).toMatchObject({ receiptDelays: 0, receiptDelayBlocks: 0, reorderedBlocks: 0 });
  });
});
