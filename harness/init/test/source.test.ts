/**
 * The starting scenario module: what it says, and that it is a valid scenario once written
 * — evaluated with its `near-rollback-harness` import pointed at this repository (a shim
 * gives `defineScenario` until the package entry exports it) and checked by validateScenario.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateScenario, type Scenario } from '../../scenario/index.js';
import { discoverContract, InitError, startingScenario, type ContractDescription } from '../index.js';
import { ABI_ZSTD, abiContract } from './contracts.js';

const ROOT = resolve('.');
mkdirSync(join(ROOT, '.build'), { recursive: true });
const folder = mkdtempSync(join(ROOT, '.build', 'init-scenarios-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const SHIM = join(folder, 'package-entry.ts');
writeFileSync(
  SHIM,
  [
    `export { amountText } from ${JSON.stringify(pathToFileURL(join(ROOT, 'harness/generate/index.ts')).href)};`,
    'export const defineScenario = <T,>(scenario: T): T => scenario;',
    "export * as fc from 'fast-check';",
    '',
  ].join('\n'),
);

/** Writes the module, evaluates it and validates its default export as a scenario. */
async function written(text: string, file: string): Promise<Scenario> {
  const path = join(folder, file);
  writeFileSync(path, text.replace("from 'near-rollback-harness'", `from ${JSON.stringify(pathToFileURL(SHIM).href)}`));
  const module: unknown = await import(pathToFileURL(path).href);
  const exported = typeof module === 'object' && module !== null && 'default' in module ? module.default : undefined;
  return validateScenario(exported, folder, file);
}

describe('the starting scenario of a contract with an ABI', () => {
  const wasmPath = join(folder, 'oracle.wasm');
  writeFileSync(wasmPath, abiContract(ABI_ZSTD));
  const description = discoverContract(readFileSync(wasmPath), { contractId: 'oracle-client.test.near' });
  const text = startingScenario(description, { wasmPath, scenarioPath: join(folder, 'rollback.scenario.ts'), name: 'oracle-client' });

  it('imports defineScenario, fast-check (fc) and amountText, for the U128 parameter, from the package, and nothing else', () => {
    expect(text).toContain("import { amountText, defineScenario, fc } from 'near-rollback-harness';");
    expect([...text.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1])).toEqual(['near-rollback-harness']);
    expect(text).toContain('export default defineScenario({');
  });

  it('names the wasm relative to the module, the init call, the methods with ABI arbitraries, the mock, views and callbacks', () => {
    expect(text).toContain("wasm: './oracle.wasm',");
    expect(text).toContain("init: { method: 'new', args: { oracle_id: 'oracle.test.near' } },");
    expect(text).toContain(
      "{ name: 'ping', args: () => fc.record({ amount: amountText(), times: fc.integer({ min: 0, max: 1000000 }), memo: fc.string() }), deposit: () => fc.constant(NEAR) },",
    );
    expect(text).toContain("{ id: 'oracle.test.near', kind: 'mock', methods: { get_price: {} } },");
    expect(text).toContain('// Views (not called as steps; for projections, liabilities and checks): get_greeting.');
    expect(text).toContain("callbacks: ['on_price'],");
    expect(text).toContain('// It calls oracle.test.near.get_price, on_price (callback).');
  });

  it('is a valid scenario once written', async () => {
    const scenario = await written(text, 'oracle.scenario.ts');
    expect(scenario.contract).toMatchObject({ id: 'oracle-client.test.near', wasm: './oracle.wasm', init: { method: 'new' } });
    expect(scenario.methods.map((m) => m.name)).toEqual(['ping']);
    expect(scenario.mocks.map((m) => m.id)).toEqual(['oracle.test.near']);
  });
});

describe('the starting scenario of a near-sdk-js contract', () => {
  let vault: ContractDescription;
  let text: string;
  beforeAll(() => {
    vault = discoverContract(new Uint8Array(readFileSync('contract/build/vault.wasm')), {
      contractId: 'vault.test.near',
      init: { method: 'init', args: { token_id: 'token.test.near', externals: ['pool.test.near', 'gate.test.near', 'shop.test.near'] } },
      args: { stake: { pool: 'pool.test.near' }, relay_stake: { gate: 'gate.test.near', pool: 'pool.test.near' }, pay: { merchant: 'shop.test.near', amount: '1' } },
    });
    text = startingScenario(vault, { wasmPath: 'contract/build/vault.wasm', scenarioPath: join(folder, 'vault.scenario.ts'), name: 'vault' });
  });

  it('lists the calls with the arguments they ran with, guessed ones marked, and a TODO for each', () => {
    expect(text).toContain("{ name: 'stake', args: () => fc.constant({ pool: 'pool.test.near' }), deposit: () => fc.constant(NEAR) },");
    expect(text).toContain("{ name: 'transfer_stake', args: () => fc.constant({}) },");
    expect(text).toMatch(/\/\/ stake: a call: run as a view it called predecessor_account_id, which NEAR refuses in views\.\n\s+\/\/ It ran once with \{ pool: 'pool\.test\.near' \} and 1 NEAR attached: succeeded\./);
    expect(text).toMatch(/\/\/ split_stake: a call, guessed: it failed in every run before doing anything only a call may \(Smart contract panicked: split_stake takes exactly two pools\)/);
    expect(text).toContain('// It failed with {} and each deposit tried (1 NEAR, 1 yoctoNEAR, none): Smart contract panicked: split_stake takes exactly two pools.');
    expect(text).toContain('// TODO: forwardsDeposit: true if the deposit goes on to the contracts it calls');
    expect(text).toContain("import { defineScenario, fc } from 'near-rollback-harness';");
  });

  it('mocks what it was seen calling, and names the callbacks', () => {
    expect(text).toContain("{ id: 'pool.test.near', kind: 'mock', methods: { deposit_and_stake: {} } },");
    expect(text).toContain("{ id: 'gate.test.near', kind: 'mock', methods: { check: {} } },");
    expect(text).toContain("{ id: 'shop.test.near', kind: 'mock', methods: { buy: {} } },");
    expect(text).toMatch(/callbacks: \[('on_\w+', )+'on_\w+'\],/);
    for (const cb of ['on_stake', 'on_relay_gate', 'on_relay_done', 'on_pay', 'on_withdraw_tokens']) expect(text).toContain(`'${cb}'`);
    expect(text).toContain("// TODO: projections: per-user views to compare runs by, e.g. [{ method: 'get_account', args: (user) => ({ account_id: user }) }].");
  });

  it('is a valid scenario once written, its wasm path relative to the module', async () => {
    const scenario = await written(text, 'vault.scenario.ts');
    expect(scenario.contract.wasm).toBe('../../contract/build/vault.wasm');
    expect(scenario.callbacks).toContain('on_stake');
    expect(scenario.methods.map((m) => m.name)).not.toContain('get_totals');
  });
});

it('refuses an empty scenario name', () => {
  const description = discoverContract(abiContract(ABI_ZSTD));
  expect(() => startingScenario(description, { wasmPath: 'a.wasm', scenarioPath: 'rollback.scenario.ts', name: ' ' })).toThrow(InitError);
});
