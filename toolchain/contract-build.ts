/**
 * Builds one near-sdk-js contract to NEAR wasm with the prepared engine:
 * bundle -> qjsc bytecode (code.h) -> method table (methods.h) -> builder.c
 * compiled and LTO-linked with the engine -> checked. The wasm is returned, not
 * written: the caller decides whether to write it (atomically) or compare it.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { BuildError } from './build-errors.js';
import { bundleContract } from './bundle.js';
import { hermeticEnv, wasmCompileFlags, type PreparedEngine } from './engine.js';
import { run } from './exec.js';
import type { NearSdk } from './near-sdk.js';
import type { Toolchain } from './tools.js';
import { checkContractWasm, type CheckedContract } from './wasm-checker.js';
import { encodeU32, HOST_FUNCTION_NAMES } from '../harness/runtime/index.js';

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
  /** Build name: the scratch folder's, and the default module name build/<name>.js. */
  name: string;
  /**
   * The file name qjsc compiles into the bytecode: it names the module in every JS stack
   * trace, so in near-sdk-js's panic texts. Default `build/<name>.js`, what the repository's
   * contracts are built with; `nearSdkJsModuleName(out)` gives near-sdk-js's own for an output.
   */
  moduleName?: string;
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
  // The module name is compiled into the bytecode and shows in JS stack traces.
  await compileBytecode(engine, work, input.moduleName ?? `build/${input.name}.js`, bundle.code);
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

// ---- the module name ----

/**
 * The module name near-sdk-js 2.0.0's own build gives the bundle of a contract built to
 * `target` (the output path as typed; near-sdk-js runs from the project folder): in
 * lib/cli/cli.js, `build [source] [target]` writes the rollup bundle to
 * getRollupTarget(target) = `${dirname(target)}/${basename(target, "." + ext)}.js`, where
 * ext is what follows the target's last "." (getTargetExt), and createHeaderFileWithQjsc
 * runs `qjsc -c -m -o <h> -N code <that path>`. qjsc passes its file argument unchanged to
 * JS_Eval as the module's file name. The entry file plays no part: `build src/contract.ts
 * build/contract.wasm` gives build/contract.js, an absolute target an absolute name.
 */
export function nearSdkJsModuleName(target: string): string {
  const ext = target.split('.').pop() ?? '';
  return `${dirname(target)}/${basename(target, `.${ext}`)}.js`;
}

/** Where a module name that cannot be placed under the build folder (an absolute one) is compiled first. */
const PLACEHOLDER_MODULE = 'build/near-rollback-harness-module-name-placeholder.js';

/**
 * Writes `work/code.h`: the bundle compiled by qjsc under `moduleName`, exactly as qjsc would
 * compile a file at that path. qjsc reads the file by that name relative to its working
 * folder, so a relative name is laid out under a folder of the build (deep enough for
 * its leading `..`). An absolute name is compiled under a placeholder name, which is then
 * replaced in the bytecode's atom table (qjsc stores the file name only there, once, as
 * an atom; the module and every function's debug info refer to it by index).
 */
async function compileBytecode(engine: PreparedEngine, work: string, moduleName: string, code: string): Promise<void> {
  const output = join(work, 'code.h');
  const compiled = isAbsolute(moduleName) ? PLACEHOLDER_MODULE : moduleName;
  const ups = compiled.split('/').filter((segment) => segment === '..').length;
  const cwd = join(work, 'module', ...Array.from({ length: ups }, () => 'up'));
  mkdirSync(cwd, { recursive: true });
  // Every folder on the way, as the system walks it: "a/../b" needs a to exist.
  const segments = dirname(compiled).split('/');
  for (let i = 1; i <= segments.length; i++) mkdirSync(resolve(cwd, segments.slice(0, i).join('/')), { recursive: true });
  writeFileSync(resolve(cwd, compiled), code);
  await run(engine.qjsc, ['-c', '-m', '-o', output, '-N', 'code', compiled], { cwd });
  if (compiled !== moduleName) writeFileSync(output, renameModuleInCodeHeader(readFileSync(output, 'utf8'), compiled, moduleName));
}

/** A JS string as QuickJS's bytecode writer stores it: leb128(length << 1 | wide), then Latin-1 bytes or UTF-16LE units. */
function bytecodeString(text: string): Uint8Array {
  const units = Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
  const wide = units.some((unit) => unit > 0xff);
  const body = wide ? units.flatMap((unit) => [unit & 0xff, unit >> 8]) : units;
  return new Uint8Array([...encodeU32((text.length << 1) | (wide ? 1 : 0)), ...body]);
}

function readLeb128(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let shift = 1;
  let i = at;
  for (;;) {
    const byte = bytes[i++];
    if (byte === undefined) throw new BuildError('internal', 'qjsc wrote a truncated atom table');
    value += (byte & 0x7f) * shift;
    if ((byte & 0x80) === 0) return { value, next: i };
    shift *= 128;
  }
}

/** The file name qjsc was given, as QuickJS makes it a string: UTF-8 decoded. */
const asJsString = (fileName: string): string => new TextDecoder().decode(new TextEncoder().encode(fileName));

/**
 * code.h with the atom `from` replaced by `to` in the bytecode's atom table (a version
 * byte, leb128 count, then the atoms as bytecodeString writes them), and its sizes updated;
 * laid out as qjsc writes it (eight ` 0x..,` bytes a line).
 */
export function renameModuleInCodeHeader(header: string, from: string, to: string): string {
  const array = /const uint32_t code_size = (\d+);\n\nconst uint8_t code\[\d+\] = \{\n([^}]*)\};/.exec(header);
  if (!array) throw new BuildError('internal', 'qjsc wrote a code.h of an unexpected layout');
  const bytes = new Uint8Array((array[2]!.match(/0x[0-9a-f]{2}/g) ?? []).map((hex) => Number.parseInt(hex, 16)));
  const fromBytes = bytecodeString(asJsString(from));
  const toBytes = bytecodeString(asJsString(to));
  const count = readLeb128(bytes, 1);
  let at = count.next;
  let found: number | undefined;
  for (let atom = 0; atom < count.value; atom++) {
    const { value, next } = readLeb128(bytes, at);
    const end = next + (value & 1 ? 2 : 1) * (value >> 1);
    const entry = bytes.subarray(at, end);
    // The new name already an atom of the bundle: qjsc would have shared it, so no rename reproduces that.
    if (equalBytes(entry, toBytes)) throw new BuildError('internal', `the bundle itself holds the string ${JSON.stringify(to)}; it cannot also be the module name here`);
    if (equalBytes(entry, fromBytes)) found = at;
    at = end;
  }
  if (found === undefined) throw new BuildError('internal', 'the module name is missing from the bytecode qjsc wrote');
  const renamed = new Uint8Array([...bytes.subarray(0, found), ...toBytes, ...bytes.subarray(found + fromBytes.length)]);
  const lines: string[] = [];
  for (let i = 0; i < renamed.length; i += 8) {
    lines.push(`${Array.from(renamed.subarray(i, i + 8), (byte) => ` 0x${byte.toString(16).padStart(2, '0')},`).join('')}\n`);
  }
  const replacement = `const uint32_t code_size = ${renamed.length};\n\nconst uint8_t code[${renamed.length}] = {\n${lines.join('')}};`;
  return header.slice(0, array.index) + replacement + header.slice(array.index + array[0].length);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
