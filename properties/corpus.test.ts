/**
 * The committed counterexample corpus (counterexamples/): each file replays to exactly
 * the trace it was written with, and still shows the bug of its buggy variant. A change
 * to the runtime or the harness that alters any run shows up here first; regenerate the
 * corpus with `npm start -- --out counterexamples` once the change is intended.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../harness/backend/index.js';
import { corpusFiles, replayCounterexample } from '../harness/counterexample/index.js';
import { DESK_VARIANTS, ROUTER_VARIANTS } from './scenarios/returns.scenario.js';
import { STAKER_VARIANTS } from './scenarios/rust.scenario.js';
import { BUGGY_VARIANTS } from './scenarios/vault.scenario.js';

const files = corpusFiles(join(PACKAGE_ROOT, 'counterexamples'));

describe('counterexample corpus', () => {
  it('holds one counterexample per buggy variant', () => {
    expect(files.map((f) => f.split('/').pop()!.split('--')[0]).sort()).toEqual(
      [...BUGGY_VARIANTS, ...ROUTER_VARIANTS, ...DESK_VARIANTS, ...STAKER_VARIANTS].map((v) => `buggy-${v}`).sort(),
    );
  });

  it.each(files.map((f) => [f.split('/').pop()!, f]))('%s replays to its identical trace and still fails', async (_name, file) => {
    const result = await replayCounterexample(file);
    expect(result.trace).toBe(result.counterexample.trace);
    expect(result.violations.length).toBeGreaterThan(0);
  }, 0); // a replay of a whole run: no timeout, so a busy machine cannot turn it red
});
