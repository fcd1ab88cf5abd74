/**
 * `replay <file> --emit-test`: a vitest regression test that replays the counterexample
 * and fails while the bug is there.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { PROJECT_ROOT } from '../backend/index.js';
import type { Counterexample } from './format.js';

export function regressionTestSource(testFile: string, counterexampleFile: string, counterexample: Counterexample): string {
  const from = dirname(testFile);
  const importPath = relative(from, `${PROJECT_ROOT}/harness/counterexample/index.js`).replace(/\\/g, '/');
  const dataPath = relative(from, counterexampleFile).replace(/\\/g, '/');
  const what = counterexample.violations[0] ? `${counterexample.violations[0].invariant}` : 'violation';
  return `// Regression test written by \`near-rollback-harness replay --emit-test\`.
// It replays ${dataPath} and fails while the run still violates an invariant.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { replayCounterexample } from '${importPath.startsWith('.') ? importPath : `./${importPath}`}';

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
