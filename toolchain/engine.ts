/**
 * Prepares the QuickJS engine for contract builds, once per set of inputs:
 * pristine QuickJS 2021-03-27 (from the npm package qjsc@0.3.0) + our edits and
 * additions, a native qjsc compiled from exactly those sources (its bytecode must
 * match the engine inside the wasm), and the engine compiled to wasm32 LTO objects.
 *
 * Results are cached under <cache dir>/engine-<hash>/ keyed by every input, and written
 * to a temporary directory first so an interrupted build never leaves half a cache. The
 * caller picks the cache dir (this repository: .build/; a user's project: see build-entry.ts).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEdits, ENGINE_EDITS, QUICKJS_C_TRAILER } from './quickjs/engine-edits.js';
import { inParallel, run } from './exec.js';
import { packageRoot, quickjsAssetsDir } from './package-root.js';
import type { Toolchain } from './tools.js';

const OUR_FILES = ['quickjs-libc-min.c', 'quickjs-libc-min.h', 'near-engine-additions.c', 'wasi-stubs.c'];
const PRISTINE_FILES = [
  'VERSION',
  'quickjs.c',
  'quickjs.h',
  'quickjs-atom.h',
  'quickjs-opcode.h',
  'libregexp.c',
  'libregexp.h',
  'libregexp-opcode.h',
  'libunicode.c',
  'libunicode.h',
  'libunicode-table.h',
  'cutils.c',
  'cutils.h',
  'libbf.c',
  'libbf.h',
  'list.h',
  'qjsc.c',
  'quickjs-libc.c',
  'quickjs-libc.h',
];
export const QUICKJS_VERSION = '2021-03-27';

/** The engine's C definitions, identical for the native qjsc and the wasm engine. */
export const ENGINE_DEFINES = ['-D_GNU_SOURCE', `-DCONFIG_VERSION="${QUICKJS_VERSION}"`, '-DCONFIG_BIGNUM'];

/** Sources compiled into every contract besides builder.c. */
const WASM_ENGINE_SOURCES = ['quickjs.c', 'libregexp.c', 'libunicode.c', 'cutils.c', 'libbf.c', 'quickjs-libc-min.c'];

export interface PreparedEngine {
  dir: string;
  /** Patched sources (and our additions): the directory builder.c includes from. */
  sourceDir: string;
  qjsc: string;
  /** LTO bitcode objects of the engine, plus the non-LTO WASI stubs object. */
  objects: string[];
  /** sysroot directory in wasi-sdk layout pointing at the distribution's wasi-libc. */
  sysroot: string;
}

/** Flags for every wasm32 compile (clang only compiles; the link is a separate, explicit wasm-ld step). */
export function wasmCompileFlags(engine: Pick<PreparedEngine, 'sysroot'>, lto: boolean): string[] {
  return [
    '--target=wasm32-wasi',
    `--sysroot=${engine.sysroot}`,
    '-Oz',
    ...(lto ? ['-flto'] : []),
    '-w',
    ...ENGINE_DEFINES,
  ];
}

export class MissingQuickjsSourcesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingQuickjsSourcesError';
  }
}

/** The qjsc npm package's QuickJS sources: the harness's copy first, then the project's. */
function pristineDir(projectRoot: string): string {
  let pkg: string | undefined;
  for (const base of [packageRoot(), projectRoot]) {
    try {
      pkg = dirname(createRequire(join(base, 'package.json')).resolve('qjsc/package.json'));
      break;
    } catch {
      // not installed there; try the next place
    }
  }
  if (pkg === undefined) {
    throw new MissingQuickjsSourcesError(
      'QuickJS sources not found: the npm package qjsc@0.3.0 is not installed. Install it without its native-addon build: `npm i -D qjsc@0.3.0 --ignore-scripts`.',
    );
  }
  const dir = join(pkg, 'deps/quickjs_2021_03_27');
  const version = existsSync(join(dir, 'VERSION')) ? readFileSync(join(dir, 'VERSION'), 'utf8').trim() : 'missing';
  if (version !== QUICKJS_VERSION) {
    throw new MissingQuickjsSourcesError(
      `expected QuickJS ${QUICKJS_VERSION} sources in ${dir}, found version "${version}". Install qjsc@0.3.0: \`npm i -D qjsc@0.3.0 --ignore-scripts\`.`,
    );
  }
  return dir;
}

function engineKey(pristine: string, tools: Toolchain): string {
  const hash = createHash('sha256');
  for (const file of PRISTINE_FILES) hash.update(file).update(readFileSync(join(pristine, file)));
  for (const file of OUR_FILES) hash.update(file).update(readFileSync(join(quickjsAssetsDir(), file)));
  hash.update(JSON.stringify(ENGINE_EDITS)).update(QUICKJS_C_TRAILER);
  hash.update(JSON.stringify(tools.versions)).update(tools.sysrootInclude).update(JSON.stringify(ENGINE_DEFINES));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Environment for clang and wasm-ld: nothing from the user's environment (no PATH, locale
 * or CFLAGS-like variables) reaches them, so output never depends on what is installed.
 */
export function hermeticEnv(): NodeJS.ProcessEnv {
  return { PATH: '/nonexistent', LC_ALL: 'C', SOURCE_DATE_EPOCH: '0' };
}

/** Prepares (or finds in `cacheDir`) the engine; `projectRoot` is a second place to find the qjsc package. */
export async function prepareEngine(
  projectRoot: string,
  cacheDir: string,
  tools: Toolchain,
  log: (line: string) => void,
): Promise<PreparedEngine> {
  const pristine = pristineDir(projectRoot);
  const key = engineKey(pristine, tools);
  const dir = join(cacheDir, `engine-${key}`);
  const layout = (base: string): PreparedEngine => ({
    dir: base,
    sourceDir: join(base, 'quickjs'),
    qjsc: join(base, 'qjsc'),
    objects: [...WASM_ENGINE_SOURCES.map((s) => join(base, 'wasm', s.replace(/\.c$/, '.o'))), join(base, 'wasm', 'wasi-stubs.o')],
    sysroot: join(base, 'sysroot'),
  });
  if (existsSync(join(dir, 'COMPLETE'))) return layout(dir);

  const shown = relative(process.cwd(), dir);
  log(`preparing QuickJS ${QUICKJS_VERSION} engine (one-off, cached in ${shown.startsWith('..') ? dir : shown})`);
  const temp = `${dir}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const engine = layout(temp);
  mkdirSync(engine.sourceDir, { recursive: true });
  mkdirSync(join(temp, 'wasm'));
  mkdirSync(join(engine.sysroot, 'include'), { recursive: true });
  mkdirSync(join(engine.sysroot, 'lib'), { recursive: true });

  // Debian keeps wasm32 headers/libraries in multiarch dirs under /usr; clang wants a
  // sysroot that holds only them (using /usr itself would pull in glibc headers).
  symlinkSync(tools.sysrootInclude, join(engine.sysroot, 'include/wasm32-wasi'));
  symlinkSync(tools.sysrootLib, join(engine.sysroot, 'lib/wasm32-wasi'));

  for (const file of PRISTINE_FILES) {
    let text = readFileSync(join(pristine, file), 'latin1');
    text = applyEdits(file, text);
    if (file === 'quickjs.c') text += QUICKJS_C_TRAILER;
    writeFileSync(join(engine.sourceDir, file), text, 'latin1');
  }
  for (const file of OUR_FILES) copyFileSync(join(quickjsAssetsDir(), file), join(engine.sourceDir, file));

  const nativeSources = ['qjsc.c', 'quickjs.c', 'libregexp.c', 'libunicode.c', 'cutils.c', 'libbf.c', 'quickjs-libc.c'];
  const nativeBuild = run(
    tools.hostCc,
    ['-O2', '-w', ...ENGINE_DEFINES, '-o', '../qjsc', ...nativeSources, '-lm', '-ldl', '-lpthread'],
    { cwd: engine.sourceDir },
  );
  const clangEnv = hermeticEnv();
  const wasmBuilds = inParallel([...WASM_ENGINE_SOURCES, 'wasi-stubs.c'], 2, async (source) => {
    // The WASI stubs must stay ordinary objects so wasm-ld resolves wasi-libc's
    // imports to them instead of emitting wasi_snapshot_preview1 imports.
    const lto = source !== 'wasi-stubs.c';
    await run(
      tools.clang,
      [...wasmCompileFlags(engine, lto), `-ffile-prefix-map=${engine.sourceDir}=.`, '-c', source, '-o', `../wasm/${source.replace(/\.c$/, '.o')}`],
      { cwd: engine.sourceDir, env: clangEnv },
    );
  });
  await Promise.all([nativeBuild, wasmBuilds]);

  const version = await run(engine.qjsc, ['-h'], { cwd: temp }).catch((e: Error) => e.message);
  if (!version.includes(`QuickJS Compiler version ${QUICKJS_VERSION}`)) {
    throw new Error(`the native qjsc did not report version ${QUICKJS_VERSION}:\n${version}`);
  }
  writeFileSync(join(temp, 'COMPLETE'), `${key}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(temp, dir);
  return layout(dir);
}
