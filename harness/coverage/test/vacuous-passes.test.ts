/**
 * The passes issue 11 reported as vacuous, now complaints: a contract that loops forever
 * (every call runs out of gas), calls whose arguments are too large to send (every
 * transaction refused), and a misspelt external method (the contract's real calls fail with
 * MethodNotFound, so no answer is ever injected). Each is checked as `checkScenario` checks
 * any scenario, on real wasm; the CLI's exit status is tested in harness/cli/test/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { EmbeddedBackend, PACKAGE_ROOT } from '../../backend/index.js';
import { checkScenario } from '../../check/index.js';
import { callbacksPrivate, custom, depositRefunded, nearConserved, quiescentUnlocked, stateRestored } from '../../invariants/index.js';
import type { Scenario } from '../../scenario/index.js';

const NEAR = 10n ** 24n;
const USERS = [{ id: 'alice.test.near', balance: 100n * NEAR }];
const POOL = 'pool.test.near';

/** A contract whose one method loops until its gas runs out. */
async function spinningContract(): Promise<string> {
  const wabt = await wabtInit();
  const module = wabt.parseWat('spin.wat', '(module (memory 1) (func (export "spin") (loop (br 0))))');
  const file = join(PACKAGE_ROOT, '.build/coverage-test/spin.wasm');
  mkdirSync(join(PACKAGE_ROOT, '.build/coverage-test'), { recursive: true });
  writeFileSync(file, module.toBinary({}).buffer);
  module.destroy();
  return file;
}

async function infinite(): Promise<Scenario> {
  return {
    name: 'infinite',
    contract: { id: 'spin.test.near', wasm: await spinningContract() },
    users: USERS,
    mocks: [],
    methods: [{ name: 'spin', args: () => fc.constant({}), gas: 5n * 10n ** 12n }],
    callbacks: [],
    limits: { maxSteps: 3 },
  };
}

/** The vault with nothing but a deposit whose arguments carry 10 MiB. */
const hugeArguments: Scenario = {
  name: 'huge-arguments',
  contract: { id: 'vault.test.near', wasm: 'contract/build/vault.wasm', init: { method: 'init', args: { token_id: 'token.test.near', externals: [] } } },
  users: USERS,
  mocks: [],
  methods: [{ name: 'deposit', args: () => fc.constant({ memo: 'x'.repeat(10 * 1024 * 1024) }), deposit: () => fc.constant(NEAR) }],
  callbacks: [],
  limits: { maxSteps: 2 },
};

/** The vault staking with a pool whose method the scenario spells `deposit_and_stak`. */
const misspelt = (method = 'deposit_and_stak'): Scenario => ({
  name: 'misspelt',
  contract: { id: 'vault.test.near', wasm: 'contract/build/vault.wasm', init: { method: 'init', args: { token_id: 'token.test.near', externals: [POOL] } } },
  users: USERS,
  mocks: [{ id: POOL, kind: 'mock', methods: { [method]: {} } }],
  methods: [{ name: 'stake', args: () => fc.constant({ pool: POOL }), deposit: () => fc.constant(NEAR), forwardsDeposit: true }],
  callbacks: ['on_stake'],
  // Every operation is numbered, failed or not (as in the vault's own scenario).
  allowedStorageDifferences: { stateFields: ['operations'] },
  limits: { maxSteps: 3 },
});

/** Judged by the rollback invariants: these scenarios are about what the runs reached, not about storage staking or liabilities. */
const INVARIANTS = [nearConserved, depositRefunded, callbacksPrivate, quiescentUnlocked, custom, stateRestored];
const check = (scenario: Scenario, numRuns = 5) => checkScenario(new EmbeddedBackend(scenario), { seed: 7, numRuns, invariants: INVARIANTS });

describe('vacuous passes', () => {
  it('a contract that loops forever: every call runs out of gas, so its method never succeeded', async () => {
    const result = await check(await infinite());
    expect(result.failure).toBeUndefined();
    expect(result.error).toBeUndefined();
    expect(result.coverage.methods['spin']!.succeeded).toBe(0);
    expect(result.vacuity.map((c) => c.check)).toEqual(['never-succeeded']);
    expect(result.vacuity[0]!.message).toMatch(/^user method spin never succeeded: \d+ calls in 5 runs, all unsuccessful \(\d+ × Exceeded the prepaid gas\.\)/);
  }, 0); // real wasm burning its gas: no timeout around it

  it('calls with 10 MiB of arguments: every transaction is refused, so the method never succeeded', async () => {
    const result = await check(hugeArguments);
    expect(result.failure).toBeUndefined();
    expect(result.coverage.methods['deposit']).toMatchObject({ succeeded: 0, failed: 0 });
    expect(result.coverage.methods['deposit']!.refused).toBeGreaterThan(0);
    expect(result.vacuity.map((c) => c.check)).toEqual(['never-succeeded']);
    expect(result.vacuity[0]!.message).toMatch(/^user method deposit never succeeded: \d+ calls in 5 runs, all unsuccessful \(\d+ × refused: .+\)/);
  }, 0);

  it('a misspelt external method: names the method the contract really called and the declared name nearest to it', async () => {
    const result = await check(misspelt());
    expect(result.failure).toBeUndefined();
    expect(result.vacuity.map((c) => [c.check, c.subject])).toEqual([
      ['undeclared-call', `${POOL}.deposit_and_stake`],
      ['never-called', `${POOL}.deposit_and_stak`],
    ]);
    expect(result.vacuity[0]!.message).toMatch(
      /^the contract called pool\.test\.near\.deposit_and_stake \(\d+ times?\), which the scenario does not declare: the mock pool\.test\.near does not declare that method, so it failed with MethodNotFound and no answer was injected; the nearest declared name is pool\.test\.near\.deposit_and_stak$/,
    );
  }, 0);

  it('the same scenario spelt right, with enough runs to fail the pool, has nothing to complain about', async () => {
    const result = await check(misspelt('deposit_and_stake'), 30);
    expect(result.failure).toBeUndefined();
    expect(result.coverage.external[`${POOL}.deposit_and_stake`]!.failures).toBeGreaterThan(0);
    expect(result.coverage.callbacks['on_stake']!.allFailed).toBeGreaterThan(0);
    expect(result.vacuity).toEqual([]);
  }, 0);

  it('is not judged for a scenario that expects a violation, nor for one that found one (whose coverage stops at that run)', async () => {
    const expecting = await check({ ...(await infinite()), expectViolation: true });
    expect(expecting.vacuity).toEqual([]);
    const violated = await check({ ...(await infinite()), invariants: [{ name: 'always-wrong', when: 'quiescent', check: () => 'wrong on purpose' }] });
    expect(violated.failure).toBeDefined();
    expect(violated.vacuity).toEqual([]);
    expect(violated.coverage.runs).toBe(1);
  }, 0);
});
