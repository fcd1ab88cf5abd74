/**
 * `replay <file> --emit-test`: a vitest regression test that replays the counterexample
 * and fails while the bug is there.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { PACKAGE_ROOT } from '../backend/index.js';
import type { Counterexample } from './format.js';

/**
 * Where the test imports the harness from: the package by name in a user's project (it
 * resolves wherever node_modules puts it); the sources, relatively, inside the harness's
 * own repository, which cannot install itself.
 */
function harnessImport(from: string): string {
  const inside = relative(PACKAGE_ROOT, from);
  if (inside.startsWith('..') || isAbsolute(inside) || inside.split(/[\\/]/).includes('node_modules')) return 'near-rollback-harness';
  const path = relative(from, join(PACKAGE_ROOT, 'harness/api/index.js')).replace(/\\/g, '/');
  return path.startsWith('.') ? path : `./${path}`;
}

export function regressionTestSource(testFile: string, counterexampleFile: string, counterexample: Counterexample): string {
  const from = dirname(testFile);
  const dataPath = relative(from, counterexampleFile).replace(/\\/g, '/');
  const what = counterexample.violations[0] ? `${counterexample.violations[0].invariant}` : 'violation';
  return `// Regression test written by \`near-rollback-harness replay --emit-test\`.
// It replays ${dataPath} and fails while the run still violates an invariant.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { replayCounterexample } from '${harnessImport(from)}';

it(${JSON.stringify(`${counterexample.scenario.name}: no ${what} (counterexample ${dataPath.split('/').pop()})`)}, async () => {
  const file = fileURLToPath(new URL(${JSON.stringify(dataPath.startsWith('.') ? dataPath : `./${dataPath}`)}, import.meta.url));
  const result = await replayCounterexample(file, { allowChangedWasm: true });
  expect(result.violations, result.trace).toEqual([]);
}, 0); // a whole run is replayed: no timeout, so a busy CI machine cannot turn it red
`;
}

export function emitRegressionTest(testFile: string, counterexampleFile: string, counterexample: Counterexample): void {
  mkdirSync(dirname(testFile), { recursive: true });
  writeFileSync(testFile, regressionTestSource(testFile, counterexampleFile, counterexample));
}
