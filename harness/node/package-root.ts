/**
 * Where the harness package itself lies, for the files it ships (the mock token, the
 * near-sandbox look-alike's script).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function manifestName(file: string): unknown {
  try {
    const manifest: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof manifest === 'object' && manifest !== null && 'name' in manifest ? manifest.name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * This repository, or node_modules/near-rollback-harness: found by walking up, since this
 * file runs both as source (harness/node) and compiled (dist/harness/node).
 */
function packageRoot(): string {
  for (let folder = dirname(fileURLToPath(import.meta.url)); dirname(folder) !== folder; folder = dirname(folder)) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && manifestName(manifest) === 'near-rollback-harness') return folder;
  }
  throw new Error(`near-rollback-harness: no package.json of near-rollback-harness above ${fileURLToPath(import.meta.url)}; reinstall the package`);
}
export const PACKAGE_ROOT = packageRoot();
