/**
 * Bundles one near-sdk-js contract into a single ES module, as near-sdk-js's own CLI
 * does: rollup + babel with near-sdk-js's include-bytes and near-bindgen-exporter
 * plugins (which generate one exported function per @call/@view/@initialize method)
 * and legacy decorators. Babel config files are ignored so the build is hermetic.
 *
 * The bundler packages are loaded when a build starts, not when this module is imported,
 * so a missing one is reported as a missing package (with the npm line that installs it)
 * instead of failing the import of the whole toolchain. They come from near-rollback-harness's
 * own dependencies first, then from the contract's near-sdk-js (which depends on them all).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import type { PluginItem } from '@babel/core';
import type * as RollupBabel from '@rollup/plugin-babel';
import type * as NodeResolve from '@rollup/plugin-node-resolve';
import type * as Rollup from 'rollup';
import { BuildError, missingPackagesError } from './build-errors.js';
import type { NearSdk } from './near-sdk.js';
import { packageRoot } from './package-root.js';

export interface Bundle {
  code: string;
  /** Names of the module's exports: the contract's methods. */
  exports: string[];
}

interface Bundler {
  rollup: typeof Rollup.rollup;
  babel: typeof RollupBabel.babel;
  nodeResolve: typeof NodeResolve.nodeResolve;
  presetTypescript: string;
  decorators: string;
  nearPlugins: PluginItem[];
}

/** The packages the bundling step loads (rollup and babel with their plugins). */
export const BUNDLER_PACKAGES = [
  'rollup',
  '@rollup/plugin-babel',
  '@rollup/plugin-node-resolve',
  '@babel/core',
  '@babel/preset-typescript',
  '@babel/plugin-proposal-decorators',
] as const;

const bundlers = new Map<string, Promise<Bundler>>();

/** Resolves a package from each base in turn (a file to resolve from); undefined if none has it. */
function resolveFrom(bases: readonly string[], specifier: string): string | undefined {
  for (const base of bases) {
    try {
      return createRequire(base).resolve(specifier);
    } catch {
      // not there; try the next base
    }
  }
  return undefined;
}

/** The bundler packages, importable or not: the missing ones are named together. */
function checkBundlerPackages(bases: readonly string[]): void {
  const missing = BUNDLER_PACKAGES.filter((name) => resolveFrom(bases, name) === undefined);
  if (missing.length > 0) throw missingPackagesError(missing, 'cannot bundle the contract');
}

async function importFirst<T>(bases: readonly string[], specifier: string, ours: () => Promise<T>): Promise<T> {
  try {
    // Our own resolution first: in this repository that is exactly the copy every
    // committed contract was bundled with.
    return await ours();
  } catch {
    const file = resolveFrom(bases, specifier);
    if (file === undefined) throw missingPackagesError([specifier], 'cannot bundle the contract');
    return (await import(pathToFileURL(file).href)) as T;
  }
}

function loadBundler(sdk: NearSdk): Promise<Bundler> {
  let loading = bundlers.get(sdk.dir);
  if (loading) return loading;
  loading = (async () => {
    const bases = [join(packageRoot(), 'package.json'), join(sdk.dir, 'package.json')];
    checkBundlerPackages(bases);
    const rollup = await importFirst<typeof Rollup>(bases, 'rollup', () => import('rollup'));
    const babel = await importFirst<typeof RollupBabel>(bases, '@rollup/plugin-babel', () => import('@rollup/plugin-babel'));
    const nodeResolve = await importFirst<typeof NodeResolve>(bases, '@rollup/plugin-node-resolve', () => import('@rollup/plugin-node-resolve'));
    // Babel resolves preset and plugin names from the process's cwd; absolute paths make
    // the build the same from any folder.
    const presetTypescript = resolveFrom(bases, '@babel/preset-typescript');
    const decorators = resolveFrom(bases, '@babel/plugin-proposal-decorators');
    if (presetTypescript === undefined || decorators === undefined) {
      throw missingPackagesError(['@babel/preset-typescript', '@babel/plugin-proposal-decorators'], 'cannot bundle the contract');
    }
    // near-sdk-js's own babel plugins, from the near-sdk-js the contract is built with.
    const plugin = async (file: string) => ((await import(pathToFileURL(join(sdk.dir, file)).href)) as { default: PluginItem }).default;
    const includeBytes = await plugin('lib/cli/build-tools/include-bytes.js');
    const exporter = await plugin('lib/cli/build-tools/near-bindgen-exporter.js');
    return {
      rollup: rollup.rollup,
      babel: babel.babel,
      nodeResolve: nodeResolve.nodeResolve,
      presetTypescript,
      decorators,
      nearPlugins: [includeBytes, [exporter, { verbose: false }]],
    };
  })();
  loading.catch(() => bundlers.delete(sdk.dir));
  bundlers.set(sdk.dir, loading);
  return loading;
}

/** Points `near-sdk-js` imports at the harness's copy when the contract's project has none. */
function nearSdkLocation(sdk: NearSdk): Rollup.Plugin {
  return {
    name: 'near-sdk-js-location',
    async resolveId(source, _importer, options) {
      if (source !== 'near-sdk-js' && !source.startsWith('near-sdk-js/')) return null;
      return this.resolve(source, sdk.resolveFrom, { ...options, skipSelf: true });
    },
  };
}

interface LocatedError {
  message: string;
  id?: string;
  loc?: { file?: string; line: number; column: number };
  frame?: string;
  code?: string;
}

const isLocatedError = (error: unknown): error is LocatedError =>
  typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string';

/** A bundler failure as file:line:column plus the source excerpt; never a stack. */
function bundleFailure(error: unknown, show: (file: string) => string): BuildError {
  if (!isLocatedError(error)) return new BuildError('bundle', `bundling failed: ${String(error)}`);
  const file = error.loc?.file ?? error.id;
  // Babel prefixes its message with the absolute path and appends its own code frame.
  // Babel colours its code frame when the environment asks for colour (FORCE_COLOR in CI);
  // a build error is plain text wherever it ends up (a terminal, a log, a JSON report).
  const [first = error.message, ...rest] = stripVTControlCharacters(error.message).split('\n');
  const message = first.replace(/^[^\n]*?: (?=.*\(\d+:\d+\)$)/, '').replace(/ \(\d+:\d+\)$/, '');
  const excerpt = (error.frame === undefined ? undefined : stripVTControlCharacters(error.frame)) ?? rest.join('\n').replace(/^\n+|\s+$/g, '');
  const where = file ? `${show(file)}${error.loc ? `:${error.loc.line}:${error.loc.column + 1}` : ''}: ` : '';
  const syntax = /Unexpected|Expected|Missing semicolon|Unterminated|Invalid|SyntaxError/i.test(message) || error.code === 'PARSE_ERROR';
  const frame = excerpt ? `\n${excerpt.replace(/^/gm, '    ')}` : '';
  return new BuildError(syntax ? 'syntax' : 'bundle', `${syntax ? 'syntax error' : 'bundling failed'}: ${where}${message}${frame}`);
}

export interface BundleOptions {
  sdk: NearSdk;
  /** How a file is named in messages. */
  show?: (file: string) => string;
}

export async function bundleContract(entryPath: string, options: BundleOptions): Promise<Bundle> {
  const { sdk } = options;
  const show = options.show ?? ((file: string) => file);
  const bundler = await loadBundler(sdk);
  const warnings: Rollup.RollupWarning[] = [];
  let build: Rollup.RollupBuild;
  try {
    build = await bundler.rollup({
      input: entryPath,
      onwarn: (warning) => warnings.push(warning),
      plugins: [
        // Only when falling back: otherwise near-sdk-js resolves from the importing file, as in near-sdk-js's build.
        ...(sdk.from === 'project' ? [] : [nearSdkLocation(sdk)]),
        bundler.nodeResolve({ extensions: ['.js', '.ts'] }),
        bundler.babel({
          babelHelpers: 'bundled',
          babelrc: false,
          configFile: false,
          extensions: ['.ts', '.js', '.mjs'],
          presets: [bundler.presetTypescript],
          plugins: [...bundler.nearPlugins, [bundler.decorators, { version: 'legacy' }]],
        }),
      ],
    });
  } catch (error) {
    throw bundleFailure(error, show);
  }
  try {
    const { output } = await build.generate({ format: 'es' });
    const chunk = output[0];
    const unresolved = warnings.filter((w) => w.code === 'UNRESOLVED_IMPORT' || /could not be resolved|Unresolved dependencies/i.test(w.message));
    if (unresolved.length > 0) {
      const lines = unresolved.map((w) => {
        const importer = w.importer ? `${show(w.importer)}: ` : '';
        return w.source ? `${importer}cannot resolve import '${w.source}'` : w.message;
      });
      throw new BuildError('bundle', `${show(entryPath)}: unresolved import(s):\n${lines.map((l) => `  ${l}`).join('\n')}`);
    }
    return { code: chunk.code, exports: [...chunk.exports].sort() };
  } catch (error) {
    if (error instanceof BuildError) throw error;
    throw bundleFailure(error, show);
  } finally {
    await build.close();
  }
}
