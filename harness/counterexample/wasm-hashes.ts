/** sha256 of every contract a scenario deploys, by account id. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { MOCK_WASM, resolveWasm } from '../backend/index.js';
import type { Scenario } from '../scenario/index.js';

/** The wasm file every contract of the scenario is deployed from, by account id. */
function wasmFiles(scenario: Scenario): Record<string, string> {
  return {
    [scenario.contract.id]: resolveWasm(scenario.contract.wasm),
    ...Object.fromEntries(scenario.mocks.map((m) => [m.id, resolveWasm(MOCK_WASM[m.kind])])),
  };
}

export function wasmHashes(scenario: Scenario): Record<string, string> {
  const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  return Object.fromEntries(Object.entries(wasmFiles(scenario)).map(([account, file]) => [account, hash(file)]));
}

/** The contracts whose wasm file is not there (not built, or moved), with that file. */
export function missingWasms(scenario: Scenario): { account: string; file: string }[] {
  return Object.entries(wasmFiles(scenario))
    .filter(([, file]) => !existsSync(file))
    .map(([account, file]) => ({ account, file }));
}
