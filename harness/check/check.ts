/**
 * Checking a scenario: fast-check generates plans, a backend runs them, the invariants
 * judge the runs; on failure fast-check shrinks the plan to a minimal counterexample.
 */
import * as fc from 'fast-check';
import type { Backend, RunOptions } from '../backend/backend.js';
import type { RunRecord } from '../backend/record.js';
import { plan as planArbitrary } from '../generate/arbitraries.js';
import type { Plan } from '../generate/plan.js';
import { ALL_INVARIANTS, QUIESCENT, type Invariant, type Violation } from '../invariants/index.js';
import type { Scenario } from '../scenario/types.js';
import { minimizePlan } from './minimize.js';

export interface RunVerdict {
  plan: Plan;
  record: RunRecord;
  violations: Violation[];
}

/** The options that make a backend collect what the invariants need. */
export function runOptions(scenario: Scenario): RunOptions {
  const everyBlock = (scenario.invariants ?? []).filter((i) => (i.when ?? 'every-block') === 'every-block');
  const atEnd = (scenario.invariants ?? []).filter((i) => i.when === 'quiescent');
  const findings = (invariants: typeof everyBlock, state: Parameters<NonNullable<RunOptions['observe']>>[0]) =>
    invariants.flatMap((invariant) => {
      const message = invariant.check(state, scenario);
      return message ? [{ invariant: invariant.name, message }] : [];
    });
  return {
    observe: everyBlock.length ? (state) => findings(everyBlock, state) : undefined,
    finalChecks: (state) => {
      const quiescent = scenario.quiescent?.(state, scenario);
      return [...(quiescent ? [{ invariant: QUIESCENT, message: quiescent }] : []), ...findings(atEnd, state)];
    },
    probeCallbacks: scenario.callbacks.length > 0,
  };
}

/** Runs one plan and judges it. */
export async function checkPlan(backend: Backend, plan: Plan, invariants: readonly Invariant[] = ALL_INVARIANTS): Promise<RunVerdict> {
  const options = runOptions(backend.scenario);
  const record = await backend.run(plan, options);
  const violations: Violation[] = [];
  for (const invariant of invariants) {
    violations.push(...(await invariant.check({ scenario: backend.scenario, plan, record, rerun: (other) => backend.run(other, options) })));
  }
  return { plan, record, violations };
}

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
  /** Called after every run (for progress reporting). */
  onRun?: (runs: number) => void;
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
}

export async function checkScenario(backend: Backend, options: CheckOptions = {}): Promise<CheckResult> {
  const seed = options.seed ?? Date.now() % 2 ** 31;
  let runs = 0;
  const property = fc.asyncProperty(planArbitrary(backend.scenario), async (plan) => {
    if (options.interrupted?.()) return;
    const verdict = await checkPlan(backend, plan, options.invariants);
    runs++;
    options.onRun?.(runs);
    if (verdict.violations.length > 0) throw new InvariantViolated(verdict.violations);
  });
  const details = await fc.check(property, {
    seed,
    numRuns: options.numRuns ?? 100,
    ...(options.path ? { path: options.path } : {}),
    endOnFailure: false,
  });
  const result: CheckResult = { scenario: backend.scenario.name, seed: details.seed, runs };
  if (!details.failed) return result;
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
