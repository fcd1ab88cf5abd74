/**
 * Where near-rollback-harness itself is installed. Assets the toolchain reads (our QuickJS
 * sources, the Debian install script) are found from this root, never by a path relative
 * to the module file: the same code runs as toolchain/*.ts in this repository and as
 * dist/toolchain/*.js inside an installed package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_NAME = 'near-rollback-harness';

let cached: string | undefined;

/** Walks up from this module to the package.json named near-rollback-harness. */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readManifestName(manifest) === PACKAGE_NAME) {
      cached = dir;
      return dir;
    }
    if (dir === dirname(dir)) break;
  }
  throw new Error(`cannot find the ${PACKAGE_NAME} package (no package.json named "${PACKAGE_NAME}" above ${start}); reinstall it.`);
}

function readManifestName(file: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'name' in parsed && typeof parsed.name === 'string') return parsed.name;
  } catch {
    // An unreadable package.json on the way up is not ours; keep walking.
  }
  return undefined;
}

/** Our own sources compiled into the engine (edits, minimal libc, WASI stubs). */
export const quickjsAssetsDir = (): string => join(packageRoot(), 'toolchain/quickjs');

/** The Debian installer script shipped with the package. */
export const debianInstallScript = (): string => join(packageRoot(), 'toolchain/install-debian-packages.sh');
