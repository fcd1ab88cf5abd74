/** sha256 of every contract a scenario deploys, by account id (generated mocks included: their bytes follow from their interface). */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolveWasm, scenarioAccounts, scenarioCode } from '../backend/index.js';
import type { Scenario } from '../scenario/index.js';

export function wasmHashes(scenario: Scenario): Record<string, string> {
  return Object.fromEntries([...scenarioCode(scenario)].map(([account, code]) => [account, createHash('sha256').update(code).digest('hex')]));
}

/** The contracts whose wasm file is not there (not built, or moved), with that file. */
export function missingWasms(scenario: Scenario): { account: string; file: string }[] {
  return scenarioAccounts(scenario).flatMap((account) => {
    const code = account.code;
    if (!code || !('file' in code)) return [];
    const file = resolveWasm(code.file);
    return existsSync(file) ? [] : [{ account: account.id, file }];
  });
}
