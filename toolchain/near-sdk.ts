/**
 * Where a contract's near-sdk-js (and the TypeScript that checks it) come from. As
 * near-sdk-js's own build does, the contract's project comes first: its near-sdk-js is
 * found by walking up node_modules from the entry file, so the JS library bundled into the
 * contract and the builder.c it is compiled with are one version. The harness's own copy
 * is the fallback for an entry outside any project that has near-sdk-js installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as ts from 'typescript';
import { z } from 'zod';
import { missingPackagesError } from './build-errors.js';
import { packageRoot } from './package-root.js';

export type Origin = 'project' | 'near-sdk-js' | 'near-rollback-harness';

export interface NearSdk {
  /** The near-sdk-js package directory. */
  dir: string;
  version: string;
  /** 'project': found from the entry file; 'near-rollback-harness': the harness's own copy. */
  from: Origin;
  /** A file to resolve `near-sdk-js` imports from (the entry, or the harness's package.json). */
  resolveFrom: string;
}

const Manifest = z.object({ version: z.string() });

/** The nearest folder at or above the entry's folder holding a package.json, if any. */
export function findProjectRoot(entry: string): string | undefined {
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dir === dirname(dir)) return undefined;
  }
}

function resolvePackageDir(fromFile: string, name: string): string | undefined {
  try {
    return dirname(createRequire(fromFile).resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

export function packageVersion(dir: string): string {
  try {
    return Manifest.parse(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).version;
  } catch {
    return 'unknown';
  }
}

export function locateNearSdk(entry: string): NearSdk {
  const own = join(packageRoot(), 'package.json');
  for (const [resolveFrom, from] of [
    [entry, 'project'],
    [own, 'near-rollback-harness'],
  ] as const) {
    const dir = resolvePackageDir(resolveFrom, 'near-sdk-js');
    if (dir !== undefined && existsSync(join(dir, 'builder/builder.c'))) return { dir, version: packageVersion(dir), from, resolveFrom };
  }
  throw missingPackagesError(['near-sdk-js'], 'near-sdk-js not found');
}

export interface TypeScriptCompiler {
  ts: typeof ts;
  version: string;
  from: Origin;
}

/**
 * near-sdk-js runs the project root's node_modules/.bin/tsc; that is the project's
 * hoisted typescript, else near-sdk-js's own (it depends on typescript ~4.7), else ours.
 */
export function locateTypeScript(projectRoot: string, sdk: NearSdk): TypeScriptCompiler {
  const candidates: [string, Origin][] = [
    [join(projectRoot, 'package.json'), 'project'],
    [join(sdk.dir, 'package.json'), 'near-sdk-js'],
    [join(packageRoot(), 'package.json'), 'near-rollback-harness'],
  ];
  for (const [fromFile, from] of candidates) {
    const require = createRequire(fromFile);
    let file: string;
    try {
      file = require.resolve('typescript');
    } catch {
      continue;
    }
    const compiler = require(file) as typeof ts;
    return { ts: compiler, version: compiler.version, from };
  }
  throw missingPackagesError(['typescript'], 'TypeScript not found (near-sdk-js type-checks every .ts contract with it)');
}
