/**
 * A scenario module's exports are checked before its scenarios: `scenarios` must be a
 * non-empty array (or the module has a default scenario), every scenario is validated and
 * named by where it is when it has no name, and names are unique. Problems name the module.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../backend/index.js';
import { loadScenarios, ScenarioError } from '../index.js';

mkdirSync(join(PROJECT_ROOT, '.build'), { recursive: true });
const folder = mkdtempSync(join(PROJECT_ROOT, '.build', 'scenario-modules-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Writes a module into the scratch folder; returns its path from the project root. */
function scenarioModule(name: string, source: string): string {
  writeFileSync(join(folder, name), source);
  return relative(PROJECT_ROOT, join(folder, name));
}

async function refusal(module: string): Promise<ScenarioError> {
  const error: unknown = await loadScenarios(module, PROJECT_ROOT).then(
    () => new Error('the module was accepted'),
    (e: unknown) => e,
  );
  if (error instanceof ScenarioError) return error;
  throw error;
}

/** A valid scenario, as a literal in a module that imports fast-check as `fc`. */
const MARKET = `{
  name: 'market',
  contract: { id: 'market.test.near', wasm: 'contract/build/vault.wasm' },
  users: [{ id: 'alice.test.near', balance: 10n ** 26n }],
  mocks: [],
  methods: [{ name: 'deposit', args: () => fc.constant({}) }],
  callbacks: [],
}`;
const IMPORT_FC = "import * as fc from 'fast-check';\n";

describe('the exports of a scenario module', () => {
  it('`scenarios` must be an array', async () => {
    const module = scenarioModule('object.mjs', `${IMPORT_FC}export const scenarios = { market: ${MARKET} };\n`);
    expect((await refusal(module)).message).toBe(`${module}: scenarios must be an array of at least one scenario (export const scenarios = [ … ]); found an object { market }`);
  });

  it('`scenarios` may not be empty', async () => {
    const module = scenarioModule('empty.mjs', 'export const scenarios = [];\n');
    expect((await refusal(module)).message).toBe(`${module}: scenarios must be an array of at least one scenario (export const scenarios = [ … ]); found an array of 0 items`);
  });

  it('without `scenarios` or a default export, says what the module does export', async () => {
    const module = scenarioModule('named.mjs', `${IMPORT_FC}export const market = ${MARKET};\nexport function helper() {}\n`);
    expect((await refusal(module)).message).toBe(`${module}: the module exports neither \`scenarios\` (an array) nor a default scenario; it exports helper, market`);
  });

  it('names a scenario without a name by its place in the module', async () => {
    const module = scenarioModule('unnamed.mjs', `${IMPORT_FC}export const scenarios = [${MARKET}, { ...${MARKET}, name: undefined, users: 'alice' }];\n`);
    expect((await refusal(module)).message.split('\n')).toEqual([
      `scenarios[1] of ${module}: name is missing; it must be the scenario's name (a non-empty string)`,
      `scenarios[1] of ${module}: users must be a list of users, each an object { id, balance }; found "alice"`,
    ]);
  });

  it('names a malformed default export as such', async () => {
    const module = scenarioModule('default.mjs', `${IMPORT_FC}export default { ...${MARKET}, name: 42 };\n`);
    expect((await refusal(module)).problems).toEqual(["name must be the scenario's name (a non-empty string); found the number 42"]);
    expect((await refusal(module)).message).toMatch(new RegExp(`^the default export of ${module.replace(/[.]/g, '\\.')}: name must be`));
  });

  it('refuses two scenarios of the same name: counterexample files and --only name them', async () => {
    const vault = relative(folder, join(PROJECT_ROOT, 'properties/scenarios/vault.scenario.js'));
    const module = scenarioModule('twice.ts', `import { vaultScenario } from '${vault}';\nexport const scenarios = [vaultScenario(), vaultScenario()];\n`);
    expect((await refusal(module)).message).toBe(`${module}: scenario "vault" is defined more than once (counterexample files and --only tell scenarios apart by name)`);
  });

  it('reports a module that fails to load with its own message', async () => {
    const module = scenarioModule('throws.mjs', "throw new Error('no network in tests');\n");
    expect((await refusal(module)).problems).toEqual([expect.stringMatching(/^cannot load .*throws\.mjs: no network in tests$/)]);
  });
});
