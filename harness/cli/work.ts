/**
 * The work a thread does for `run` and `fuzz`, the same in the command's own thread
 * (--workers 1) and in a pool thread: one share of a scenario's search, and fuzz rounds.
 */
import type { Backend } from '../backend/index.js';
import { checkScenario, searchShare, type FailureBound, type Share, type ShareResult } from '../check/index.js';
import { coverageFigures, type Coverage } from '../coverage/index.js';
import { counterexampleRunOf, writeCounterexample, type Counterexample } from '../counterexample/index.js';
import type { Plan } from '../generate/index.js';
import { counterexampleHtml, pageFileName, writePage } from '../report/index.js';
import { randomShardSeed, type Shard } from './shard.js';

/** Runs per fuzz round: a fresh seed every 25 runs. */
export const FUZZ_ROUND_RUNS = 25;

export interface SearchTask {
  seed: number;
  numRuns: number;
  share: Share;
}

export interface ShareOutcome {
  result: ShareResult;
  /** The counterexample of the share's failure, built where its backend is (the coordinator only writes it). */
  counterexample?: Counterexample;
  /** Its timeline page, drawn from the run the file was built from. */
  page?: string;
}

/** A failing plan's counterexample and its page, both from one run of the plan. */
async function foundCounterexample(backend: Backend, plan: Plan, found: { seed: number; path: string }): Promise<{ counterexample: Counterexample; page: string }> {
  const run = await counterexampleRunOf(backend, plan, found);
  return { counterexample: run.counterexample, page: counterexampleHtml({ ...run, scenario: backend.scenario }) };
}

export async function searchTask(backend: Backend, task: SearchTask, bound: FailureBound | undefined, stop: () => boolean, onRun: () => void): Promise<ShareOutcome> {
  const result = await searchShare(backend, { seed: task.seed, numRuns: task.numRuns, share: task.share, ...(bound ? { bound } : {}), interrupted: stop, onRun });
  const failure = result.failure;
  // A failure beyond another share's cannot be the result: no need to build its file.
  if (!failure || failure.found.kind !== 'violation' || (bound && failure.index > bound.current())) return { result };
  return { result, ...(await foundCounterexample(backend, failure.found.plan, { seed: result.seed, path: failure.path })) };
}

export interface FuzzFigures {
  gapCalls: number;
  failingAnswers: number;
}

/** One fuzz round: a scenario (by its index in the session's list), a seed, what it covered and found. */
export interface RoundReport {
  scenario: number;
  seed: number;
  coverage: Coverage;
  /** A violation, its counterexample and its timeline page already on disk. */
  found?: { invariant: string; file: string; page: string };
  /** The property threw instead of reporting. */
  error?: string;
}

export interface FuzzSink {
  /** A run of the current round ended; the figures of that round so far. */
  run(figures: FuzzFigures): void;
  round(report: RoundReport): void;
}

export interface FuzzPlan {
  /**
   * How long to fuzz, from when this thread is ready: a pool thread takes seconds to start,
   * which must not eat a short budget.
   */
  durationMs: number;
  shard: Shard;
  /** Which scenario this thread starts with: threads start on different ones, then each goes round-robin. */
  offset: number;
  /** Where counterexamples are written, the moment they are found. */
  out: string;
}

export async function fuzzRounds(backends: readonly Backend[], plan: FuzzPlan, stop: () => boolean, sink: FuzzSink): Promise<void> {
  const deadline = Date.now() + plan.durationMs;
  const stopped = () => stop() || Date.now() >= deadline;
  for (let round = 0; !stopped(); round++) {
    const index = (plan.offset + round) % backends.length;
    const backend = backends[index]!;
    const seed = randomShardSeed(plan.shard);
    const result = await checkScenario(backend, { seed, numRuns: FUZZ_ROUND_RUNS, interrupted: stopped, onRun: (_, coverage) => sink.run(coverageFigures([coverage])) });
    const report: RoundReport = { scenario: index, seed, coverage: result.coverage };
    if (result.error) report.error = result.error.message;
    else if (result.failure) {
      // Written the moment it is found: an interrupted session loses nothing.
      const { counterexample, page } = await foundCounterexample(backend, result.failure.plan, { seed: result.seed, path: result.failure.path });
      const file = writeCounterexample(plan.out, counterexample);
      report.found = { invariant: result.failure.violations[0]!.invariant, file, page: writePage(pageFileName(file), page) };
    }
    sink.round(report);
  }
}
