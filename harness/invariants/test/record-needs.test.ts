/**
 * What each invariant needs from a run record — the fields a new backend must fill to
 * support it — is what it declares in `needs`: with every other field blanked (in the run
 * and in its reruns), each invariant gives the same verdict, on every corpus plan.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedBackend, PACKAGE_ROOT, emptyRunRecord, type RunRecord } from '../../backend/index.js';
import { runOptions } from '../../check/index.js';
import { corpusFiles, readCounterexample } from '../../counterexample/index.js';
import { loadScenarios } from '../../scenario/index.js';
import { ALL_INVARIANTS, type Invariant } from '../index.js';

const scenarios = await loadScenarios('properties/scenarios/index.ts', PACKAGE_ROOT);
const corpus = corpusFiles(join(PACKAGE_ROOT, 'counterexamples')).map((file) => readCounterexample(file));

/** The record with only the invariant's declared fields kept; every other one as a backend that cannot fill it leaves it. */
function onlyNeeded(record: RunRecord, invariant: Invariant): RunRecord {
  const blank = emptyRunRecord(record.backend);
  const kept = Object.fromEntries(invariant.needs.map((field) => [field, record[field]]));
  return { ...blank, settled: false, ...kept };
}

describe.each(ALL_INVARIANTS.map((invariant) => [invariant.name, invariant] as const))('%s', (_name, invariant) => {
  it.each(corpus.map((c) => [c.scenario.name, c] as const))('reads only the fields it needs on the %s corpus plan', async (_scenario, counterexample) => {
    const scenario = scenarios.find((s) => s.name === counterexample.scenario.name)!;
    const backend = new EmbeddedBackend(scenario);
    const options = runOptions(scenario);
    const record = await backend.run(counterexample.plan, options);
    const full = await invariant.check({ scenario, plan: counterexample.plan, record, rerun: (plan) => backend.run(plan, options) });
    const restricted = await invariant.check({
      scenario,
      plan: counterexample.plan,
      record: onlyNeeded(record, invariant),
      rerun: async (plan) => onlyNeeded(await backend.run(plan, options), invariant),
    });
    expect(restricted).toEqual(full);
  }, 0); // runs and reruns whole plans: no timeout around them
});
