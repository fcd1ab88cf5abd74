/**
 * The harness's commands: run (the suites, seeded), fuzz (time-boxed, fresh seeds) and
 * replay (a counterexample file). Output goes through `out` so tests can read it. `run` and
 * `fuzz` spread their runs over threads (pool.ts); `run`'s output does not depend on how many.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { combineShares, firstFailure, NO_FAILURE_YET, type CheckResult } from '../check/index.js';
import {
  COVERAGE_FILE,
  coverageFigures,
  coverageFile,
  emptyCoverage,
  failingAnswers,
  figureText,
  formatCoverage,
  formatVacuity,
  mergeCoverage,
  vacuity,
  type Coverage,
  type CoverageEntry,
  type VacuityComplaint,
} from '../coverage/index.js';
import {
  corpusFiles,
  emitRegressionTest,
  replayCounterexample,
  writeCounterexample,
  type ReplayResult,
} from '../counterexample/index.js';
import { COVERAGE_PAGE, counterexampleHtml, coverageHtml, pageFileName, writePage, type CoverageReport } from '../report/index.js';
import { findProjectRoot, loadScenarios, type Scenario } from '../scenario/index.js';
import { openBackends, type BackendKind, type BackendSource } from './backends.js';
import { FUZZ_RUNS_TO_JUDGE } from './defaults.js';
import { inThreadExecutor, poolExecutor, type Executor } from './pool.js';
import { shardText, WHOLE_SEED_SPACE, type Shard } from './shard.js';

export { DEFAULT_CORPUS, DEFAULT_OUT, FUZZ_RUNS_TO_JUDGE } from './defaults.js';

/**
 * Exit statuses of `run` and `fuzz`: 0 every scenario behaved as expected; 1 one did not —
 * a violation in a contract that should pass, a self-test subject not caught, a regressed
 * corpus file, or a vacuous pass (runs that found nothing but tested nothing worth trusting);
 * 2 a usage or scenario error (main.ts); 130 interrupted.
 */
export const EXPECTATIONS_NOT_MET = 1;

/** A path as the user reads it: from the current folder when it lies below it, else in full. */
export function shown(path: string): string {
  const below = relative(process.cwd(), path);
  return below !== '' && !below.startsWith('..') && !isAbsolute(below) ? below.replace(/\\/g, '/') : path;
}


export interface Output {
  line(text: string): void;
  /** A progress line that replaces itself (on a terminal). */
  progress(text: string): void;
  /** A counterexample file was written (so an interrupted command can say where everything is). */
  found?(file: string): void;
}

export interface SuiteOptions {
  scenarios: string;
  /** Where runs execute (default: the embedded runtime). */
  backend?: BackendKind;
  only?: string[] | undefined;
  corpus: string;
  out: string;
  projectRoot?: string | undefined;
  /** Checked between runs (and between shrinking steps): true stops the command early, keeping what was found. */
  stop?: (() => boolean) | undefined;
  /**
   * Threads to spread the runs over (default 1: this thread only). The same seed gives the
   * same runs, counterexamples and coverage whatever the number (check/shares.ts).
   */
  workers?: number | undefined;
  /** The stop flag in shared memory, for the pool's threads to read (worker.ts passes the supervisor's); `stop` is copied into it. */
  stopFlag?: Int32Array<SharedArrayBuffer> | undefined;
}

async function selectScenarios(options: SuiteOptions): Promise<Scenario[]> {
  const all = await loadScenarios(options.scenarios, options.projectRoot ?? findProjectRoot(process.cwd()));
  if (!options.only?.length) return all;
  const unknown = options.only.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; ${shown(options.scenarios)} defines: ${all.map((s) => s.name).join(', ')}`);
  return all.filter((s) => options.only!.includes(s.name));
}

/**
 * Replays every counterexample of the corpus first; returns false if one regressed. Whether
 * a failure is expected is judged against every scenario of the module, not only the ones
 * selected with --only.
 */
async function replayCorpus(options: SuiteOptions, out: Output): Promise<boolean> {
  const files = corpusFiles(options.corpus);
  if (files.length === 0) return true;
  const scenarios = await loadScenarios(options.scenarios, options.projectRoot ?? findProjectRoot(process.cwd()));
  out.line(`replaying ${files.length} counterexample(s) from ${shown(options.corpus)}/`);
  let ok = true;
  for (const file of files) {
    if (options.stop?.()) break;
    let result: ReplayResult;
    try {
      result = await replayCounterexample(file, { projectRoot: options.projectRoot, allowChangedWasm: true });
    } catch (error) {
      ok = false;
      // A CounterexampleError already starts with the file's name.
      const message = error instanceof Error ? error.message : String(error);
      out.line(`  ERROR ${message.startsWith(file) ? message.replace(file, shown(file)) : `${shown(file)}: ${message}`}`);
      continue;
    }
    const expected = scenarios.find((s) => s.name === result.counterexample.scenario.name)?.expectViolation ?? false;
    const still = result.violations.length > 0;
    if (still && !expected) ok = false;
    out.line(`  ${still ? (expected ? 'still fails (expected)' : 'STILL FAILS') : 'fixed'}  ${shown(file)}${still ? `: [${result.violations[0]!.invariant}]` : ''}`);
  }
  return ok;
}

/** The indent of the lines under a scenario's verdict. */
const UNDER = '        ';

function report(result: CheckResult, scenario: Scenario, written: string | undefined, out: Output, verbose: boolean, trace: string | undefined): boolean {
  if (result.error) {
    out.line(`ERROR ${scenario.name}: the property threw instead of reporting: ${result.error.stack ?? result.error.message}`);
    return false;
  }
  if (!result.failure) {
    if (result.vacuity.length > 0) {
      out.line(formatVacuity(scenario.name, result.runs, result.vacuity, UNDER));
      return false;
    }
    const ok = !scenario.expectViolation;
    out.line(`${ok ? 'ok   ' : 'MISSED'} ${scenario.name}: ${result.runs} runs, no violation${ok ? '' : ' — this self-test subject should have been caught'}`);
    return ok;
  }
  const f = result.failure;
  const ok = scenario.expectViolation === true;
  out.line(
    `${ok ? 'found' : 'FAIL '} ${scenario.name}: ${[...new Set(f.violations.map((v) => v.invariant))].join(', ')} after ${result.runs} run(s), ` +
      `minimal counterexample ${f.plan.steps.length} step(s)${written ? ` → ${shown(written)}` : ''}`,
  );
  out.line(`        ${f.violations[0]!.message}`);
  if ((verbose || !ok) && trace) out.line(trace.split('\n').map((l) => `        ${l}`).join('\n'));
  return ok;
}

/** Why a scenario's vacuity was not judged, if it was not. */
function judgement(scenario: Scenario, found: { violation: boolean; error: boolean }, interrupted: boolean): CoverageEntry['judged'] {
  if (scenario.expectViolation) return 'expects-a-violation';
  if (found.error) return 'error';
  if (found.violation) return 'found-a-violation';
  return interrupted ? 'interrupted' : true;
}

/**
 * The coverage summary under a scenario's verdict: in full for a scenario judged for
 * vacuity (or with --verbose), in one line for a self-test subject, whose runs end at the
 * bug it was made to have.
 */
function printCoverage(coverage: Coverage, scenario: Scenario, out: Output, verbose: boolean): void {
  if (scenario.expectViolation && !verbose) {
    out.line(`${UNDER}coverage: ${coverage.runs} run(s), ${coverage.steps} call(s), ${coverage.gapCalls} in a gap, ${failingAnswers(coverage)} failing answer(s)`);
    return;
  }
  out.line(formatCoverage(coverage, UNDER));
}

/**
 * Writes coverage.json and coverage.html, its page, into the output folder (atomically: a
 * reader never sees half of either); returns their paths.
 */
export function writeCoverage(outDir: string, report: CoverageReport): { json: string; page: string } {
  const { scenarios, seed, ...command } = report;
  const text = coverageFile({ ...command, ...(seed !== undefined ? { seed } : {}) }, scenarios);
  const file = join(outDir, COVERAGE_FILE);
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    const why = error instanceof Error && 'code' in error ? `${String(error.code)}: ${error.message.split(':').slice(1).join(':').trim()}` : String(error);
    throw new Error(`cannot write the coverage report ${file} (${why}); choose another --out folder`);
  }
  return { json: file, page: writePage(join(outDir, COVERAGE_PAGE), coverageHtml(report)) };
}

/** The stop flag the pool's threads read, raised when `stop` says so (worker.ts passes the one the supervisor raises). */
function stopSignal(options: SuiteOptions): { flag: Int32Array<SharedArrayBuffer>; stopped: () => boolean } {
  const flag = options.stopFlag ?? new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  return {
    flag,
    stopped: () => {
      if (options.stop?.() === true) Atomics.store(flag, 0, 1);
      return Atomics.load(flag, 0) !== 0;
    },
  };
}

/**
 * This thread (--workers 1), or a pool of threads: a node backend (workspaces, sandbox)
 * runs in this thread only, since each pool thread would start a node of its own.
 */
function openExecutor(options: SuiteOptions, source: BackendSource, signal: ReturnType<typeof stopSignal>, scenarioCount: number): { executor: Executor; bounds: Int32Array<SharedArrayBuffer> } {
  const bounds = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * Math.max(1, scenarioCount))).fill(NO_FAILURE_YET);
  const workers = options.workers ?? 1;
  const backend = options.backend ?? 'embedded';
  if (workers > 1 && backend !== 'embedded') throw new Error(`--workers ${workers} needs the embedded backend: with --backend ${backend} runs go to one node, from one thread (use --workers 1)`);
  if (workers <= 1) return { executor: inThreadExecutor(source, bounds, signal.stopped), bounds };
  const data = { scenarios: options.scenarios, projectRoot: options.projectRoot ?? findProjectRoot(process.cwd()), backend, stopFlag: signal.flag, bounds };
  return { executor: poolExecutor(workers, data, signal.stopped), bounds };
}

/** Marks a promise awaited later as handled meanwhile, so that its rejection is not reported as unhandled before its turn. */
function later<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

export async function runCommand(options: SuiteOptions & { seed: number; runs: number; verbose: boolean }, out: Output): Promise<number> {
  const scenarios = await selectScenarios(options);
  const signal = stopSignal(options);
  const { stopped } = signal;
  const source = await openBackends(options.backend ?? 'embedded');
  const entries: CoverageEntry[] = [];
  let ok = true;
  try {
    // Threads start (and load the scenarios) while this one replays the corpus.
    const { executor } = openExecutor(options, source, signal, scenarios.length);
    try {
      ok = await replayCorpus({ ...options, stop: stopped }, out);
      // Scenarios that expect a violation (self-test subjects) get more room; say so only when there are some.
      const subjects = scenarios.some((scenario) => scenario.expectViolation) ? `; up to ${options.runs * 5} for those that expect a violation` : '';
      out.line(`checking ${scenarios.length} scenario(s) from ${shown(options.scenarios)} on ${source.description} (seed ${options.seed}, ${options.runs} runs each${subjects})`);
      // Every scenario's shares are submitted now; threads take them in order, so a free thread
      // starts the next scenario while another still shrinks this one's failure. Results are
      // reported in scenario order, each as soon as all its shares are in.
      const count = executor.threads;
      const searches = scenarios.map((scenario, slot) => {
        // A self-test subject stops at its first failure; give it room to be found.
        const numRuns = scenario.expectViolation ? options.runs * 5 : options.runs;
        let runs = 0;
        const onRun = () => {
          runs++;
          if (!stopped()) out.progress(`  ${scenario.name}: run ${runs}`);
        };
        return later(Promise.all(Array.from({ length: count }, (_, index) => executor.search(scenario, slot, { seed: options.seed, numRuns, share: { index, count } }, onRun))));
      });
      for (const [slot, scenario] of scenarios.entries()) {
        if (stopped()) break;
        const shares = await searches[slot]!;
        const result = combineShares(scenario, options.seed, shares.map((s) => s.result), stopped());
        const first = firstFailure(shares.map((s) => s.result));
        const winner = shares.find((s) => s.result.failure === first);
        const counterexample = winner?.counterexample;
        // Written the moment the scenario's result is known: an interrupted run loses nothing.
        const file = result.failure && counterexample ? writeCounterexample(options.out, counterexample) : undefined;
        if (file !== undefined) out.found?.(file);
        const page = file !== undefined && winner?.page !== undefined ? writePage(pageFileName(file), winner.page) : undefined;
        entries.push({
          coverage: result.coverage,
          judged: judgement(scenario, { violation: result.failure !== undefined, error: result.error !== undefined }, stopped()),
          vacuity: result.vacuity,
        });
        if (stopped() && !result.failure) {
          out.line(`stopped ${scenario.name}: interrupted after ${result.runs} run(s), no violation so far`);
          continue;
        }
        ok = report(result, scenario, file, out, options.verbose, counterexample?.trace) && ok;
        if (page !== undefined) out.line(`${UNDER}timeline page → ${shown(page)}`);
        if (!result.error) printCoverage(result.coverage, scenario, out, options.verbose);
      }
    } finally {
      await executor.close();
    }
  } finally {
    await source.close();
  }
  const written = writeCoverage(options.out, { command: 'run', seed: options.seed, backend: options.backend ?? 'embedded', scenarios: entries });
  out.line(`coverage of ${entries.length} scenario(s) → ${shown(written.json)}`);
  out.line(`coverage page → ${shown(written.page)}`);
  if (stopped()) {
    out.line('interrupted: not every scenario was checked.');
    return 130;
  }
  out.line(ok ? 'all scenarios behaved as expected.' : 'some scenarios did not behave as expected (see above).');
  return ok ? 0 : EXPECTATIONS_NOT_MET;
}

/** What a fuzz session knows of one scenario, over all its rounds. */
export interface FuzzTally {
  scenario: Scenario;
  coverage: Coverage;
  violation: boolean;
  error: boolean;
}

/**
 * A scenario's vacuity over a whole fuzz session. Before FUZZ_RUNS_TO_JUDGE runs, only what
 * no budget excuses counts (an undeclared external method called, an expectation naming
 * nothing); the rest is "not reached yet".
 */
export function fuzzVacuity(tally: Pick<FuzzTally, 'scenario' | 'coverage'>): { failing: VacuityComplaint[]; notYet: VacuityComplaint[] } {
  const complaints = vacuity(tally.scenario, tally.coverage);
  if (tally.coverage.runs >= FUZZ_RUNS_TO_JUDGE) return { failing: complaints, notYet: [] };
  const always = (c: VacuityComplaint) => c.check === 'undeclared-call' || c.check === 'unknown-expectation';
  return { failing: complaints.filter(always), notYet: complaints.filter((c) => !always(c)) };
}

/** A scenario's coverage.json entry at the end of a fuzz session (or of merged sessions), judged as `judgement` says. */
export function fuzzEntry(tally: Pick<FuzzTally, 'scenario' | 'coverage'>, judged: CoverageEntry['judged']): CoverageEntry & { failing: VacuityComplaint[]; notYet: VacuityComplaint[] } {
  if (tally.coverage.runs === 0) return { coverage: tally.coverage, judged: judged === true ? 'too-few-runs' : judged, vacuity: [], failing: [], notYet: [] };
  const { failing, notYet } = judged === true ? fuzzVacuity(tally) : { failing: [], notYet: [] };
  return { coverage: tally.coverage, judged: notYet.length > 0 ? 'too-few-runs' : judged, vacuity: failing, ...(notYet.length > 0 ? { notYetReached: notYet } : {}), failing, notYet };
}

export async function fuzzCommand(
  options: SuiteOptions & { durationMs: number; includeSelfTests: boolean; shard?: Shard | undefined },
  out: Output,
): Promise<number> {
  const all = await selectScenarios(options);
  const scenarios = options.includeSelfTests ? all : all.filter((s) => !s.expectViolation);
  if (scenarios.length === 0) throw new Error('nothing to fuzz: every selected scenario is a self-test subject (add --include-self-tests)');
  const signal = stopSignal(options);
  const interrupted = signal.stopped;
  const shard = options.shard ?? WHOLE_SEED_SPACE;
  const source = await openBackends(options.backend ?? 'embedded');
  const tallies: FuzzTally[] = scenarios.map((scenario) => ({ scenario, coverage: emptyCoverage(scenario), violation: false, error: false }));
  try {
    // Threads start (and load the scenarios) while this one replays the corpus.
    const { executor } = openExecutor(options, source, signal, scenarios.length);
    try {
      await replayCorpus({ ...options, stop: interrupted }, out);
    } catch (error) {
      await executor.close();
      throw error;
    }
    const started = Date.now();
    let runs = 0;
    let failures = 0;
    /** Each counterexample file written, with how many rounds shrank to it. */
    const foundFiles = new Map<string, number>();
    /** The figures of each thread's round in progress (the finished rounds are in the tallies). */
    const current = Array.from({ length: executor.threads }, () => ({ gapCalls: 0, failingAnswers: 0 }));
    const covered = () => {
      const finished = coverageFigures(tallies.map((t) => t.coverage));
      return figureText(current.reduce((sum, f) => ({ gapCalls: sum.gapCalls + f.gapCalls, failingAnswers: sum.failingAnswers + f.failingAnswers }), finished));
    };
    const status = () => {
      const seconds = (Date.now() - started) / 1000;
      const distinct = foundFiles.size > 0 ? ` (${foundFiles.size} distinct counterexample${foundFiles.size === 1 ? '' : 's'})` : '';
      return `fuzz ${Math.floor(seconds / 60)}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s  runs ${runs}  ${(runs / Math.max(seconds, 0.001)).toFixed(1)} runs/s  failures ${failures}${distinct}  ${covered()}`;
    };
    try {
      const where = `${shard.count > 1 ? `, seeds of shard ${shardText(shard)}` : ''}${executor.threads > 1 ? `, on ${executor.threads} threads` : ''}`;
      out.line(`fuzzing ${scenarios.map((s) => s.name).join(', ')} on ${source.description} for ${Math.round(options.durationMs / 1000)} s${where}; counterexamples go to ${shown(options.out)}/`);
      // Each thread fuzzes rounds of its own (its own seeds), starting on a different scenario.
      const threads = Array.from({ length: executor.threads }, (_, thread) =>
        executor.fuzz(scenarios, { durationMs: options.durationMs, shard, offset: thread % scenarios.length, out: options.out }, {
          run: (figures) => {
            runs++;
            current[thread] = figures;
            if (!interrupted()) out.progress(status());
          },
          round: (round) => {
            current[thread] = { gapCalls: 0, failingAnswers: 0 };
            const tally = tallies[round.scenario]!;
            mergeCoverage(tally.coverage, round.coverage);
            if (round.error !== undefined) {
              failures++;
              tally.error = true;
              out.line(`\nERROR ${tally.scenario.name} (seed ${round.seed}): ${round.error}`);
            } else if (round.found) {
              failures++;
              tally.violation = true;
              out.found?.(round.found.file);
              // Rounds with other seeds often shrink to the same minimal counterexample (the same
              // file): a nightly log names each once, and counts the rest.
              const seen = foundFiles.get(round.found.file) ?? 0;
              foundFiles.set(round.found.file, seen + 1);
              if (seen === 0) {
                out.line(`\nfound [${round.found.invariant}] in ${tally.scenario.name} (seed ${round.seed}) → ${shown(round.found.file)} (timeline page: ${shown(round.found.page)})`);
              }
            }
          },
        }),
      );
      await Promise.all(threads);
    } finally {
      await executor.close();
    }

    let vacuous = false;
    const entries: CoverageEntry[] = [];
    out.line('');
    for (const tally of tallies) {
      const { failing, notYet, ...entry } = fuzzEntry(tally, judgement(tally.scenario, tally, interrupted()));
      entries.push(entry);
      if (tally.coverage.runs === 0) {
        out.line(`not yet judged ${tally.scenario.name}: no run in this session — the budget (--duration) ran out first`);
        continue;
      }
      if (failing.length > 0) {
        vacuous = true;
        out.line(formatVacuity(tally.scenario.name, tally.coverage.runs, failing, UNDER, ' in this session'));
      }
      if (notYet.length > 0) {
        out.line(
          `not yet judged ${tally.scenario.name}: only ${tally.coverage.runs} run(s) in this session, fewer than the ${FUZZ_RUNS_TO_JUDGE} a vacuity judgement needs — ` +
            `the budget may be too short (--duration); not reached so far:\n${notYet.map((c) => `${UNDER}- ${c.message}`).join('\n')}`,
        );
      }
      printCoverage(tally.coverage, tally.scenario, out, false);
    }
    const written = writeCoverage(options.out, { command: 'fuzz', backend: options.backend ?? 'embedded', ...(options.shard ? { shard: options.shard } : {}), scenarios: entries });
    out.line(`coverage of ${entries.length} scenario(s) → ${shown(written.json)}`);
    out.line(`coverage page → ${shown(written.page)}`);
    for (const [file, rounds] of [...foundFiles].filter(([, rounds]) => rounds > 1)) {
      out.line(`${shown(file)}: found by ${rounds} rounds (each shrank to the same minimal counterexample)`);
    }
    out.line(`\n${status()}${interrupted() ? ' (interrupted)' : ''}`);
    if (interrupted()) return 130;
    return failures > 0 || vacuous ? EXPECTATIONS_NOT_MET : 0;
  } finally {
    await source.close();
  }
}

export async function replayCommand(
  file: string,
  options: { emitTest?: string | undefined; html?: string | undefined; allowChangedWasm: boolean },
  out: Output,
): Promise<number> {
  const result = await replayCounterexample(file, { allowChangedWasm: options.allowChangedWasm });
  out.line(result.trace);
  const foundOn = result.counterexample.backend;
  out.line(
    result.identical
      ? `replayed ${shown(file)}: identical trace, ${result.violations.length} violation(s)`
      : result.reproduced
        ? `replayed ${shown(file)} (found on the ${foundOn} backend) on the embedded runtime: the same invariants are violated (${result.violations.length} violation(s)); ids and blocks differ between backends`
        : `replayed ${shown(file)}: the trace DIFFERS from the one in the file (${result.violations.length} violation(s) now)`,
  );
  if (options.emitTest) {
    emitRegressionTest(options.emitTest, file, result.counterexample);
    out.line(`wrote regression test ${shown(options.emitTest)}; it fails until the bug is fixed`);
  }
  if (options.html) {
    const { counterexample, record, violations, scenario } = result;
    const page = writePage(options.html, counterexampleHtml({ counterexample, record, violations, scenario }));
    out.line(`wrote the timeline page ${shown(page)}`);
  }
  return result.reproduced ? 0 : 1;
}
