/**
 * Panic traces as near-sdk-js writes them. near-sdk-js 2.0.0's builder.c panics on a
 * thrown error with `message + "\n" + stack` (panic_utf8), and QuickJS's stack frames name
 * the module's file: the name qjsc was given. near-sdk-js's `build <source> <target>`
 * (lib/cli/cli.js) gives qjsc the rollup bundle at
 * getRollupTarget(target) = `${dirname(target)}/${basename(target, "." + ext)}.js`, so our
 * `build <entry> -o <out>` compiles the module under that name for the same out, and
 * a whole panic text compares equal on both.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OneContract } from '../../harness/runtime/test/index.js';
import { nearSdkJsModuleName, renameModuleInCodeHeader } from '../contract-build.js';
import { prepareEngine } from '../engine.js';
import { run } from '../exec.js';
import { buildContract } from '../index.js';
import { locateToolchain, toolchainProblem } from '../tools.js';

const NO_TIMEOUT = 0; // builds take a minute or more on a busy machine
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, '.build');
const OUT = join(ROOT, '.build/test-module-name');
const ENTRY = join(ROOT, 'toolchain/test/fixtures/panic-trace/src/contract.ts');

const missing = toolchainProblem();
if (missing) console.warn(`module-name tests that compile C are skipped: ${missing}`);

describe("near-sdk-js 2.0.0's naming rule (lib/cli/cli.js getRollupTarget: dirname(target)/basename(target, '.' + last extension).js)", () => {
  it.each([
    ['build/contract.wasm', 'build/contract.js'], // `near-sdk-js build src/contract.ts build/contract.wasm`, its default target
    ['build/hello_near.wasm', 'build/hello_near.js'],
    ['contract.wasm', './contract.js'], // dirname gives "."
    ['out/my.contract.wasm', 'out/my.contract.js'], // only the last extension goes
    ['../elsewhere/c.wasm', '../elsewhere/c.js'], // kept as typed, relative to where the build runs
    ['/abs/out/c.wasm', '/abs/out/c.js'],
  ])('%s -> %s', (target, name) => {
    expect(nearSdkJsModuleName(target)).toBe(name);
  });
});

/** The panic text of `boom`: near-sdk-js's `message\nstack`, the stack naming the module file and the line of each frame. */
function panicOf(wasm: string): string {
  const contract = new OneContract('thrower.test.near', relative(ROOT, wasm));
  const result = contract.call('boom', { args: { reason: 'no' } });
  expect(result.errorText).toBeDefined();
  return result.errorText!;
}

/** The frames of the panic: "    at <function> (<file>:<line>)". */
const frameFiles = (panic: string) => [...panic.matchAll(/^ {4}at \S+ \(([^)]*):\d+\)$/gm)].map((m) => m[1]);

describe.skipIf(missing !== undefined)('`build <entry> -o <out>` compiles the module under near-sdk-js\'s name for out (needs the C toolchain)', () => {
  it('-o build/thrower.wasm (relative, run from the project folder): the panic stack names build/thrower.js', async () => {
    const cwd = join(OUT, 'relative');
    rmSync(cwd, { recursive: true, force: true });
    mkdirSync(cwd, { recursive: true });
    const result = await buildContract({ entry: ENTRY, out: 'build/thrower.wasm', cwd, cacheDir: CACHE });
    expect(result.moduleName).toBe('build/thrower.js');
    const panic = panicOf(result.out);
    // builder.c: "Smart contract panicked: " + message + "\n" + stack; the stack's frames, innermost first.
    expect(panic).toMatch(/^Smart contract panicked: boom: no\n {4}at failWith \(build\/thrower\.js:\d+\)\n {4}at boom \(build\/thrower\.js:\d+\)\n/);
    expect(new Set(frameFiles(panic))).toEqual(new Set(['build/thrower.js']));
  }, NO_TIMEOUT);

  it('-o ../dist/thrower.wasm (leaving the folder it runs in): the stack names ../dist/thrower.js, as typed', async () => {
    const cwd = join(OUT, 'updir/project');
    rmSync(join(OUT, 'updir'), { recursive: true, force: true });
    mkdirSync(cwd, { recursive: true });
    const result = await buildContract({ entry: ENTRY, out: '../dist/thrower.wasm', cwd, cacheDir: CACHE });
    expect(result.out).toBe(join(OUT, 'updir/dist/thrower.wasm'));
    expect(result.moduleName).toBe('../dist/thrower.js');
    expect(new Set(frameFiles(panicOf(result.out)))).toEqual(new Set(['../dist/thrower.js']));
  }, NO_TIMEOUT);

  it('-o <absolute path>: the stack names that absolute path, as near-sdk-js given an absolute target', async () => {
    const out = join(OUT, 'absolute/dist/thrower.wasm');
    rmSync(join(OUT, 'absolute'), { recursive: true, force: true });
    const result = await buildContract({ entry: ENTRY, out, cwd: ROOT, cacheDir: CACHE });
    const name = join(OUT, 'absolute/dist/thrower.js');
    expect(result.moduleName).toBe(name);
    const panic = panicOf(result.out);
    expect(panic.startsWith(`Smart contract panicked: boom: no\n    at failWith (${name}:`)).toBe(true);
    expect(new Set(frameFiles(panic))).toEqual(new Set([name]));
  }, NO_TIMEOUT);
});

describe.skipIf(missing !== undefined)('qjsc under a placeholder name, renamed in the bytecode, equals qjsc given the name itself', () => {
  it('for an absolute name and for one with non-ASCII characters', async () => {
    const engine = await prepareEngine(ROOT, CACHE, locateToolchain(), () => {});
    const dir = join(OUT, 'qjsc');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'build'), { recursive: true });
    const source = 'export function boom() { throw new Error("x"); }\nexport const answer = 42;\n';
    const compile = async (name: string): Promise<string> => {
      writeFileSync(name.startsWith('/') ? name : join(dir, name), source);
      await run(engine.qjsc, ['-c', '-m', '-o', join(dir, 'code.h'), '-N', 'code', name], { cwd: dir });
      return readFileSync(join(dir, 'code.h'), 'utf8');
    };
    const placeholder = await compile('build/placeholder.js');
    for (const name of [join(dir, 'build/absolute-name.js'), 'build/ünïcode-名前.js']) {
      expect(renameModuleInCodeHeader(placeholder, 'build/placeholder.js', name)).toBe(await compile(name));
    }
  }, NO_TIMEOUT);
});
