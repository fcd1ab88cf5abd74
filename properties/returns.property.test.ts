/**
 * The router and the desk, done right, keep every invariant in 500 generated runs each: AMM
 * answers drawn per call (partial fills, outputs around `min_out`, garbage), receivers that
 * leave any amount unused or fail, calls back into the contract, and calls landing in the gap.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedBackend } from '../harness/backend/index.js';
import { checkScenario } from '../harness/check/index.js';
import { deskScenario, routerScenario } from './scenarios/returns.scenario.js';

describe.each([
  ['router', routerScenario()],
  ['desk', deskScenario()],
] as const)('the %s', (_name, scenario) => {
  it('keeps every invariant in 500 generated runs', async () => {
    const result = await checkScenario(new EmbeddedBackend(scenario), { seed: 20261201, numRuns: 500 });
    expect(result.error).toBeUndefined();
    expect(result.failure?.violations).toBeUndefined();
    expect(result.runs).toBe(500);
    expect(result.vacuity).toEqual([]);
  }, 0); // 500 property runs: no timeout around them
});
