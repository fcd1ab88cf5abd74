/**
 * `near-rollback-harness/vitest`: a scenario as a vitest property test, with
 * `@fast-check/vitest` generating and shrinking the plans.
 *
 *   import { testScenario } from 'near-rollback-harness/vitest';
 *   testScenario(myScenario, { runs: 200 });
 *
 * Two tests per scenario: the property (a failure prints the minimal plan's trace), then
 * what its runs exercised — a property that passed without ever making a method succeed,
 * a declared mock fail, or a callback see a failure tested nothing, and fails as such.
 * A scenario that expects a violation (a known-buggy variant) passes when one is found.
 */
import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { EmbeddedBackend } from '../backend/index.js';
import { checkPlan, checkScenario } from '../check/index.js';
import { renderTrace } from '../counterexample/index.js';
import { addRun, emptyCoverage, formatVacuity, vacuity } from '../coverage/index.js';
import { plan } from '../generate/index.js';
import type { Invariant } from '../invariants/index.js';
import { validateScenario, type Scenario } from '../scenario/index.js';

export interface ScenarioTestOptions {
  /** Runs of the property (default 100). */
  runs?: number;
  /** fast-check seed (default 42: the same runs every time; vitest prints the seed of a failure). */
  seed?: number;
  /** Only these invariants (default: all of them). */
  invariants?: readonly Invariant[];
}

// A whole NEAR run per property run: no timeout, so a busy CI machine cannot turn a test red.
const NO_TIMEOUT = 0;

export function testScenario(scenario: Scenario, options: ScenarioTestOptions = {}): void {
  const checked = validateScenario(scenario);
  const backend = new EmbeddedBackend(checked);
  const numRuns = options.runs ?? 100;
  const seed = options.seed ?? 42;

  if (checked.expectViolation) {
    test(`${checked.name}: a rollback invariant is violated (expected)`, async () => {
      const result = await checkScenario(backend, { seed, numRuns: numRuns * 5, ...(options.invariants ? { invariants: options.invariants } : {}) });
      expect(result.error).toBeUndefined();
      expect(result.failure?.violations.length ?? 0, `no violation in ${result.runs} runs`).toBeGreaterThan(0);
    }, NO_TIMEOUT);
    return;
  }

  const coverage = emptyCoverage(checked);
  let failed = false;
  test.prop([plan(checked)], { numRuns, seed })(
    `${checked.name}: no rollback invariant is violated`,
    async (generated) => {
      const verdict = await checkPlan(backend, generated, options.invariants);
      if (!failed) addRun(coverage, checked, generated, verdict.record);
      if (verdict.violations.length > 0) {
        failed = true;
        throw new Error(renderTrace(checked.name, generated, verdict.record, verdict.violations));
      }
    },
    NO_TIMEOUT,
  );
  test(`${checked.name}: the runs exercised what the scenario declares`, () => {
    if (failed || coverage.runs === 0) return; // the property's own failure says more
    const complaints = vacuity(checked, coverage);
    expect(complaints, formatVacuity(checked.name, coverage.runs, complaints, '  ', '')).toEqual([]);
  });
}
