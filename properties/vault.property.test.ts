/**
 * The property suite for the example vault (contract/vault): in every generated run —
 * user calls with deposits, every way a mock can answer, calls landing in the gap between
 * a call and its callback, extra receipt delays and reorderings — every rollback
 * invariant holds. It must pass.
 */
import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { EmbeddedBackend } from '../harness/backend/index.js';
import { checkPlan } from '../harness/check/index.js';
import { renderTrace } from '../harness/counterexample/index.js';
import { plan } from '../harness/generate/index.js';
import { vaultScenario } from './scenarios/vault.scenario.js';

const scenario = vaultScenario();
const backend = new EmbeddedBackend(scenario);

test.prop([plan(scenario)], { numRuns: 150, seed: 20261121 })(
  'the vault restores state, refunds deposits, conserves NEAR, keeps callbacks private and leaves nothing locked',
  async (generated) => {
    const verdict = await checkPlan(backend, generated);
    expect(verdict.violations, renderTrace(scenario.name, generated, verdict.record, verdict.violations)).toEqual([]);
  },
  // 150 property runs: seconds, more on a busy machine; no timeout around them.
  0,
);
