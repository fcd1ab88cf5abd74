/** sha256 of every contract a scenario deploys, by account id. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolveWasm } from '../backend/index.js';
import type { Scenario } from '../scenario/types.js';

export const MOCK_WASM = { mock: 'mocks/build/mock.wasm', 'fungible-token': 'mocks/build/mock-ft.wasm' } as const;

export function wasmHashes(scenario: Scenario): Record<string, string> {
  const hash = (path: string) => createHash('sha256').update(readFileSync(resolveWasm(path))).digest('hex');
  return {
    [scenario.contract.id]: hash(scenario.contract.wasm),
    ...Object.fromEntries(scenario.mocks.map((m) => [m.id, hash(MOCK_WASM[m.kind])])),
  };
}
