/**
 * The property suite for the example vault (contract/vault): in 500 generated runs — user
 * calls with deposits, every way a mock can answer, calls landing in the gap between a call
 * and its callback, extra receipt delays and reorderings — every invariant holds (state
 * restored, deposits refunded, NEAR conserved, callbacks private and succeeding, storage paid,
 * liabilities backed, nothing left locked), and the runs tested what the scenario declares:
 * every method succeeded, every mock method was called and failed, every callback saw a failure.
 */
import { expect, it } from 'vitest';
import { EmbeddedBackend } from '../harness/backend/index.js';
import { checkScenario, runOptions } from '../harness/check/index.js';
import { renderTrace } from '../harness/counterexample/index.js';
import { vaultScenario } from './scenarios/vault.scenario.js';

it('the vault keeps every invariant in 500 generated runs, none of them vacuous', async () => {
  const scenario = vaultScenario();
  const backend = new EmbeddedBackend(scenario);
  const result = await checkScenario(backend, { seed: 20261121, numRuns: 500 });
  expect(result.error).toBeUndefined();
  if (result.failure) {
    const verdict = await backend.run(result.failure.plan, runOptions(scenario));
    expect.fail(renderTrace(scenario.name, result.failure.plan, verdict, result.failure.violations));
  }
  expect(result.runs).toBe(500);
  expect(result.vacuity).toEqual([]);
}, 0); // 500 property runs: minutes on a busy machine; no timeout around them
