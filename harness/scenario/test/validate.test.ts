/** Scenario validation: every mistake reported at once, saying what is wrong and what to do. */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { MAX_DELAY_BLOCKS, MAX_PLAN_STEPS, MAX_WAIT_BLOCKS } from '../../generate/index.js';
import { loadScenarios, ScenarioError, validateScenario, type Scenario } from '../index.js';
import { vaultScenario } from '../../../properties/scenarios/vault.scenario.js';

const problems = (scenario: Scenario) => {
  try {
    validateScenario(scenario, PACKAGE_ROOT);
    return [];
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
};

describe('scenario validation', () => {
  it('accepts the vault scenario', () => {
    expect(problems(vaultScenario())).toEqual([]);
  });

  it('names an unknown method and lists the contract\'s methods', () => {
    const scenario = vaultScenario();
    scenario.methods.push({ name: 'stake_all', args: () => fc.constant({}) });
    expect(problems(scenario)).toEqual([expect.stringMatching(/^unknown method "stake_all": \S*contract\/build\/vault\.wasm exports batch_stake, deposit, .*withdraw_tokens$/)]);
  });

  it('says where it looked for a missing wasm', () => {
    expect(problems(vaultScenario('contract/build/nope.wasm'))).toEqual([expect.stringMatching(/^wasm not found: .*contract\/build\/nope\.wasm \(build it, or fix the path/)]);
  });

  it('refuses a callback that is not a method of the contract', () => {
    const scenario = { ...vaultScenario(), callbacks: ['on_stake', 'on_unstake'] };
    expect(problems(scenario)).toEqual([expect.stringMatching(/^callback "on_unstake" is not a method of the contract/)]);
  });

  it('refuses invalid and duplicated account ids, and relayable methods without a relay', () => {
    const scenario = vaultScenario();
    scenario.users = [{ id: 'Alice', balance: 1n }, { id: 'pool.test.near', balance: 1n }];
    scenario.mocks = scenario.mocks.filter((m) => !m.relay);
    const found = problems(scenario);
    expect(found).toContain('"Alice" is not a valid NEAR account id (2-64 chars of a-z, 0-9, and - _ . between them)');
    expect(found).toContain('account "pool.test.near" is declared twice (contract, users and mocks must all differ)');
    expect(found).toContain('method "stake" is relayable but no mock is marked relay: true');
  });

  it('refuses generation limits beyond what a counterexample file can hold, so every failure found can be replayed', () => {
    const scenario = { ...vaultScenario(), limits: { maxSteps: MAX_PLAN_STEPS + 1, maxWait: 1e9, maxDelay: -1 } };
    expect(problems(scenario)).toEqual([
      `limits.maxSteps is ${MAX_PLAN_STEPS + 1}: it must be a whole number from 0 to ${MAX_PLAN_STEPS}, the most a counterexample file can hold (MAX_PLAN_STEPS)`,
      `limits.maxWait is 1000000000: it must be a whole number from 0 to ${MAX_WAIT_BLOCKS}, the most a counterexample file can hold (MAX_WAIT_BLOCKS)`,
      `limits.maxDelay is -1: it must be a whole number from 0 to ${MAX_DELAY_BLOCKS}, the most a counterexample file can hold (MAX_DELAY_BLOCKS)`,
    ]);
    expect(problems({ ...vaultScenario(), limits: { maxWait: 1.5 } })).toEqual([expect.stringMatching(/^limits\.maxWait is 1\.5: it must be a whole number/)]);
    expect(problems({ ...vaultScenario(), limits: { maxSteps: MAX_PLAN_STEPS, maxWait: MAX_WAIT_BLOCKS, maxDelay: MAX_DELAY_BLOCKS } })).toEqual([]);
  });

  it('loads the scenarios of a module, validated, remembering where they came from', async () => {
    const loaded = await loadScenarios('properties/scenarios/vault.scenario.ts', PACKAGE_ROOT);
    expect(loaded.map((s) => s.name)).toContain('buggy-f-debit-in-callback');
    expect(loaded[0]!.source).toEqual({ module: 'properties/scenarios/vault.scenario.ts' });
    await expect(loadScenarios('properties/scenarios/missing.ts', PACKAGE_ROOT)).rejects.toThrow(/scenario module not found/);
  });
});
