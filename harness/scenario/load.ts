/**
 * Loading scenarios from a module (the CLI's "config file"): a TypeScript or JavaScript
 * module exporting `scenarios` (an array) or a default scenario.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Scenario } from './types.js';
import { validateScenario, ScenarioError } from './validate.js';

export async function loadScenarios(modulePath: string, projectRoot: string): Promise<Scenario[]> {
  const file = isAbsolute(modulePath) ? modulePath : resolve(projectRoot, modulePath);
  if (!existsSync(file)) throw new ScenarioError(modulePath, [`scenario module not found: ${file}`]);
  let module: { scenarios?: unknown; default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as typeof module;
  } catch (error) {
    throw new ScenarioError(modulePath, [`cannot load ${file}: ${(error as Error).message}`]);
  }
  const exported = Array.isArray(module.scenarios) ? module.scenarios : module.default ? [module.default] : [];
  if (exported.length === 0) throw new ScenarioError(modulePath, ['the module exports neither `scenarios` (an array) nor a default scenario']);
  const source = relative(projectRoot, file);
  return (exported as Scenario[]).map((scenario) => {
    validateScenario(scenario, projectRoot);
    return { ...scenario, source: { module: source } };
  });
}

export async function loadScenario(modulePath: string, name: string, projectRoot: string): Promise<Scenario> {
  const all = await loadScenarios(modulePath, projectRoot);
  const found = all.find((s) => s.name === name);
  if (!found) throw new ScenarioError(name, [`no scenario named "${name}" in ${modulePath}; it defines: ${all.map((s) => s.name).join(', ')}`]);
  return found;
}
