/**
 * Checking a scenario: fast-check generates plans, a backend runs them, the invariants
 * judge the runs; on failure fast-check shrinks the plan to a minimal counterexample.
 * A search can be split into shares run by several threads (shares.ts): `searchShare`
 * runs one share, `checkScenario` runs the whole search as one share.
 */
import * as fc from 'fast-check';
import type { Backend } from '../backend/index.js';
import { addRun, emptyCoverage, mergeCoverage, type Coverage } from '../coverage/index.js';
import { plan as planArbitrary } from '../generate/index.js';
import type { Invariant, Violation } from '../invariants/index.js';
import { minimizePlan } from './minimize.js';
import { combineShares, WHOLE_SEARCH, type CheckResult, type FailureBound, type Share, type ShareResult, type ShareRun } from './shares.js';
import { checkPlan } from './verdict.js';

export class InvariantViolated extends Error {
  constructor(readonly violations: Violation[]) {
    super(violations.map((v) => `[${v.invariant}] ${v.message}`).join('\n'));
    this.name = 'InvariantViolated';
  }
}

/** Thrown by the property to end a search early (stopped, or nothing left for this share); never a failure. */
class SearchEnded extends Error {
  constructor() {
    super('the search ended early');
    this.name = 'SearchEnded';
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
  /** Execute only this share of the search's runs (default: all of them). */
  share?: Share;
  /** Shared with the search's other shares: runs beyond a failure another share found are not executed. */
  bound?: FailureBound;
}

export type { CheckResult } from './shares.js';

const asError = (cause: unknown): Error => (cause instanceof Error ? cause : new Error(String(cause)));

/** Runs one share of a search (shares.ts); combine the results of all shares with `combineShares`. */
export async function searchShare(backend: Backend, options: CheckOptions = {}): Promise<ShareResult> {
  const { scenario } = backend;
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const share = options.share ?? WHOLE_SEARCH;
  if (options.path !== undefined && share.count !== 1) throw new Error('replaying a fast-check path runs the whole search, not a share of it');
  const runs: ShareRun[] = [];
  /** The coverage of this share's search runs so far, for `onRun` only (the result is merged from `runs`, in index order). */
  const sofar = emptyCoverage(scenario);
  let executed = 0;
  let shrinkRuns = 0;
  // fast-check calls the property once per generated value, in order, until one fails; then
  // only with shrink candidates. So while nothing has failed, the call number is the run index.
  let calls = 0;
  let failedAt: number | undefined;
  const failed = (index: number) => {
    if (failedAt !== undefined) return;
    failedAt = index;
    options.bound?.lower(index);
  };
  /** Another share failed at a smaller index: this share's failure cannot be the result. */
  const superseded = () => failedAt !== undefined && options.bound !== undefined && failedAt > options.bound.current();
  // Ending the search: fast-check would otherwise go on generating every remaining run (and
  // thousands of skipped ones take seconds). Thrown only while searching, never while
  // shrinking a real failure, which it would replace.
  let ended = false;
  const end = (): never => {
    ended = true;
    throw new SearchEnded();
  };
  const property = fc.asyncProperty(planArbitrary(scenario), async (plan) => {
    const index = calls++;
    if (failedAt === undefined) {
      if (ended || options.interrupted?.()) end();
      if (index % share.count !== share.index) return;
      // Every later run is beyond the bound too: this share has nothing left the result needs.
      if (options.bound && index > options.bound.current()) end();
    } else if (options.interrupted?.() || superseded()) return;
    const verdict = await checkPlan(backend, plan, options.invariants).catch((error: unknown) => {
      failed(index);
      throw error;
    });
    executed++;
    if (failedAt === undefined) {
      // A fresh coverage per run: the runs of all shares are merged in index order (combineShares).
      const coverage = emptyCoverage(scenario);
      addRun(coverage, scenario, plan, verdict.record);
      runs.push({ index, coverage });
      mergeCoverage(sofar, coverage);
    } else shrinkRuns++;
    options.onRun?.(executed, sofar);
    if (verdict.violations.length > 0) {
      failed(index);
      throw new InvariantViolated(verdict.violations);
    }
  });
  const details = await fc.check(property, {
    seed,
    numRuns: options.numRuns ?? 100,
    ...(options.path ? { path: options.path } : {}),
    endOnFailure: false,
  });
  const result: ShareResult = { share, seed: details.seed, runs, executed };
  if (!details.failed || details.errorInstance instanceof SearchEnded) return result;
  const path = details.counterexamplePath ?? '';
  // A failure the property did not see (the arbitrary threw): fast-check's path names its run.
  const index = failedAt ?? Number(path.split(':')[0] ?? 0);
  const failure = { index, path, shrinks: details.numShrinks, shrinkRuns };
  const cause = details.errorInstance;
  if (!(cause instanceof InvariantViolated)) {
    result.failure = { ...failure, found: { kind: 'error', error: asError(cause) } };
    return result;
  }
  const shrunk = details.counterexample![0];
  const stop = () => options.interrupted?.() === true || superseded();
  const minimal =
    options.minimize === false || stop()
      ? { plan: shrunk, violations: cause.violations }
      : await minimizePlan(backend, shrunk, cause.violations, options.invariants, stop);
  result.failure = { ...failure, found: { kind: 'violation', plan: minimal.plan, violations: minimal.violations } };
  return result;
}

export async function checkScenario(backend: Backend, options: CheckOptions = {}): Promise<CheckResult> {
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const share = await searchShare(backend, { ...options, seed, share: WHOLE_SEARCH });
  return combineShares(backend.scenario, share.seed, [share], options.interrupted?.() === true);
}
