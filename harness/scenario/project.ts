/**
 * Whose paths are whose. A user's paths belong to their project: the folder of the nearest
 * package.json above where they stand (the CLI's current folder, or a counterexample file).
 * Counterexamples name scenario modules relative to it, so they replay wherever
 * node_modules or the harness package is installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

/** The nearest folder at or above `start` holding a package.json; `start` itself if none does. */
export function findProjectRoot(start: string): string {
  const from = resolve(start);
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) return from;
  }
}

/** The scenario module a project runs when the command line names none. */
export const DEFAULT_SCENARIO_MODULE = 'rollback.scenario.ts';

/** `"near-rollback-harness": { "scenarios": "…" }` in a project's package.json. */
const projectSettingsSchema = z.object({
  'near-rollback-harness': z.object({ scenarios: z.string().min(1).optional() }).optional(),
});

/**
 * The project's scenario module: what its package.json names under "near-rollback-harness",
 * else rollback.scenario.ts (what `init` writes), as an absolute path.
 */
export function projectScenarioModule(projectRoot: string): string {
  const manifest = join(projectRoot, 'package.json');
  if (existsSync(manifest)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(manifest, 'utf8'));
    } catch {
      json = undefined; // a broken package.json is npm's to report; fall back to the default
    }
    const settings = projectSettingsSchema.safeParse(json);
    const named = settings.success ? settings.data['near-rollback-harness']?.scenarios : undefined;
    if (named) return resolve(projectRoot, named);
  }
  return join(projectRoot, DEFAULT_SCENARIO_MODULE);
}
