/**
 * A rerun without one step that starts from the checkpoint before that step (lean
 * checking) records exactly what a rerun from the beginning records: up to the removed
 * step both plans are the same, and embedded runs are deterministic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withoutStep, plan as planArbitrary, type Plan } from '../../generate/index.js';
import { runOptions } from '../../check/index.js';
import { loadScenarios } from '../../scenario/index.js';
import { EmbeddedBackend, PACKAGE_ROOT, type RunOptions } from '../index.js';

const scenarios = await loadScenarios('properties/scenarios/index.ts', PACKAGE_ROOT);
const RERUN: RunOptions = { probeCallbacks: false };

describe.each(['vault', 'router', 'desk'])('the %s scenario', (name) => {
  it('reruns from a checkpoint record what reruns from the start record', async () => {
    const scenario = scenarios.find((s) => s.name === name)!;
    const backend = new EmbeddedBackend(scenario);
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(planArbitrary(scenario), async (plan: Plan) => {
        const checkpoints = new Map<number, unknown>();
        await backend.run(plan, { ...runOptions(scenario), checkpoints });
        expect([...checkpoints.keys()]).toEqual(plan.steps.map((_, i) => i));
        for (const index of plan.steps.keys()) {
          const fromStart = await backend.run(withoutStep(plan, index), RERUN);
          const fromCheckpoint = await backend.rerunWithout(plan, index, checkpoints, RERUN);
          expect(fromCheckpoint).toEqual(fromStart);
          compared++;
        }
      }),
      { numRuns: 8, seed: 1302 },
    );
    expect(compared).toBeGreaterThan(8);
  }, 0); // whole runs: no timeout around them

  it('without a checkpoint, reruns from the start', async () => {
    const scenario = scenarios.find((s) => s.name === name)!;
    const backend = new EmbeddedBackend(scenario);
    const [plan] = fc.sample(planArbitrary(scenario).filter((p) => p.steps.length >= 2), { numRuns: 1, seed: 7 });
    const expected = await backend.run(withoutStep(plan!, 1), RERUN);
    expect(await backend.rerunWithout(plan!, 1, undefined, RERUN)).toEqual(expected);
  }, 0);
});
