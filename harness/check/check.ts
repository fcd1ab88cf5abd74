/**
 * Checking a scenario: fast-check generates plans, a backend runs them, the invariants
 * judge the runs; on failure fast-check shrinks the plan to a minimal counterexample.
 */
import * as fc from 'fast-check';
import type { Backend } from '../backend/index.js';
import { addRun, emptyCoverage, vacuity, type Coverage, type VacuityComplaint } from '../coverage/index.js';
import { plan as planArbitrary, type Plan } from '../generate/index.js';
import type { Invariant, Violation } from '../invariants/index.js';
import { minimizePlan } from './minimize.js';
import { checkPlan } from './verdict.js';

export class InvariantViolated extends Error {
  constructor(readonly violations: Violation[]) {
    super(violations.map((v) => `[${v.invariant}] ${v.message}`).join('\n'));
    this.name = 'InvariantViolated';
  }
}

export interface CheckOptions {
  seed?: number;
  numRuns?: number;
  /** Replays one fast-check path (from a counterexample) instead of searching. */
  path?: string;
  invariants?: readonly Invariant[];
  /** Called after every run (for progress reporting), with the coverage of the search so far. */
  onRun?: (runs: number, coverage: Coverage) => void;
  /** Minimize fast-check's shrunk counterexample further (default true). */
  minimize?: boolean;
  /** Stop early when this returns true (e.g. a time budget or Ctrl-C). */
  interrupted?: () => boolean;
}

export interface CheckResult {
  scenario: string;
  seed: number;
  runs: number;
  failure?: { plan: Plan; violations: Violation[]; path: string; shrinks: number };
  /** Set when the property threw something other than a violation (a bug or bad scenario). */
  error?: Error;
  /** What the search's runs exercised (up to and including the first that violated; shrinking reruns are not counted). */
  coverage: Coverage;
  /**
   * What those runs failed to test (no vacuous passes): judged only for a scenario that does
   * not expect a violation, found none, threw nothing and was not interrupted; else empty.
   */
  vacuity: VacuityComplaint[];
}

export async function checkScenario(backend: Backend, options: CheckOptions = {}): Promise<CheckResult> {
  const seed = options.seed ?? Date.now() % 2 ** 31;
  let runs = 0;
  const coverage = emptyCoverage(backend.scenario);
  // Once a run violated, fast-check only shrinks: those reruns are not what the search covered.
  let searching = true;
  const property = fc.asyncProperty(planArbitrary(backend.scenario), async (plan) => {
    if (options.interrupted?.()) return;
    const verdict = await checkPlan(backend, plan, options.invariants).catch((error: unknown) => {
      searching = false;
      throw error;
    });
    runs++;
    if (searching) addRun(coverage, backend.scenario, plan, verdict.record);
    options.onRun?.(runs, coverage);
    if (verdict.violations.length > 0) {
      searching = false;
      throw new InvariantViolated(verdict.violations);
    }
  });
  const details = await fc.check(property, {
    seed,
    numRuns: options.numRuns ?? 100,
    ...(options.path ? { path: options.path } : {}),
    endOnFailure: false,
  });
  const result: CheckResult = { scenario: backend.scenario.name, seed: details.seed, runs, coverage, vacuity: [] };
  if (!details.failed) {
    if (!backend.scenario.expectViolation && !options.interrupted?.()) result.vacuity = vacuity(backend.scenario, coverage);
    return result;
  }
  const cause = details.errorInstance;
  if (!(cause instanceof InvariantViolated)) {
    result.error = cause instanceof Error ? cause : new Error(String(cause));
    return result;
  }
  const shrunk = details.counterexample![0];
  const minimal =
    options.minimize === false || options.interrupted?.()
      ? { plan: shrunk, violations: cause.violations }
      : await minimizePlan(backend, shrunk, cause.violations, options.invariants, options.interrupted);
  result.failure = { plan: minimal.plan, violations: minimal.violations, path: details.counterexamplePath ?? '', shrinks: details.numShrinks };
  return result;
}
