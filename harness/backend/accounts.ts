/**
 * The accounts of a scenario as a backend creates them: the contract under test and the
 * mocks with their code, the users, and the attacker that probes callbacks, each with the
 * balance it starts every run with.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Scenario } from '../scenario/index.js';
import { ATTACKER_BALANCE, DEFAULT_CONTRACT_BALANCE, PROJECT_ROOT } from './defaults.js';
import { ScenarioSetupError } from './errors.js';

/** The built mock contracts, by mock kind. */
export const MOCK_WASM = { mock: 'mocks/build/mock.wasm', 'fungible-token': 'mocks/build/mock-ft.wasm' } as const;

export function resolveWasm(path: string): string {
  return isAbsolute(path) ? path : join(PROJECT_ROOT, path);
}

export interface ScenarioAccount {
  id: string;
  role: 'contract' | 'mock' | 'user' | 'attacker';
  balance: bigint;
  /** Path of the wasm deployed to it (contract and mocks). */
  wasm?: string;
}

/** The foreign account that probes the callbacks. */
export function attackerOf(scenario: Scenario): string {
  return scenario.attacker ?? 'attacker.test.near';
}

/** Every account a run needs, in the order they are created; the attacker only if it is not a user. */
export function scenarioAccounts(scenario: Scenario): ScenarioAccount[] {
  const accounts: ScenarioAccount[] = [
    { id: scenario.contract.id, role: 'contract', balance: scenario.contract.balance ?? DEFAULT_CONTRACT_BALANCE, wasm: scenario.contract.wasm },
    ...scenario.mocks.map((m): ScenarioAccount => ({ id: m.id, role: 'mock', balance: m.balance ?? DEFAULT_CONTRACT_BALANCE, wasm: MOCK_WASM[m.kind] })),
    ...scenario.users.map((u): ScenarioAccount => ({ id: u.id, role: 'user', balance: u.balance })),
  ];
  const attacker = attackerOf(scenario);
  if (!accounts.some((a) => a.id === attacker)) accounts.push({ id: attacker, role: 'attacker', balance: ATTACKER_BALANCE });
  return accounts;
}

/** The wasm bytes of a path, or a ScenarioSetupError saying which file is missing. */
export function readWasm(scenario: Scenario, path: string): Uint8Array {
  const file = resolveWasm(path);
  if (!existsSync(file)) throw new ScenarioSetupError(scenario.name, `wasm not found: ${file}`);
  return new Uint8Array(readFileSync(file));
}
