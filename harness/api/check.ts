/**
 * Checking a scenario from code (a script, a test, a CI job) rather than the command line:
 * the same search, shrinking and judgement as `run` and `fuzz`, on the embedded runtime.
 * A scenario built in code finds its relative wasm paths from the current folder.
 */
import { randomInt } from 'node:crypto';
import { EmbeddedBackend, type Backend } from '../backend/index.js';
import { checkScenario as searchScenario, type CheckResult } from '../check/index.js';
import { counterexampleOf, writeCounterexample } from '../counterexample/index.js';
import type { Coverage, VacuityComplaint } from '../coverage/index.js';
import type { Plan } from '../generate/index.js';
import type { Invariant, Violation } from '../invariants/index.js';
import { validateScenario, type Scenario } from '../scenario/index.js';

export interface ScenarioCheckOptions {
  /** fast-check seed (default 42: the same runs every time). */
  seed?: number;
  /** Runs (default 100). */
  runs?: number;
  /** Only these invariants (default: all of them). */
  invariants?: readonly Invariant[];
  /**
   * Where to write a counterexample file when one is found. It can be replayed by file only
   * if the scenario came from a module (`loadScenarios`), which the file then names.
   */
  out?: string;
}

export interface ScenarioReport {
  scenario: string;
  seed: number;
  runs: number;
  /** No violation, nothing thrown, and not vacuous (unless the scenario expects a violation). */
  passed: boolean;
  /** The minimal counterexample, when one was found. */
  failure?: { plan: Plan; violations: Violation[]; trace: string; file?: string };
  /** Something other than a violation went wrong (a bad scenario, a contract that cannot be deployed). */
  error?: Error;
  coverage: Coverage;
  /** What the runs failed to exercise: a pass that tested nothing is no pass. */
  vacuity: VacuityComplaint[];
}

async function report(backend: Backend, result: CheckResult, out: string | undefined): Promise<ScenarioReport> {
  const { scenario } = backend;
  const base = { scenario: scenario.name, seed: result.seed, runs: result.runs, coverage: result.coverage, vacuity: result.vacuity };
  if (result.error) return { ...base, passed: false, error: result.error };
  if (!result.failure) return { ...base, passed: scenario.expectViolation === true ? false : result.vacuity.length === 0 };
  const counterexample = await counterexampleOf(backend, result.failure.plan, { seed: result.seed, path: result.failure.path });
  const file = out === undefined ? undefined : writeCounterexample(out, counterexample);
  return {
    ...base,
    passed: scenario.expectViolation === true,
    failure: { plan: result.failure.plan, violations: counterexample.violations, trace: counterexample.trace, ...(file === undefined ? {} : { file }) },
  };
}

/** Checks a scenario with `runs` generated plans; a found violation is shrunk to a minimal plan. */
export async function checkScenario(scenario: Scenario, options: ScenarioCheckOptions = {}): Promise<ScenarioReport> {
  const backend = new EmbeddedBackend(validateScenario(scenario));
  const result = await searchScenario(backend, {
    seed: options.seed ?? 42,
    numRuns: options.runs ?? 100,
    ...(options.invariants ? { invariants: options.invariants } : {}),
  });
  return report(backend, result, options.out);
}

export interface FuzzOptions extends Omit<ScenarioCheckOptions, 'seed' | 'runs'> {
  /** How long to search, in milliseconds. */
  durationMs: number;
}

/**
 * Fresh seeds for a time budget, 25 runs each, until the budget ends or a violation is
 * found; the report sums the runs of every round.
 */
export async function fuzzScenario(scenario: Scenario, options: FuzzOptions): Promise<ScenarioReport> {
  const backend = new EmbeddedBackend(validateScenario(scenario));
  const deadline = Date.now() + options.durationMs;
  let runs = 0;
  let last: ScenarioReport | undefined;
  do {
    const result = await searchScenario(backend, {
      seed: randomInt(2 ** 31 - 1),
      numRuns: 25,
      interrupted: () => Date.now() >= deadline,
      ...(options.invariants ? { invariants: options.invariants } : {}),
    });
    runs += result.runs;
    last = await report(backend, result, options.out);
    if (last.failure || last.error) break;
  } while (Date.now() < deadline);
  return { ...last, runs };
}
