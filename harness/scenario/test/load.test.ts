/**
 * A scenario module's exports are checked before its scenarios: `scenarios` must be a
 * non-empty array (or the module has a default scenario), every scenario is validated and
 * named by where it is when it has no name, and names are unique. Problems name the module.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { findProjectRoot, loadScenarios, projectScenarioModule, ScenarioError } from '../index.js';

/** Scenario modules find relative wasm paths from their own folder: these name the vault in full. */
const VAULT_WASM = join(PACKAGE_ROOT, 'contract/build/vault.wasm');

mkdirSync(join(PACKAGE_ROOT, '.build'), { recursive: true });
const folder = mkdtempSync(join(PACKAGE_ROOT, '.build', 'scenario-modules-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Writes a module into the scratch folder; returns its path from the project root. */
function scenarioModule(name: string, source: string): string {
  writeFileSync(join(folder, name), source);
  return relative(PACKAGE_ROOT, join(folder, name));
}

async function refusal(module: string): Promise<ScenarioError> {
  const error: unknown = await loadScenarios(module, PACKAGE_ROOT).then(
    () => new Error('the module was accepted'),
    (e: unknown) => e,
  );
  if (error instanceof ScenarioError) return error;
  throw error;
}

/** A valid scenario, as a literal in a module that imports fast-check as `fc`. */
const MARKET = `{
  name: 'market',
  contract: { id: 'market.test.near', wasm: ${JSON.stringify(VAULT_WASM)} },
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
    const vault = relative(folder, join(PACKAGE_ROOT, 'properties/scenarios/vault.scenario.js'));
    const module = scenarioModule('twice.ts', `import { vaultScenario } from '${vault}';\nexport const scenarios = [vaultScenario(), vaultScenario()];\n`);
    expect((await refusal(module)).message).toBe(`${module}: scenario "vault" is defined more than once (counterexample files and --only tell scenarios apart by name)`);
  });

  it('a TypeScript module in a CommonJS project (no "type": "module") exports its default scenario and `scenarios` as written', async () => {
    // tsx compiles it to CommonJS; node hands over its module.exports as the default export.
    const project = join(folder, 'commonjs-project');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'package.json'), '{ "type": "commonjs" }\n');
    writeFileSync(join(project, 'default.scenario.ts'), `${IMPORT_FC}export default ${MARKET};\n`);
    writeFileSync(join(project, 'list.scenario.ts'), `${IMPORT_FC}export const scenarios = [${MARKET}];\n`);
    for (const file of ['default.scenario.ts', 'list.scenario.ts']) {
      const loaded = await loadScenarios(file, project);
      expect(loaded.map((s) => [s.name, s.source?.module])).toEqual([['market', file]]);
    }
  });

  it('reports a module that fails to load with its own message', async () => {
    const module = scenarioModule('throws.mjs', "throw new Error('no network in tests');\n");
    expect((await refusal(module)).problems).toEqual([expect.stringMatching(/^cannot load .*throws\.mjs: no network in tests$/)]);
  });
});

describe("paths are the user's", () => {
  it("a module's relative wasm path is read from the module's own folder and comes back absolute", async () => {
    const sub = join(folder, 'nested', 'deeper');
    mkdirSync(sub, { recursive: true });
    copyFileSync(VAULT_WASM, join(sub, 'mine.wasm'));
    const market = MARKET.replace(JSON.stringify(VAULT_WASM), "'./mine.wasm'");
    writeFileSync(join(sub, 'market.scenario.mjs'), `${IMPORT_FC}export const scenarios = [${market}];\n`);
    const [scenario] = await loadScenarios(join(sub, 'market.scenario.mjs'), folder);
    expect(scenario!.contract.wasm).toBe(join(sub, 'mine.wasm'));
    // Counterexamples name the module from the project root, so they replay wherever the harness is installed.
    expect(scenario!.source).toEqual({ module: 'nested/deeper/market.scenario.mjs' });
  });

  it('a missing wasm is named by the path it was looked for at', async () => {
    const market = MARKET.replace(JSON.stringify(VAULT_WASM), "'./absent.wasm'");
    const module = scenarioModule('absent.mjs', `${IMPORT_FC}export const scenarios = [${market}];\n`);
    expect((await refusal(module)).problems.join('\n')).toContain(join(folder, 'absent.wasm'));
  });

  it("the project root is the nearest folder with a package.json; its package.json may name the scenario module", () => {
    const project = join(folder, 'project');
    mkdirSync(join(project, 'src', 'deep'), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{ "name": "someones-contract" }\n');
    expect(findProjectRoot(join(project, 'src', 'deep'))).toBe(project);
    expect(projectScenarioModule(project)).toBe(join(project, 'rollback.scenario.ts'));
    writeFileSync(join(project, 'package.json'), '{ "name": "x", "near-rollback-harness": { "scenarios": "test/rollback.ts" } }\n');
    expect(projectScenarioModule(project)).toBe(join(project, 'test', 'rollback.ts'));
  });
});
