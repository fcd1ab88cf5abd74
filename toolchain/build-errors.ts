/**
 * The errors a contract build reports. Each names what went wrong in words a contract
 * author acts on (a file and line, a command to run); none carries a JS stack or an
 * internal exception's text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot, PACKAGE_NAME } from './package-root.js';

export type BuildErrorKind =
  /** The entry file does not exist, is not a file, or is not .ts/.js. */
  | 'entry'
  /** A syntax error (TypeScript's, or rollup/babel's for a .js entry). */
  | 'syntax'
  /** A type error near-sdk-js's own check would reject. */
  | 'type'
  /** near-sdk-js's contract validation: @NearBindgen properties must be initialized. */
  | 'validation'
  /** A Debian package (clang, wasm-ld, wasi-libc, …) is missing. */
  | 'missing-tools'
  /** An npm package (near-sdk-js, rollup, babel, typescript, qjsc) is missing. */
  | 'missing-packages'
  /** An import cannot be resolved, or the bundler failed otherwise. */
  | 'bundle'
  /** The contract's methods or the wasm break a NEAR rule. */
  | 'contract'
  /** clang, wasm-ld or qjsc failed. */
  | 'compile'
  /** The output file cannot be written. */
  | 'output'
  /** Anything unforeseen (its message only). */
  | 'internal';

export class BuildError extends Error {
  constructor(
    readonly kind: BuildErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'BuildError';
  }
}

const Manifest = z.object({
  dependencies: z.record(z.string(), z.string()).optional(),
  devDependencies: z.record(z.string(), z.string()).optional(),
});

/** `npm i -D a@range b@range`, with the ranges this package was tested with. */
export function npmInstallLine(packages: readonly string[]): string {
  let ranges: Record<string, string> = {};
  try {
    const manifest = Manifest.parse(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')));
    ranges = { ...manifest.devDependencies, ...manifest.dependencies };
  } catch {
    // Without our manifest the line names the packages without versions.
  }
  const specs = packages.map((name) => (ranges[name] ? `${name}@${ranges[name]}` : name));
  // qjsc's install script builds a Node addon the toolchain never uses (it needs only the C sources).
  const ignoreScripts = packages.includes('qjsc') ? ' --ignore-scripts' : '';
  return `npm i -D ${specs.join(' ')}${ignoreScripts}`;
}

export function missingPackagesError(packages: readonly string[], why: string): BuildError {
  return new BuildError(
    'missing-packages',
    `${why}: the npm package(s) ${packages.join(', ')} cannot be found from the contract's project or from ${PACKAGE_NAME}.\n` +
      `  fix: ${npmInstallLine(packages)}`,
  );
}
