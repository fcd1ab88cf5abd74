/**
 * `npm run bench:harness` — property runs per second for the vault suite (and receipts per
 * second), and the share of time spent generating plans, executing them and checking the
 * invariants.
 */
import * as fc from 'fast-check';
import { EmbeddedBackend } from '../harness/backend/index.js';
import { runOptions } from '../harness/check/index.js';
import { plan } from '../harness/generate/index.js';
import { ALL_INVARIANTS } from '../harness/invariants/index.js';
import { vaultScenario } from '../properties/scenarios/vault.scenario.js';

const runs = Number(process.argv[2] ?? 100);
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
  const record = await backend.run(p!, options);
  const t2 = performance.now();
  for (const invariant of ALL_INVARIANTS) {
    await invariant.check({ scenario, plan: p!, record, rerun: (other) => backend.run(other, options) });
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
console.log(`  deploy + setup (once)     ${deployMs.toFixed(0)} ms`);
console.log(`  property runs per second  ${((runs * 1000) / total).toFixed(2)}  (${(steps / runs).toFixed(1)} steps per run)`);
console.log(`  receipts per second       ${((receipts * 1000) / total).toFixed(0)}  (${(receipts / runs).toFixed(1)} per run)`);
console.log(`  time in generation        ${generation.toFixed(0)} ms  ${pct(generation)}`);
console.log(`  time in execution         ${execution.toFixed(0)} ms  ${pct(execution)}`);
console.log(`  time in invariant checks  ${checking.toFixed(0)} ms  ${pct(checking)}  (includes replays without failed operations)`);
