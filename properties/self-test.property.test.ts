/**
 * The harness's self-test: each buggy variant of the vault (contract/buggy) must be caught
 * by at least one property, with a minimal counterexample no longer than the bug needs.
 * A property that can never fail is a defect; this is what shows ours can.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedBackend } from '../harness/backend/index.js';
import { checkScenario } from '../harness/check/index.js';
import { vaultScenario } from './scenarios/vault.scenario.js';

interface Expectation {
  variant: string;
  /** The invariants that can catch it; the counterexample must violate at least one. */
  caughtBy: string[];
  /** How many calls the bug needs, and so the most the counterexample may have. */
  steps: number;
  why: string;
}

const EXPECTATIONS: Expectation[] = [
  { variant: 'a-state-not-restored', caughtBy: ['state-restored'], steps: 1, why: 'one token withdrawal to an unregistered receiver' },
  { variant: 'b-deposit-not-refunded', caughtBy: ['deposit-refunded'], steps: 1, why: 'one batch stake to a failing pool' },
  { variant: 'c-refund-to-signer', caughtBy: ['deposit-refunded'], steps: 1, why: 'one relayed stake to a failing pool' },
  { variant: 'd-callback-not-private', caughtBy: ['callbacks-private'], steps: 0, why: 'no call at all: calling a callback directly succeeds' },
  { variant: 'e-credit-before-call', caughtBy: ['stake-backed', 'state-restored'], steps: 2, why: 'a failing stake, and a transfer_stake landing in its gap' },
  { variant: 'f-debit-in-callback', caughtBy: ['vault-solvent'], steps: 2, why: 'two payments, the second in the gap of the first' },
  { variant: 'g-join-one-leg', caughtBy: ['deposit-refunded', 'vault-solvent'], steps: 1, why: 'one split stake with one failing leg' },
  { variant: 'h-callback-starved', caughtBy: ['quiescent-unlocked', 'state-restored', 'deposit-refunded'], steps: 1, why: 'one operation whose callback runs out of gas' },
  { variant: 'i-lock-not-released', caughtBy: ['quiescent-unlocked', 'state-restored'], steps: 1, why: 'one stake to a failing pool' },
];

describe.each(EXPECTATIONS)('buggy variant $variant', ({ variant, caughtBy, steps, why }) => {
  it(`is caught by ${caughtBy.join(' or ')} with a counterexample of at most ${steps} step(s) (${why})`, async () => {
    const scenario = vaultScenario(`contract/buggy/build/${variant}.wasm`, `buggy-${variant}`);
    const result = await checkScenario(new EmbeddedBackend(scenario), { seed: 42, numRuns: 400 });
    expect(result.error).toBeUndefined();
    expect(result.failure, `the harness did not catch ${variant}`).toBeDefined();
    const found = result.failure!.violations.map((v) => v.invariant);
    expect(found.some((invariant) => caughtBy.includes(invariant)), `caught by ${found.join(', ')}`).toBe(true);
    expect(result.failure!.plan.steps.length).toBeLessThanOrEqual(steps);
  }, 0); // up to 400 property runs: no timeout around them
});
