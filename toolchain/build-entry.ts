/**
 * `buildContract`: builds one near-sdk-js contract from any entry file on disk, offline,
 * with this package's toolchain: near-sdk-js's own type check and validation, the bundle,
 * the cached QuickJS engine, clang/wasm-ld, the wasm checker; then the wasm is written
 * atomically. Every failure is a BuildError naming the file and line or the command that
 * fixes it.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { sha256 } from './build.js';
import { BuildError } from './build-errors.js';
import { compileContract, nearSdkJsModuleName } from './contract-build.js';
import { MissingQuickjsSourcesError, prepareEngine } from './engine.js';
import { CommandFailedError } from './exec.js';
import { findProjectRoot, locateNearSdk, locateTypeScript, type Origin } from './near-sdk.js';
import { debianInstallScript, packageRoot } from './package-root.js';
import { locateToolchain, MissingToolError, type Toolchain } from './tools.js';
import { checkLikeNearSdkJs, showPath, type ExportedValue } from './type-check.js';
import { ContractCheckError } from './wasm-checker.js';

export interface BuildWarning {
  /**
   * 'exported-function' / 'exported-class' / 'exported-value': the entry module exports
   * something that is not a decorated method, and near-sdk-js makes it a wasm method anyway.
   * 'near-sdk-js-version': the contract's near-sdk-js is not the 2.0 this toolchain targets.
   */
  kind: 'exported-function' | 'exported-class' | 'exported-value' | 'near-sdk-js-version';
  /** One line, without a "warning:" prefix. */
  message: string;
  /** The export's name, for the exported-* kinds. */
  name?: string;
  /** Where the export is declared (relative to cwd where inside it), and its line. */
  file?: string;
  line?: number;
}

export interface BuildContractOptions {
  /** The contract's entry file: absolute, or relative to cwd. */
  entry: string;
  /** Where to write the wasm (absolute or relative to cwd); default build/<entry stem>.wasm under the entry's project root. */
  out?: string;
  /** Folder relative paths are resolved from and messages show paths relative to; default process.cwd(). */
  cwd?: string;
  /** Called once per warning as it is found (they are also in the result). */
  onWarning?: (warning: BuildWarning) => void;
  /** Progress lines (engine preparation, type check, compile). */
  log?: (line: string) => void;
  /** Where the engine build is cached; default: see defaultCacheDir. */
  cacheDir?: string;
}

export interface BuildContractResult {
  entry: string;
  /** The wasm written, absolute. */
  out: string;
  /** Why the wasm went there: the given path, or the default under the project root. */
  outReason: string;
  /**
   * The module's file name in the bytecode, which JS stack traces (and so panic texts) show:
   * near-sdk-js's for the same output, `<dir of out>/<out stem>.js` with out as given
   * (build/<stem>.js for the default output, as `near-sdk-js build <entry> build/<stem>.wasm` run in the project root).
   */
  moduleName: string;
  /** The entry's project: the nearest folder above it with a package.json (else the entry's folder). */
  projectRoot: string;
  methods: string[];
  size: number;
  sha256: string;
  nearSdk: { dir: string; version: string; from: Origin };
  typescript: { version: string; from: Origin };
  cacheDir: string;
  warnings: BuildWarning[];
}

/** What the bundler's babel step transforms (as near-sdk-js's, less .jsx/.es6/.es). */
const ENTRY_EXTENSIONS = ['.ts', '.js', '.mjs'];

/**
 * Where the engine build (about 15 MB, a minute or more of compiling) is cached. In this
 * repository it stays in .build/, where `npm run build:contracts` keeps it. In a user's
 * project it goes to node_modules/.cache/near-rollback-harness/ under the project root:
 * writable, ignored by git with node_modules, the folder other tools cache in, and removed
 * with node_modules when the dependencies change.
 */
export function defaultCacheDir(projectRoot: string): string {
  if (resolve(projectRoot) === packageRoot()) return join(projectRoot, '.build');
  return join(projectRoot, 'node_modules/.cache/near-rollback-harness');
}

/** The command that installs the Debian packages, as a user of this package types it from cwd. */
export function debianInstallCommand(cwd: string): string {
  const script = debianInstallScript();
  if (resolve(cwd) === packageRoot()) return 'npm run toolchain:install';
  return `sh ${showPath(cwd, script)}`;
}

function missingToolsError(error: MissingToolError, cwd: string): BuildError {
  const install = debianInstallCommand(cwd);
  const lines = error.missing.map((m) => `  - ${m.tool}\n      fix: ${m.fix.replace(/\s*\(or: npm run toolchain:install\)/, '')}`);
  return new BuildError(
    'missing-tools',
    `the contract toolchain is incomplete:\n${lines.join('\n')}\n(on Debian/Ubuntu \`${install}\` installs every package it needs at once)`,
  );
}

function exportWarning(entryShown: string, value: ExportedValue): BuildWarning {
  const from = value.file === entryShown ? '' : ` (from ${value.file})`;
  const where = { name: value.name, file: value.file, line: value.line };
  switch (value.kind) {
    case 'function':
      return {
        kind: 'exported-function',
        ...where,
        message:
          `${entryShown} exports \`${value.name}\`${from}, which is not a @call/@view/@initialize method of the @NearBindgen class; ` +
          'near-sdk-js makes it a public contract method anyone can call. Move it to another module or stop exporting it.',
      };
    case 'class':
      return {
        kind: 'exported-class',
        ...where,
        message:
          `${entryShown} exports the class \`${value.name}\`${from}; near-sdk-js makes every export of the entry module a contract method, ` +
          `so \`${value.name}\` is a public method too (a call to it fails). Stop exporting it to keep the contract's methods to the decorated ones.`,
      };
    case 'value':
      return {
        kind: 'exported-value',
        ...where,
        message:
          `${entryShown} exports \`${value.name}\`${from}, which is not a method; near-sdk-js makes every export of the entry module a contract method, ` +
          'so it is a public method too (a call to it fails). Move it to another module or stop exporting it.',
      };
  }
}

function writeAtomically(out: string, bytes: Uint8Array, shown: string): void {
  const temp = `${out}.tmp-${process.pid}`;
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(temp, bytes);
    renameSync(temp, out);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'write failed';
    throw new BuildError('output', `cannot write ${shown} (${reason}); choose another output path.`);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Turns whatever a step throws into a BuildError; anything unforeseen keeps only its message. */
function asBuildError(error: unknown): BuildError {
  if (error instanceof BuildError) return error;
  if (error instanceof ContractCheckError) return new BuildError('contract', error.message);
  if (error instanceof CommandFailedError) return new BuildError('compile', error.message);
  if (error instanceof MissingQuickjsSourcesError) return new BuildError('missing-packages', error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new BuildError('internal', `the build failed unexpectedly: ${message}`);
}

export async function buildContract(options: BuildContractOptions): Promise<BuildContractResult> {
  try {
    return await build(options);
  } catch (error) {
    throw asBuildError(error);
  }
}

async function build(options: BuildContractOptions): Promise<BuildContractResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const log = options.log ?? (() => {});
  const entry = resolve(cwd, options.entry);
  const entryShown = showPath(cwd, entry);
  if (!existsSync(entry)) throw new BuildError('entry', `${entryShown}: no such file (entry resolved from ${cwd})`);
  if (!statSync(entry).isFile()) throw new BuildError('entry', `${entryShown} is not a file; name the contract's entry file (e.g. src/contract.ts)`);
  if (!ENTRY_EXTENSIONS.includes(extname(entry))) {
    throw new BuildError('entry', `${entryShown}: a near-sdk-js contract's entry is a ${ENTRY_EXTENSIONS.join(', ')} file`);
  }

  const projectRoot = findProjectRoot(entry) ?? dirname(entry);
  const stem = basename(entry, extname(entry));
  const out = options.out !== undefined ? resolve(cwd, options.out) : join(projectRoot, 'build', `${stem}.wasm`);
  const outReason =
    options.out !== undefined
      ? 'the output path given'
      : `the default: build/${stem}.wasm under the entry's project root ${showPath(cwd, projectRoot)} (${
          existsSync(join(projectRoot, 'package.json')) ? 'the nearest folder with a package.json' : 'no package.json above the entry, so its folder'
        })`;

  // near-sdk-js names the bundle after the output path as typed, relative to where it runs.
  const moduleName = nearSdkJsModuleName(options.out ?? `build/${stem}.wasm`);

  let tools: Toolchain;
  try {
    tools = locateToolchain();
  } catch (error) {
    if (error instanceof MissingToolError) throw missingToolsError(error, cwd);
    throw error;
  }

  const warnings: BuildWarning[] = [];
  const warn = (warning: BuildWarning) => {
    warnings.push(warning);
    options.onWarning?.(warning);
  };

  const sdk = locateNearSdk(entry);
  if (!/^2\.0\./.test(sdk.version)) {
    warn({
      kind: 'near-sdk-js-version',
      message: `near-sdk-js ${sdk.version} (${showPath(cwd, sdk.dir)}): this toolchain reproduces near-sdk-js 2.0's build; another version's builder.c may not match its engine.`,
    });
  }
  const typescript = locateTypeScript(projectRoot, sdk);
  log(`checking ${entryShown} as near-sdk-js does (TypeScript ${typescript.version})`);
  const checked = checkLikeNearSdkJs({ ts: typescript.ts, entry, projectRoot, sdk, cwd });

  const cacheDir = options.cacheDir !== undefined ? resolve(cwd, options.cacheDir) : defaultCacheDir(projectRoot);
  const engine = await prepareEngine(projectRoot, cacheDir, tools, log);
  mkdirSync(cacheDir, { recursive: true });
  // A folder per build, so builds of same-named entries never share scratch files.
  const workRoot = mkdtempSync(join(cacheDir, 'work-'));
  let built: Awaited<ReturnType<typeof compileContract>>;
  try {
    log(`compiling ${entryShown}`);
    built = await compileContract(
      { name: stem, moduleName, entry, label: entryShown, workRoot, sdk, show: (file) => showPath(cwd, file) },
      engine,
      tools,
    );
  } finally {
    rmSync(workRoot, { recursive: true, force: true });
  }

  for (const value of checked.exports) {
    if (built.methods.includes(value.name)) warn(exportWarning(entryShown, value));
  }

  writeAtomically(out, built.wasm, showPath(cwd, out));
  return {
    entry,
    out,
    outReason,
    moduleName,
    projectRoot,
    methods: built.methods,
    size: built.size,
    sha256: sha256(built.wasm),
    nearSdk: { dir: sdk.dir, version: sdk.version, from: sdk.from },
    typescript: { version: typescript.version, from: typescript.from },
    cacheDir,
    warnings,
  };
}
