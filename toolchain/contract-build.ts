/**
 * Builds one near-sdk-js contract to NEAR wasm with the prepared engine:
 * bundle -> qjsc bytecode (code.h) -> method table (methods.h) -> builder.c
 * compiled and LTO-linked with the engine -> checked. The wasm is returned, not
 * written: the caller decides whether to write it (atomically) or compare it.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BuildError } from './build-errors.js';
import { bundleContract } from './bundle.js';
import { hermeticEnv, wasmCompileFlags, type PreparedEngine } from './engine.js';
import { run } from './exec.js';
import type { NearSdk } from './near-sdk.js';
import type { Toolchain } from './tools.js';
import { checkContractWasm, type CheckedContract } from './wasm-checker.js';
import { HOST_FUNCTION_NAMES } from '../harness/runtime/index.js';

/** C keywords, and the host functions builder.c declares: a method named like one cannot be a C function. */
const RESERVED_METHOD_NAMES = new Set([
  ...'auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while _Bool _Complex _Imaginary main _start'.split(' '),
  ...HOST_FUNCTION_NAMES,
]);

/** The 256 KiB stack near-sdk-js links its contracts with. */
const STACK_SIZE = 256 * 1024;

/** wasm-ld's arguments for a contract: builder.o + the engine, wasi-libc and compiler-rt; no entry point, NEAR imports left undefined. */
export function linkArguments(engine: PreparedEngine, tools: Pick<Toolchain, 'builtins'>): string[] {
  return [
    '-m',
    'wasm32',
    `-L${join(engine.sysroot, 'lib/wasm32-wasi')}`,
    'builder.o',
    ...engine.objects,
    '-lm',
    '--no-entry',
    '--allow-undefined',
    '-z',
    `stack-size=${STACK_SIZE}`,
    '--lto-O3',
    // No debug info or names: Debian's wasi-libc carries DWARF, and custom sections
    // count toward a contract's size and deploy cost on older protocols.
    '--strip-all',
    '-lc',
    tools.builtins,
    '-o',
    'contract.wasm',
  ];
}

export interface BuiltContract extends CheckedContract {
  wasm: Uint8Array;
  /** The bundle's exports: every one becomes a wasm method. */
  bundleExports: string[];
}

export interface CompileInput {
  /** Build name: the bytecode's module name is build/<name>.js, as near-sdk-js names it. */
  name: string;
  /** Entry file, absolute. */
  entry: string;
  /** The entry as messages show it. */
  label: string;
  /** Scratch folder for this build (under the build cache). */
  workRoot: string;
  sdk: NearSdk;
  /** How messages name a file. */
  show?: (file: string) => string;
}

function builderSource(sdk: NearSdk): string {
  const file = join(sdk.dir, 'builder/builder.c');
  if (!existsSync(file)) throw new BuildError('missing-packages', `near-sdk-js's builder.c not found at ${file}; reinstall near-sdk-js.`);
  return file;
}

/** builder.c includes its engine headers via ../node_modules/near-sdk-js/lib/cli/deps/quickjs. */
function linkEngineHeaders(workRoot: string, engine: PreparedEngine): void {
  const link = join(workRoot, 'node_modules/near-sdk-js/lib/cli/deps/quickjs');
  rmSync(link, { force: true, recursive: true });
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(engine.sourceDir, link);
}

/** Bundles, compiles and checks one contract; the caller writes or compares the wasm. */
export async function compileContract(input: CompileInput, engine: PreparedEngine, tools: Toolchain): Promise<BuiltContract> {
  const { workRoot, label } = input;
  const work = join(workRoot, input.name);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'build'), { recursive: true });
  linkEngineHeaders(workRoot, engine);

  const bundle = await bundleContract(input.entry, { sdk: input.sdk, ...(input.show ? { show: input.show } : {}) });
  const clashes = bundle.exports.filter((name) => RESERVED_METHOD_NAMES.has(name));
  if (clashes.length > 0) {
    throw new BuildError(
      'contract',
      `${label}: method name(s) ${clashes.join(', ')} cannot be exported: every method becomes a C function ` +
        'in near-sdk-js\'s builder.c, so C keywords and NEAR host function names are reserved. Rename the method(s).',
    );
  }
  if (bundle.exports.length === 0) throw new BuildError('contract', `${label}: the contract exports no methods`);
  // The module name is compiled into the bytecode and shows in JS stack traces, so it
  // is a fixed relative path: "build/<name>.js", as near-sdk-js names it.
  const moduleName = `build/${input.name}.js`;
  writeFileSync(join(work, moduleName), bundle.code);
  await run(engine.qjsc, ['-c', '-m', '-o', 'code.h', '-N', 'code', moduleName], { cwd: work });
  writeFileSync(join(work, 'methods.h'), bundle.exports.map((name) => `DEFINE_NEAR_METHOD(${name})\n`).join(''));
  copyFileSync(builderSource(input.sdk), join(work, 'builder.c'));

  const env = hermeticEnv();
  const flags = wasmCompileFlags(engine, true);
  await run(tools.clang, [...flags, `-ffile-prefix-map=${work}=.`, '-I.', '-c', 'builder.c', '-o', 'builder.o'], { cwd: work, env });
  // The link is wasm-ld itself, with the arguments clang 14's driver would pass: going
  // through the driver would run any wasm-opt found beside clang or on PATH.
  await run(tools.wasmLd, linkArguments(engine, tools), { cwd: work, env });
  const wasm = new Uint8Array(readFileSync(join(work, 'contract.wasm')));
  const checked = checkContractWasm(label, wasm);
  return { ...checked, wasm, bundleExports: bundle.exports };
}
