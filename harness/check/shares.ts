/**
 * Splitting one search over several threads without changing its result.
 *
 * fast-check with a seed generates the same values in the same order whatever the
 * property does with them. A share {index, count} executes only the search runs whose
 * 0-based index i has i % count === index (the others return at once: generating a plan
 * costs a fraction of a percent of running it). Once one of its runs fails, fast-check
 * only shrinks, and every later call is a shrink candidate, executed.
 *
 * Why the combined result is the one a single share {0, 1} gives, byte for byte:
 *   - the failure a single search reports is the one at the smallest failing run index i*
 *     (it stops searching there); i* is in exactly one share, which executed every one of
 *     its runs before i* (none of them failed, or i* would not be the smallest);
 *   - fast-check's shrinking is a function of the failing value and of the predicate's
 *     answers; the value at i* is the same in every share, and the predicate (a run on a
 *     backend, judged) is deterministic, so that share shrinks exactly as the single search
 *     does, and so does the minimization after it (minimize.ts); its path starts with i*;
 *   - coverage counts the search runs with index ≤ i* (all of them without a failure): each
 *     was executed by exactly one share, which recorded it by index; they are merged in
 *     index order, as the single search adds them;
 *   - `runs` (executions, search and shrinking, that did not throw) is i* runs before the
 *     failure, the failing run if it completed, and the winner's shrink executions.
 * A share may stop executing runs beyond the smallest failing index any share has found
 * so far (`FailureBound`): that bound only falls, never below i*, so no run the result
 * needs is skipped, and the share holding i* is never cut short.
 */
import { emptyCoverage, mergeCoverage, vacuity, type Coverage, type VacuityComplaint } from '../coverage/index.js';
import type { Plan } from '../generate/index.js';
import type { Violation } from '../invariants/index.js';
import type { Scenario } from '../scenario/index.js';

/** Which of a search's runs one thread executes: those whose index i has i % count === index. */
export interface Share {
  index: number;
  count: number;
}

export const WHOLE_SEARCH: Share = { index: 0, count: 1 };

/**
 * The smallest failing run index found so far by any share of one search, readable and
 * lowerable from every thread. Runs beyond it cannot change the result.
 */
export interface FailureBound {
  current(): number;
  lower(index: number): void;
}

/** What an Int32 cell holds while no share has failed. */
export const NO_FAILURE_YET = 2 ** 31 - 1;

/**
 * A FailureBound in cell `slot` of shared memory (initialize it to NO_FAILURE_YET). Indices
 * that do not fit an Int32 are never bounded: cancelling runs is only a saving.
 */
export function sharedFailureBound(cells: Int32Array, slot: number): FailureBound {
  return {
    current: () => {
      const value = Atomics.load(cells, slot);
      return value === NO_FAILURE_YET ? Infinity : value;
    },
    lower: (index) => {
      if (!Number.isInteger(index) || index < 0 || index >= NO_FAILURE_YET) return;
      // A compare-and-swap loop: another thread may lower it between our read and our write.
      for (let seen = Atomics.load(cells, slot); index < seen; ) {
        const was = Atomics.compareExchange(cells, slot, seen, index);
        if (was === seen) return;
        seen = was;
      }
    },
  };
}

/** One executed search run's coverage, by its run index. */
export interface ShareRun {
  index: number;
  coverage: Coverage;
}

export interface ShareFailure {
  /** The search run that failed (fast-check's path starts with it). */
  index: number;
  path: string;
  shrinks: number;
  /** Shrink candidates executed that did not throw (counted in `runs`, as a single search counts them). */
  shrinkRuns: number;
  /** Whether the failing run itself completed (a violation) or threw (an error): only the first counts as a run. */
  found: { kind: 'violation'; plan: Plan; violations: Violation[] } | { kind: 'error'; error: Error };
}

export interface ShareResult {
  share: Share;
  seed: number;
  /** The search runs this share executed, in index order (up to and including a failing one that completed). */
  runs: ShareRun[];
  /** Executions that did not throw, search and shrinking (a single search's `runs`). */
  executed: number;
  failure?: ShareFailure;
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

/** The failure with the smallest run index over all shares, if any. */
export function firstFailure(shares: readonly ShareResult[]): ShareFailure | undefined {
  let first: ShareFailure | undefined;
  for (const share of shares) if (share.failure && (first === undefined || share.failure.index < first.index)) first = share.failure;
  return first;
}

/**
 * The result of a search from the results of all its shares (see the top of this file):
 * what a single search with the same seed and runs reports. `interrupted`: the search was
 * stopped early, so vacuity is not judged and `runs` is what was executed.
 */
export function combineShares(scenario: Scenario, seed: number, shares: readonly ShareResult[], interrupted: boolean): CheckResult {
  const failure = firstFailure(shares);
  const limit = failure?.index ?? Infinity;
  const coverage = emptyCoverage(scenario);
  const counted = shares.flatMap((s) => s.runs).filter((r) => r.index <= limit);
  for (const run of counted.sort((a, b) => a.index - b.index)) mergeCoverage(coverage, run.coverage);
  const runs = failure ? failure.index + (failure.found.kind === 'violation' ? 1 : 0) + failure.shrinkRuns : shares.reduce((sum, s) => sum + s.executed, 0);
  const result: CheckResult = { scenario: scenario.name, seed, runs, coverage, vacuity: [] };
  if (!failure) {
    if (!scenario.expectViolation && !interrupted) result.vacuity = vacuity(scenario, coverage);
    return result;
  }
  if (failure.found.kind === 'error') {
    result.error = failure.found.error;
    return result;
  }
  result.failure = { plan: failure.found.plan, violations: failure.found.violations, path: failure.path, shrinks: failure.shrinks };
  return result;
}
