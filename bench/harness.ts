/**
 * `npm run bench:harness` — property runs per second for the vault scenario through the
 * command line with a worker thread per core and with one, then in one thread: receipts
 * per second, the share of time spent generating plans, executing them and checking the
 * invariants, and how a run's cost grows with the plan's length (1, 4, 8, 16 steps).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fc from 'fast-check';
import { EmbeddedBackend } from '../harness/backend/index.js';
import { checkPlan, runOptions } from '../harness/check/index.js';
import type { Plan } from '../harness/generate/index.js';
import { plan } from '../harness/generate/index.js';
import { ALL_INVARIANTS } from '../harness/invariants/index.js';
import { vaultScenario } from '../properties/scenarios/vault.scenario.js';

const runs = Number(process.argv[2] ?? 100);

/**
 * The vault scenario through the command line, as a user runs it (`run --only vault`),
 * with one worker thread and with one per core: runs per second over the whole command,
 * thread start-up included; a fresh empty corpus, so only the vault's runs are timed.
 */
function commandRunsPerSecond(workers: number): number {
  const scratch = mkdtempSync(join(tmpdir(), 'nrh-bench-'));
  try {
    mkdirSync(join(scratch, 'corpus'));
    const started = performance.now();
    const result = spawnSync(
      process.execPath,
      [BIN, 'run', '--only', 'vault', '--runs', String(runs), '--workers', String(workers), '--corpus', join(scratch, 'corpus'), '--out', join(scratch, 'out')],
      { encoding: 'utf8' },
    );
    const seconds = (performance.now() - started) / 1000;
    // Exit 1 is a verdict (a short budget may be judged vacuous); only the run count matters here.
    if (!result.stdout.includes(`vault: ${runs} runs`)) throw new Error(`run --workers ${workers} did not do ${runs} runs (exit ${result.status}): ${result.stdout}${result.stderr}`);
    return runs / seconds;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
const BIN = fileURLToPath(new URL('../bin/near-rollback-harness.js', import.meta.url));
const cores = availableParallelism();
const allWorkers = commandRunsPerSecond(cores);
const oneWorker = commandRunsPerSecond(1);
const scenario = vaultScenario();
const deployStarted = performance.now();
const backend = new EmbeddedBackend(scenario);
const deployMs = performance.now() - deployStarted;
const options = runOptions(scenario);
const arbitrary = plan(scenario);

// Warm-up: compile, tier up.
for (const p of fc.sample(arbitrary, { numRuns: 5, seed: 1 })) await backend.run(p, options);

let generation = 0;
let execution = 0;
let checking = 0;
let receipts = 0;
let steps = 0;
const started = performance.now();
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const [p] = fc.sample(arbitrary, { numRuns: 1, seed: 1000 + i });
  const t1 = performance.now();
  const checkpoints = new Map<number, unknown>();
  const record = await backend.run(p!, { ...options, checkpoints });
  const t2 = performance.now();
  // Reruns as the checker makes them (checkPlan's lean reruns: from the checkpoint before the
  // removed step, with no probes or per-block views).
  const lean = { probeCallbacks: false };
  for (const invariant of ALL_INVARIANTS) {
    await invariant.check({ scenario, plan: p!, record, rerun: (other) => backend.run(other, lean), rerunWithout: (index) => backend.rerunWithout(p!, index, checkpoints, lean) });
  }
  const t3 = performance.now();
  generation += t1 - t0;
  execution += t2 - t1;
  checking += t3 - t2;
  receipts += Object.keys(record.receipts).length;
  steps += p!.steps.length;
}
const total = performance.now() - started;
const pct = (ms: number) => `${((100 * ms) / total).toFixed(1)}%`;
console.log(`near-rollback-harness harness benchmark: vault suite, ${runs} runs (Node ${process.version})\n`);
console.log(`  vault, run --workers ${cores}: ${allWorkers.toFixed(2)} runs/s (one worker: ${oneWorker.toFixed(2)} runs/s, ${(allWorkers / oneWorker).toFixed(2)}x)`);
console.log(`${allWorkers.toFixed(2)} runs/s\n`);
console.log('  in one thread, by phase:');
console.log(`  deploy + setup (once)     ${deployMs.toFixed(0)} ms`);
console.log(`  property runs per second  ${((runs * 1000) / total).toFixed(2)}  (${(steps / runs).toFixed(1)} steps per run)`);
console.log(`  receipts per second       ${((receipts * 1000) / total).toFixed(0)}  (${(receipts / runs).toFixed(1)} per run)`);
console.log(`  time in generation        ${generation.toFixed(0)} ms  ${pct(generation)}`);
console.log(`  time in execution         ${execution.toFixed(0)} ms  ${pct(execution)}`);
console.log(`  time in invariant checks  ${checking.toFixed(0)} ms  ${pct(checking)}  (includes replays without failed operations)`);

// How a run's cost grows with its length: plans of exactly 1, 4, 8 and 16 steps (drawn with
// the step limit raised to 16), each run and judged as the property does (checkPlan).
const LENGTHS = [1, 4, 8, 16] as const;
const PER_LENGTH = Number(process.argv[3] ?? 8);
const long = { ...scenario, limits: { ...scenario.limits, maxSteps: 16 } };
const longBackend = new EmbeddedBackend(long);
const longOptions = runOptions(long);
const byLength = new Map<number, Plan[]>(LENGTHS.map((n) => [n, []]));
for (let seed = 1; [...byLength.values()].some((plans) => plans.length < PER_LENGTH) && seed < 200; seed++) {
  for (const p of fc.sample(plan(long), { numRuns: 50, seed })) {
    const bucket = byLength.get(p.steps.length);
    if (bucket && bucket.length < PER_LENGTH) bucket.push(p);
  }
}
console.log(`\n  per run, by plan length (${PER_LENGTH} plans each):   run      checks   total`);
const checkingMs = new Map<number, number>();
for (const length of LENGTHS) {
  const plans = byLength.get(length)!;
  let run = 0;
  let total = 0;
  for (const p of plans) {
    const t0 = performance.now();
    await longBackend.run(p, longOptions);
    const t1 = performance.now();
    await checkPlan(longBackend, p);
    const t2 = performance.now();
    run += t1 - t0;
    total += t2 - t1; // checkPlan runs the plan again, then judges it
  }
  const perRun = run / plans.length;
  const perTotal = total / plans.length;
  checkingMs.set(length, perTotal - perRun);
  console.log(`    ${String(length).padStart(2)} step(s)${' '.repeat(36)}${perRun.toFixed(1).padStart(7)} ms ${(perTotal - perRun).toFixed(1).padStart(7)} ms ${perTotal.toFixed(1).padStart(7)} ms`);
}
const ratio = checkingMs.get(16)! / checkingMs.get(4)!;
console.log(`  checking time, 16 steps / 4 steps: ${ratio.toFixed(1)}x (linear growth would be 4x)`);
