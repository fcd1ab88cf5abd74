/** sha256 of every contract a scenario deploys, by account id. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MOCK_WASM, resolveWasm } from '../backend/index.js';
import type { Scenario } from '../scenario/types.js';

export function wasmHashes(scenario: Scenario): Record<string, string> {
  const hash = (path: string) => createHash('sha256').update(readFileSync(resolveWasm(path))).digest('hex');
  return {
    [scenario.contract.id]: hash(scenario.contract.wasm),
    ...Object.fromEntries(scenario.mocks.map((m) => [m.id, hash(MOCK_WASM[m.kind])])),
  };
}
