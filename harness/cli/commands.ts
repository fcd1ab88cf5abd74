/**
 * The harness's commands: run (the suites, seeded), fuzz (time-boxed, fresh seeds) and
 * replay (a counterexample file). Output goes through `out` so tests can read it.
 */
import { randomInt } from 'node:crypto';
import { PROJECT_ROOT, type Backend } from '../backend/index.js';
import { checkPlan, checkScenario, type CheckResult } from '../check/index.js';
import {
  buildCounterexample,
  corpusFiles,
  emitRegressionTest,
  replayCounterexample,
  writeCounterexample,
  type ReplayResult,
} from '../counterexample/index.js';
import { loadScenarios, type Scenario } from '../scenario/index.js';
import { openBackends, type BackendKind } from './backends.js';

export { DEFAULT_CORPUS, DEFAULT_OUT, DEFAULT_SCENARIOS } from './defaults.js';

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
}

async function selectScenarios(options: SuiteOptions): Promise<Scenario[]> {
  const all = await loadScenarios(options.scenarios, options.projectRoot ?? PROJECT_ROOT);
  if (!options.only?.length) return all;
  const unknown = options.only.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; ${options.scenarios} defines: ${all.map((s) => s.name).join(', ')}`);
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
  const scenarios = await loadScenarios(options.scenarios, options.projectRoot ?? PROJECT_ROOT);
  out.line(`replaying ${files.length} counterexample(s) from ${options.corpus}/`);
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
      out.line(`  ERROR ${message.startsWith(file) ? message : `${file}: ${message}`}`);
      continue;
    }
    const expected = scenarios.find((s) => s.name === result.counterexample.scenario.name)?.expectViolation ?? false;
    const still = result.violations.length > 0;
    if (still && !expected) ok = false;
    out.line(`  ${still ? (expected ? 'still fails (expected)' : 'STILL FAILS') : 'fixed'}  ${file}${still ? `: [${result.violations[0]!.invariant}]` : ''}`);
  }
  return ok;
}

function report(result: CheckResult, scenario: Scenario, written: string | undefined, out: Output, verbose: boolean, trace: string | undefined): boolean {
  if (result.error) {
    out.line(`ERROR ${scenario.name}: the property threw instead of reporting: ${result.error.stack ?? result.error.message}`);
    return false;
  }
  if (!result.failure) {
    const ok = !scenario.expectViolation;
    out.line(`${ok ? 'ok   ' : 'MISSED'} ${scenario.name}: ${result.runs} runs, no violation${ok ? '' : ' — this self-test subject should have been caught'}`);
    return ok;
  }
  const f = result.failure;
  const ok = scenario.expectViolation === true;
  out.line(
    `${ok ? 'found' : 'FAIL '} ${scenario.name}: ${[...new Set(f.violations.map((v) => v.invariant))].join(', ')} after ${result.runs} run(s), ` +
      `minimal counterexample ${f.plan.steps.length} step(s)${written ? ` → ${written}` : ''}`,
  );
  out.line(`        ${f.violations[0]!.message}`);
  if ((verbose || !ok) && trace) out.line(trace.split('\n').map((l) => `        ${l}`).join('\n'));
  return ok;
}

async function findAndWrite(backend: Backend, result: CheckResult, outDir: string, out: Output): Promise<{ file?: string; trace?: string }> {
  if (!result.failure) return {};
  const verdict = await checkPlan(backend, result.failure.plan);
  const counterexample = buildCounterexample(backend.scenario, result.failure.plan, verdict.record, verdict.violations, { seed: result.seed, path: result.failure.path });
  const file = writeCounterexample(outDir, counterexample);
  out.found?.(file);
  return { file, trace: counterexample.trace };
}

export async function runCommand(options: SuiteOptions & { seed: number; runs: number; verbose: boolean }, out: Output): Promise<number> {
  const scenarios = await selectScenarios(options);
  let ok = await replayCorpus(options, out);
  const source = await openBackends(options.backend ?? 'embedded');
  try {
    out.line(`checking ${scenarios.length} scenario(s) from ${options.scenarios} on ${source.description} (seed ${options.seed}, ${options.runs} runs each; up to ${options.runs * 5} for self-test subjects)`);
    const stopped = () => options.stop?.() === true;
    for (const scenario of scenarios) {
      if (stopped()) break;
      const backend = source.make(scenario);
      // A self-test subject stops at its first failure; give it room to be found.
      const numRuns = scenario.expectViolation ? options.runs * 5 : options.runs;
      const result = await checkScenario(backend, { seed: options.seed, numRuns, interrupted: stopped, onRun: (n) => out.progress(`  ${scenario.name}: run ${n}`) });
      const { file, trace } = await findAndWrite(backend, result, options.out, out);
      if (stopped() && !result.failure) {
        out.line(`stopped ${scenario.name}: interrupted after ${result.runs} run(s), no violation so far`);
        continue;
      }
      ok = report(result, scenario, file, out, options.verbose, trace) && ok;
    }
  } finally {
    await source.close();
  }
  if (options.stop?.()) {
    out.line('interrupted: not every scenario was checked.');
    return 130;
  }
  out.line(ok ? 'all scenarios behaved as expected.' : 'some scenarios did not behave as expected (see above).');
  return ok ? 0 : 1;
}

export async function fuzzCommand(
  options: SuiteOptions & { durationMs: number; includeSelfTests: boolean },
  out: Output,
): Promise<number> {
  const all = await selectScenarios(options);
  const scenarios = options.includeSelfTests ? all : all.filter((s) => !s.expectViolation);
  if (scenarios.length === 0) throw new Error('nothing to fuzz: every selected scenario is a self-test subject (add --include-self-tests)');
  await replayCorpus(options, out);
  const source = await openBackends(options.backend ?? 'embedded');
  const backends = scenarios.map((s) => source.make(s));
  try {
    const started = Date.now();
    const deadline = started + options.durationMs;
    let runs = 0;
    let failures = 0;
    const interrupted = () => options.stop?.() === true;
    const stopped = () => interrupted() || Date.now() >= deadline;
    const status = () => {
      const seconds = (Date.now() - started) / 1000;
      return `fuzz ${Math.floor(seconds / 60)}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s  runs ${runs}  ${(runs / Math.max(seconds, 0.001)).toFixed(1)} runs/s  failures ${failures}`;
    };
    out.line(`fuzzing ${scenarios.map((s) => s.name).join(', ')} on ${source.description} for ${Math.round(options.durationMs / 1000)} s; counterexamples go to ${options.out}/`);
    for (let round = 0; !stopped(); round++) {
      const backend = backends[round % backends.length]!;
      const seed = randomInt(2 ** 31 - 1);
      const result = await checkScenario(backend, { seed, numRuns: 25, interrupted: stopped, onRun: () => {
        runs++;
        out.progress(status());
      } });
      if (result.error) {
        failures++;
        out.line(`\nERROR ${backend.scenario.name} (seed ${seed}): ${result.error.message}`);
      } else if (result.failure) {
        failures++;
        // Written the moment it is found: an interrupted run loses nothing.
        const { file } = await findAndWrite(backend, result, options.out, out);
        out.line(`\nfound [${result.failure.violations[0]!.invariant}] in ${backend.scenario.name} (seed ${seed}) → ${file}`);
      }
    }
    out.line(`\n${status()}${interrupted() ? ' (interrupted)' : ''}`);
    if (interrupted()) return 130;
    return failures > 0 ? 1 : 0;
  } finally {
    await source.close();
  }
}

export async function replayCommand(file: string, options: { emitTest?: string | undefined; allowChangedWasm: boolean }, out: Output): Promise<number> {
  const result = await replayCounterexample(file, { allowChangedWasm: options.allowChangedWasm });
  out.line(result.trace);
  const foundOn = result.counterexample.backend;
  out.line(
    result.identical
      ? `replayed ${file}: identical trace, ${result.violations.length} violation(s)`
      : result.reproduced
        ? `replayed ${file} (found on the ${foundOn} backend) on the embedded runtime: the same invariants are violated (${result.violations.length} violation(s)); ids and blocks differ between backends`
        : `replayed ${file}: the trace DIFFERS from the one in the file (${result.violations.length} violation(s) now)`,
  );
  if (options.emitTest) {
    emitRegressionTest(options.emitTest, file, result.counterexample);
    out.line(`wrote regression test ${options.emitTest}; it fails until the bug is fixed`);
  }
  return result.reproduced ? 0 : 1;
}
