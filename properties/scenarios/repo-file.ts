/**
 * The example scenarios name this repository's contracts from its root; a scenario module's
 * relative wasm paths are read from the module's own folder, so they are made absolute here.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));

export function repoFile(path: string): string {
  return resolve(REPOSITORY, path);
}
