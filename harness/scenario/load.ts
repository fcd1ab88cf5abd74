/**
 * Loading scenarios from a module (the CLI's "config file"): a TypeScript or JavaScript
 * module exporting `scenarios` (an array) or a default scenario. The module's exports are
 * checked first, then each scenario (validate.ts); the first scenario that is not valid is
 * reported with all its problems (scenarios of one module usually share a factory, so the
 * others would repeat them).
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { issueText } from './problems.js';
import { registerTypeScript } from './typescript.js';
import type { Scenario } from './types.js';
import { validateScenario, ScenarioError } from './validate.js';

const SCENARIOS_EXPORT = 'an array of at least one scenario (export const scenarios = [ … ])';

/** What a scenario module must export; anything else it exports is its own business. */
const scenarioModuleSchema = z.object({
  scenarios: z.array(z.unknown(), { error: SCENARIOS_EXPORT }).min(1, { error: SCENARIOS_EXPORT }).optional(),
  default: z.unknown().optional(),
});

/** TypeScript modules need a loader (typescript.ts; tsx and esbuild are dependencies): the user installs nothing to write scenarios in TypeScript. */
const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;

/**
 * A TypeScript module in a CommonJS project (a package.json without "type": "module") is
 * compiled to CommonJS, as is a JavaScript module compiled by tsc: node then gives its whole
 * `module.exports` as the default export, marked `__esModule`, with the module's own default
 * export inside it. The module's exports are that object, as the module wrote them.
 */
function moduleExports(namespace: unknown): unknown {
  const exported = typeof namespace === 'object' && namespace !== null && 'default' in namespace ? namespace.default : undefined;
  const compiled = typeof exported === 'object' && exported !== null && '__esModule' in exported && exported.__esModule === true;
  return compiled ? exported : namespace;
}

async function importModule(file: string, modulePath: string): Promise<unknown> {
  try {
    if (TYPESCRIPT.test(file)) await registerTypeScript();
    return moduleExports(await import(pathToFileURL(file).href));
  } catch (error) {
    throw new ScenarioError(modulePath, [`cannot load ${file}: ${error instanceof Error ? error.message : String(error)}`], modulePath);
  }
}

/** The scenarios a module exports, unchecked, each with where it is for problems of an unnamed one. */
function exportedScenarios(module: unknown, source: string): { value: unknown; where: string }[] {
  const parsed = scenarioModuleSchema.safeParse(module);
  if (!parsed.success) throw new ScenarioError(source, parsed.error.issues.map((issue) => issueText(module, issue)), source);
  const { scenarios, default: fallback } = parsed.data;
  if (scenarios) return scenarios.map((value, index) => ({ value, where: `scenarios[${index}] of ${source}` }));
  if (fallback !== undefined) return [{ value: fallback, where: `the default export of ${source}` }];
  const names = typeof module === 'object' && module !== null ? Object.keys(module).sort() : [];
  throw new ScenarioError(
    source,
    [`the module exports neither \`scenarios\` (an array) nor a default scenario; ${names.length > 0 ? `it exports ${names.join(', ')}` : 'it exports nothing'}`],
    source,
  );
}

/**
 * The scenarios of a module. `modulePath` is absolute or relative to `projectRoot`, which
 * counterexamples name the module from; relative wasm paths inside the module are the
 * module's own (from its folder) and come back absolute.
 */
export async function loadScenarios(modulePath: string, projectRoot: string): Promise<Scenario[]> {
  const file = isAbsolute(modulePath) ? modulePath : resolve(projectRoot, modulePath);
  if (!existsSync(file)) {
    throw new ScenarioError(
      modulePath,
      [`scenario module not found: ${file} — name yours with --scenarios, or write a first one with \`near-rollback-harness init --wasm path/to/contract.wasm\``],
      modulePath,
    );
  }
  const source = relative(projectRoot, file).replace(/\\/g, '/');
  const folder = dirname(file);
  const scenarios = exportedScenarios(await importModule(file, modulePath), source).map(({ value, where }) => {
    const scenario = validateScenario(value, folder, where);
    return { ...scenario, contract: { ...scenario.contract, wasm: resolve(folder, scenario.contract.wasm) }, source: { module: source } };
  });
  // Counterexample files and --only name scenarios: a name must say which one.
  const names = scenarios.map((s) => s.name);
  const repeated = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
  if (repeated.length > 0) {
    throw new ScenarioError(
      source,
      repeated.map((name) => `scenario "${name}" is defined more than once (counterexample files and --only tell scenarios apart by name)`),
      source,
    );
  }
  return scenarios;
}

export async function loadScenario(modulePath: string, name: string, projectRoot: string): Promise<Scenario> {
  const all = await loadScenarios(modulePath, projectRoot);
  const found = all.find((s) => s.name === name);
  if (!found) throw new ScenarioError(name, [`no scenario named "${name}" in ${modulePath}; it defines: ${all.map((s) => s.name).join(', ')}`]);
  return found;
}
