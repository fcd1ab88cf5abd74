/**
 * The harness's self-test: each buggy variant (contract/buggy) — of the vault, the router,
 * the desk and the Rust staker — must be caught by at least one property, with a minimal
 * counterexample no longer than the bug needs. A property that can never fail is a defect;
 * this is what shows ours can.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedBackend } from '../harness/backend/index.js';
import { checkScenario } from '../harness/check/index.js';
import { ALL_INVARIANTS } from '../harness/invariants/index.js';
import type { Scenario } from '../harness/scenario/index.js';
import { deskScenario, routerScenario } from './scenarios/returns.scenario.js';
import { stakerScenario } from './scenarios/rust.scenario.js';
import { vaultScenario } from './scenarios/vault.scenario.js';

interface Expectation {
  variant: string;
  /** The scenario of the contract the variant is a variant of (default: the vault's). */
  of?: (wasm: string, name: string) => Scenario;
  /** The invariants that can catch it; the counterexample must violate at least one. */
  caughtBy: string[];
  /** How many calls the bug needs, and so the most the counterexample may have. */
  steps: number;
  why: string;
  /** Checked with only the invariants in caughtBy: a generic invariant must catch it on its own. */
  alone?: boolean;
}

const EXPECTATIONS: Expectation[] = [
  { variant: 'a-state-not-restored', caughtBy: ['state-restored'], steps: 1, why: 'one token withdrawal to an unregistered receiver' },
  { variant: 'b-deposit-not-refunded', caughtBy: ['deposit-refunded'], steps: 1, why: 'one batch stake to a failing pool' },
  { variant: 'c-refund-to-signer', caughtBy: ['deposit-refunded'], steps: 1, why: 'one relayed stake to a failing pool' },
  { variant: 'd-callback-not-private', caughtBy: ['callbacks-private'], steps: 0, why: 'no call at all: calling a callback directly succeeds' },
  { variant: 'e-credit-before-call', caughtBy: ['liabilities-backed', 'state-restored'], steps: 2, why: 'a failing stake, and a transfer_stake landing in its gap' },
  { variant: 'f-debit-in-callback', caughtBy: ['liabilities-backed', 'state-restored'], steps: 2, why: 'two payments, the second in the gap of the first' },
  { variant: 'g-join-one-leg', caughtBy: ['deposit-refunded', 'liabilities-backed'], steps: 1, why: 'one split stake with one failing leg' },
  { variant: 'h-callback-starved', of: (wasm, name) => vaultScenario(wasm, name, { stakeInSetup: false }), caughtBy: ['callbacks-succeed', 'quiescent-unlocked', 'state-restored', 'deposit-refunded'], steps: 1, why: 'one operation whose callback runs out of gas' },
  { variant: 'i-lock-not-released', caughtBy: ['quiescent-unlocked', 'state-restored'], steps: 1, why: 'one stake to a failing pool' },
  { variant: 'j-router-stale-refund', of: routerScenario, caughtBy: ['deposit-refunded'], steps: 1, why: 'one swap the pool fills only in part' },
  { variant: 'k-router-trusts-malformed', of: routerScenario, caughtBy: ['deposit-refunded'], steps: 1, why: 'one swap the pool answers with garbage' },
  { variant: 'l-router-number-amounts', of: routerScenario, caughtBy: ['deposit-refunded', 'state-restored'], steps: 1, why: 'one swap of an amount a JavaScript Number cannot hold exactly' },
  { variant: 'm-desk-unused-lost', of: deskScenario, caughtBy: ['desk-books'], steps: 3, why: 'tokens sent in, then forwarded to a receiver that leaves some unused' },
  { variant: 'n-desk-unused-mismatch', of: deskScenario, caughtBy: ['desk-books'], steps: 1, why: 'one transfer in above the cap' },
  { variant: 'o-router-callback-panics', of: routerScenario, caughtBy: ['callbacks-succeed'], alone: true, steps: 1, why: 'one swap the pool answers with bytes that are not JSON' },
  { variant: 'p-desk-storage-unpaid', of: deskScenario, caughtBy: ['storage-paid'], alone: true, steps: 3, why: 'forwards, each leaving a history record paid by 1 yocto' },
  { variant: 'q-desk-gap-race', of: deskScenario, caughtBy: ['liabilities-backed'], alone: true, steps: 3, why: 'a forward whose tokens leave the desk before it debits them' },
  { variant: 'r-staker-refund-kept', of: stakerScenario, caughtBy: ['deposit-refunded'], steps: 1, why: 'one stake the pool refuses (a Rust contract)' },
];

describe.each(EXPECTATIONS)('buggy variant $variant', ({ variant, of = vaultScenario, caughtBy, steps, why, alone }) => {
  it(`is caught by ${caughtBy.join(' or ')}${alone ? ' alone' : ''} with a counterexample of at most ${steps} step(s) (${why})`, async () => {
    const scenario = of(`contract/buggy/build/${variant}.wasm`, `buggy-${variant}`);
    const invariants = alone ? ALL_INVARIANTS.filter((i) => caughtBy.includes(i.name)) : undefined;
    const result = await checkScenario(new EmbeddedBackend(scenario), { seed: 42, numRuns: 1_000, ...(invariants ? { invariants } : {}) });
    expect(result.error).toBeUndefined();
    expect(result.failure, `the harness did not catch ${variant}`).toBeDefined();
    const found = result.failure!.violations.map((v) => v.invariant);
    expect(found.some((invariant) => caughtBy.includes(invariant)), `caught by ${found.join(', ')}`).toBe(true);
    expect(result.failure!.plan.steps.length).toBeLessThanOrEqual(steps);
  }, 0); // up to 1,000 property runs (it stops at the first failure): no timeout around them
});
