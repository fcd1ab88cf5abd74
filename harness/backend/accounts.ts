/**
 * The accounts of a scenario as a backend creates them: the contract under test and the
 * mocks with their code, the users, and the attacker that probes callbacks, each with the
 * balance it starts every run with.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mockWasm } from '../mock/index.js';
import type { MockSpec, Scenario } from '../scenario/index.js';
import { ATTACKER_BALANCE, DEFAULT_CONTRACT_BALANCE, PACKAGE_ROOT } from './defaults.js';
import { ScenarioSetupError } from './errors.js';

/** The built mock fungible token (NEP-141/145), shipped with the package. */
export const MOCK_FT_WASM = join(PACKAGE_ROOT, 'mocks/build/mock-ft.wasm');

/** The methods a generated mock exports: its declared interface, and `mock_relay` when it relays. */
export function mockInterface(mock: MockSpec): string[] {
  return [...Object.keys(mock.methods ?? {}), ...(mock.relay ? ['mock_relay'] : [])];
}

function mockCode(mock: MockSpec): AccountCode {
  return mock.kind === 'fungible-token' ? { file: MOCK_FT_WASM } : { mockInterface: mockInterface(mock) };
}

/**
 * A wasm path of a scenario built in code is the caller's, from the current folder; a
 * scenario module's relative paths were already made absolute from the module (load.ts).
 */
export function resolveWasm(path: string): string {
  return resolve(path);
}

export interface ScenarioAccount {
  id: string;
  role: 'contract' | 'mock' | 'user' | 'attacker';
  balance: bigint;
  /** Where the code deployed to it comes from. */
  code?: AccountCode;
}

/** A wasm file, or a mock generated for an interface. */
export type AccountCode = { file: string } | { mockInterface: readonly string[] };

/** The foreign account that probes the callbacks. */
export function attackerOf(scenario: Scenario): string {
  return scenario.attacker ?? 'attacker.test.near';
}

/** Every account a run needs, in the order they are created; the attacker only if it is not a user. */
export function scenarioAccounts(scenario: Scenario): ScenarioAccount[] {
  const accounts: ScenarioAccount[] = [
    { id: scenario.contract.id, role: 'contract', balance: scenario.contract.balance ?? DEFAULT_CONTRACT_BALANCE, code: { file: scenario.contract.wasm } },
    ...scenario.mocks.map((m): ScenarioAccount => ({ id: m.id, role: 'mock', balance: m.balance ?? DEFAULT_CONTRACT_BALANCE, code: mockCode(m) })),
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

/** Generated mocks by interface: the same interface always gives the same bytes, so they are made once. */
const generatedMocks = new Map<string, Uint8Array>();

/** The code deployed to an account of the scenario, if any. */
export function accountCode(scenario: Scenario, account: ScenarioAccount): Uint8Array | undefined {
  const code = account.code;
  if (!code) return undefined;
  if ('file' in code) return readWasm(scenario, code.file);
  const key = code.mockInterface.join('\u0000');
  let wasm = generatedMocks.get(key);
  if (!wasm) {
    try {
      wasm = mockWasm(code.mockInterface);
    } catch (error) {
      throw new ScenarioSetupError(scenario.name, `the mock ${account.id} cannot be generated: ${error instanceof Error ? error.message : String(error)}`);
    }
    generatedMocks.set(key, wasm);
  }
  return wasm;
}

/** Every account's code, by account id (contract and mocks). */
export function scenarioCode(scenario: Scenario): Map<string, Uint8Array> {
  return new Map(scenarioAccounts(scenario).flatMap((a) => {
    const code = accountCode(scenario, a);
    return code ? [[a.id, code] as const] : [];
  }));
}
