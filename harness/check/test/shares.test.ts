/**
 * A search split into shares gives what the whole search gives (shares.ts): the same
 * failure, path, shrinking, minimal plan, `runs` and coverage, for any number of shares run
 * at the same time, whichever share holds the failure. The backend here is a stand-in that
 * answers at once, and the "invariant" fails on the plan alone, so that only the splitting
 * is under test (the CLI's test runs real contracts on threads).
 */
import { describe, expect, it } from 'vitest';
import { emptyRunRecord, type Backend } from '../../backend/index.js';
import * as fc from 'fast-check';
import type { Plan } from '../../generate/index.js';
import type { Invariant } from '../../invariants/index.js';
import type { Scenario } from '../../scenario/index.js';
import { checkScenario, searchShare } from '../check.js';
import { combineShares, firstFailure, NO_FAILURE_YET, sharedFailureBound, type ShareResult } from '../shares.js';

/** Two methods, mocks and a token: plans of many shapes (the stand-in backend runs none of it). */
const scenario: Scenario = {
  name: 'shares',
  contract: { id: 'c.test.near', wasm: 'unused.wasm' },
  users: [{ id: 'alice.test.near', balance: 10n ** 26n }, { id: 'bob.test.near', balance: 10n ** 26n }],
  mocks: [
    { id: 'pool.test.near', kind: 'mock', methods: { deposit_and_stake: {}, storage_deposit: { behaviour: { kind: 'fail', message: 'closed' } } } },
    { id: 'relay.test.near', kind: 'mock', relay: true },
    { id: 'token.test.near', kind: 'fungible-token' },
  ],
  methods: [
    { name: 'stake', args: () => fc.constant({}) },
    { name: 'pay', args: () => fc.constant({}) },
  ],
  callbacks: ['on_stake', 'on_pay'],
};

function stubBackend(throwsOn?: (plan: Plan) => boolean): Backend {
  return {
    name: 'stub',
    scenario,
    run: async (plan) => {
      if (throwsOn?.(plan)) throw new Error('the backend broke');
      return emptyRunRecord('stub');
    },
    rerunWithout: async () => emptyRunRecord('stub'),
    close: async () => {},
  };
}

/** Fails a plan that pays after staking, three steps or more: rare enough that the first failure is seldom run 0. */
const paysAfterStaking: Invariant = {
  name: 'pays-after-staking',
  needs: [],
  check: ({ plan }) => {
    const methods = plan.steps.map((s) => s.method);
    const stake = methods.indexOf('stake');
    return methods.length >= 3 && stake >= 0 && methods.lastIndexOf('pay') > stake ? [{ invariant: 'pays-after-staking', message: `pays after staking: ${methods.join(', ')}` }] : [];
  },
};

async function split(backend: Backend, seed: number, numRuns: number, count: number): Promise<{ results: ShareResult[]; combined: ReturnType<typeof combineShares> }> {
  const cells = new Int32Array(new SharedArrayBuffer(4)).fill(NO_FAILURE_YET);
  // All shares at once, as threads run them: the failure bound is lowered while others search.
  const results = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      searchShare(backend, { seed, numRuns, share: { index, count }, bound: sharedFailureBound(cells, 0), invariants: [paysAfterStaking] }),
    ),
  );
  return { results, combined: combineShares(scenario, seed, results, false) };
}

describe('a search in shares', () => {
  it('finds the failure the whole search finds, with the same path, plan, runs and coverage, for 1 to 4 shares', async () => {
    const indices = new Set<number>();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const whole = await checkScenario(stubBackend(), { seed, numRuns: 40, invariants: [paysAfterStaking] });
      expect(whole.failure, `seed ${seed}`).toBeDefined();
      indices.add(Number(whole.failure!.path.split(':')[0]));
      for (const count of [1, 2, 3, 4]) {
        const { combined } = await split(stubBackend(), seed, 40, count);
        expect(combined, `seed ${seed}, ${count} shares`).toEqual(whole);
      }
    }
    // The seeds put the first failure at different runs, so different shares hold it.
    expect(indices.size).toBeGreaterThan(2);
  });

  it('without a failure: every run once, merged in run order; the vacuity judged on the merged coverage', async () => {
    const never: Invariant = { name: 'never', needs: [], check: () => [] };
    const whole = await checkScenario(stubBackend(), { seed: 9, numRuns: 30, invariants: [never] });
    const cells = new Int32Array(new SharedArrayBuffer(4)).fill(NO_FAILURE_YET);
    const results = await Promise.all([0, 1, 2].map((index) => searchShare(stubBackend(), { seed: 9, numRuns: 30, share: { index, count: 3 }, bound: sharedFailureBound(cells, 0), invariants: [never] })));
    expect(results.map((r) => r.runs.map((run) => run.index % 3))).toEqual([Array(10).fill(0), Array(10).fill(1), Array(10).fill(2)]);
    expect(combineShares(scenario, 9, results, false)).toEqual(whole);
    expect(whole.runs).toBe(30);
    expect(whole.vacuity.length).toBeGreaterThan(0); // the stub runs nothing: nothing succeeded
  });

  it('an error counts like a failure at its run: the smallest of errors and violations is the result', async () => {
    const throwsOn = (plan: Plan) => plan.steps.length === 2 && plan.steps[0]!.method === 'pay';
    const ends = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const whole = await checkScenario(stubBackend(throwsOn), { seed, numRuns: 40, invariants: [paysAfterStaking] });
      ends.add(whole.error ? 'error' : whole.failure ? 'violation' : 'none');
      for (const count of [2, 3]) {
        const { combined } = await split(stubBackend(throwsOn), seed, 40, count);
        expect(combined.failure, `seed ${seed}, ${count} shares`).toEqual(whole.failure);
        expect(combined.error?.message).toEqual(whole.error?.message);
        expect(combined.runs).toBe(whole.runs);
        expect(combined.coverage).toEqual(whole.coverage);
      }
    }
    // Some seeds meet the error first, some the violation.
    expect([...ends].sort()).toEqual(['error', 'violation']);
  });

  it('a share stops running beyond a smaller failure another share found', async () => {
    const { results } = await split(stubBackend(), 3, 200, 2);
    const first = firstFailure(results)!;
    for (const result of results) for (const run of result.runs) expect(run.index <= first.index || result.failure === first).toBe(true);
  });
});

describe('the shared failure bound', () => {
  it('only falls, and ignores what an Int32 cannot hold', () => {
    const bound = sharedFailureBound(new Int32Array(new SharedArrayBuffer(8)).fill(NO_FAILURE_YET), 1);
    expect(bound.current()).toBe(Infinity);
    bound.lower(40);
    bound.lower(70);
    expect(bound.current()).toBe(40);
    bound.lower(12);
    expect(bound.current()).toBe(12);
    bound.lower(2 ** 31);
    bound.lower(-1);
    expect(bound.current()).toBe(12);
  });
});
