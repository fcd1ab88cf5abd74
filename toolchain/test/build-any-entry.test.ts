/**
 * buildContract: any near-sdk-js entry, anywhere on disk, built offline with the project's
 * toolchain; near-sdk-js's own type-check strictness; warnings for exports that become
 * methods; named errors for bad entries, syntax and type errors and missing tools.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { OneContract } from '../../harness/runtime/test/index.js';
import { sha256 } from '../build.js';
import { buildContract, BuildError, defaultCacheDir, npmInstallLine, type BuildContractOptions, type BuildWarning } from '../index.js';
import { packageRoot } from '../package-root.js';
import { toolchainProblem } from '../tools.js';
import { checkContractWasm } from '../wasm-checker.js';

/** Builds take a minute or more on a busy machine: no timeout around them. */
const NO_TIMEOUT = 0;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'toolchain/test/fixtures');
/** The repository's engine cache: the tests share it with `npm run build:contracts`. */
const CACHE = join(ROOT, '.build');
const OUT = join(ROOT, '.build/test-build-any-entry');

const missing = toolchainProblem();
if (missing) console.warn(`build-any-entry tests that compile C are skipped: ${missing}`);

/** A path OneContract (which loads wasm relative to the repository root) accepts. */
const fromRoot = (file: string) => relative(ROOT, file);

async function buildFailure(options: BuildContractOptions): Promise<BuildError> {
  try {
    await buildContract(options);
  } catch (error) {
    expect(error).toBeInstanceOf(BuildError);
    return error as BuildError;
  }
  throw new Error(`${options.entry} built, but should not have`);
}

/** Messages never carry a JS stack. */
/** A build error is plain text: no stack, and no terminal colour codes even when FORCE_COLOR is set (as in CI). */
const expectNoStack = (error: BuildError) => {
  expect(error.message).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(error.message).not.toContain('\x1b[');
};

const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of a fixture project outside this repository: nothing above it has near-sdk-js. */
function outsideCopy(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nrh-any-entry-'));
  scratch.push(dir);
  cpSync(join(FIXTURES, fixture), join(dir, fixture), { recursive: true });
  return join(dir, fixture);
}

describe('where things go', () => {
  it('finds its assets from the package root, the folder whose package.json is near-rollback-harness', () => {
    expect(packageRoot()).toBe(ROOT.replace(/\/$/, ''));
    expect(existsSync(join(packageRoot(), 'toolchain/quickjs/quickjs-libc-min.c'))).toBe(true);
  });

  it("caches the engine in .build/ here, and in node_modules/.cache/near-rollback-harness of a user's project", () => {
    expect(defaultCacheDir(packageRoot())).toBe(join(packageRoot(), '.build'));
    expect(defaultCacheDir('/home/u/app')).toBe('/home/u/app/node_modules/.cache/near-rollback-harness');
  });

  it('names the npm line that installs missing packages, with the versions this package uses', () => {
    expect(npmInstallLine(['rollup', 'near-sdk-js'])).toMatch(/^npm i -D rollup@\S*2\.80\.0 near-sdk-js@\S*2\.0\.0$/);
    expect(npmInstallLine(['qjsc'])).toMatch(/^npm i -D qjsc@\S*0\.3\.0 --ignore-scripts$/);
  });
});

describe.skipIf(missing !== undefined)('buildContract (needs the C toolchain)', () => {
  afterEach(() => {
    delete process.env['NRH_CLANG'];
  });

  it("builds near-examples' layout (src/contract.ts + src/internal/*.ts importing '../contract') from its own folder; the wasm passes the checker and runs", async () => {
    const project = join(FIXTURES, 'near-examples');
    const out = join(OUT, 'near-examples.wasm');
    rmSync(out, { force: true });
    const seen: BuildWarning[] = [];
    const result = await buildContract({ entry: 'src/contract.ts', cwd: project, out, cacheDir: CACHE, onWarning: (w) => seen.push(w) });

    expect(result.out).toBe(out);
    expect(result.outReason).toBe('the output path given');
    expect(result.projectRoot).toBe(project);
    // near-sdk-js from walking up node_modules from the entry: this repository's copy.
    expect(result.nearSdk).toEqual({ dir: join(ROOT, 'node_modules/near-sdk-js'), version: '2.0.0', from: 'project' });
    const bytes = new Uint8Array(readFileSync(out));
    expect(result.sha256).toBe(sha256(bytes));
    expect(checkContractWasm(out, bytes).methods).toEqual(result.methods);
    expect(result.methods).toEqual(['Contract', 'DEFAULT_GREETING', 'get_visits', 'greet', 'init', 'set_greeting']);

    // The exported class and constant became methods too: each gets a warning.
    expect(seen).toEqual(result.warnings);
    expect(seen.map((w) => [w.kind, w.name, w.file, w.line])).toEqual([
      ['exported-value', 'DEFAULT_GREETING', 'src/contract.ts', 6],
      ['exported-class', 'Contract', 'src/contract.ts', 8],
    ]);

    const contract = new OneContract('greeter.test.near', fromRoot(out));
    expect(contract.call('init', { args: { owner: 'alice.test.near' } }).errorText).toBeUndefined();
    const greeted = contract.call('greet', { args: { name: 'bob' }, predecessor: 'bob.test.near' });
    expect(greeted.errorText).toBeUndefined();
    expect(greeted.json()).toBe('Hello, bob! (visit 1)');
    expect(greeted.logs).toEqual(['bob visited']);
    expect(contract.call('set_greeting', { args: { greeting: 'Hi' }, predecessor: 'bob.test.near' }).errorText).toMatch(/only the owner sets the greeting/);
    expect(contract.call('set_greeting', { args: { greeting: 'Hi' }, predecessor: 'alice.test.near' }).errorText).toBeUndefined();
    expect(contract.call('greet', { args: { name: 'bob' } }).json()).toBe('Hi, bob! (visit 2)');
    expect(contract.call('get_visits', { args: { name: 'bob' }, view: true }).json()).toBe(2);
  }, NO_TIMEOUT);

  it('builds an entry outside any project with near-sdk-js, with the harness\'s near-sdk-js, to build/<stem>.wasm under its project root; warns that the exported helper sendNear is a public method', async () => {
    const project = outsideCopy('exported-helper');
    const entry = join(project, 'src/contract.ts');
    const seen: BuildWarning[] = [];
    const result = await buildContract({ entry, cwd: project, cacheDir: CACHE, onWarning: (w) => seen.push(w) });

    expect(result.out).toBe(join(project, 'build/contract.wasm'));
    expect(result.outReason).toBe(`the default: build/contract.wasm under the entry's project root ${project} (the nearest folder with a package.json)`);
    expect(result.nearSdk.from).toBe('near-rollback-harness');
    // near-sdk-js's check runs the project's tsc; without one, near-sdk-js's own (typescript ~4.7).
    expect(result.typescript.from).toBe('near-sdk-js');
    expect(result.typescript.version).toMatch(/^4\.7\./);
    expect(result.methods).toEqual(['get_owner', 'init', 'sendNear', 'tip']);
    expect(seen).toEqual([
      {
        kind: 'exported-function',
        name: 'sendNear',
        file: 'src/contract.ts',
        line: 5,
        message:
          'src/contract.ts exports `sendNear`, which is not a @call/@view/@initialize method of the @NearBindgen class; near-sdk-js makes it a public contract method anyone can call. Move it to another module or stop exporting it.',
      },
    ]);

    // The helper really is a method anyone can call: its code runs (a name that is no method is MethodNotFound).
    const contract = new OneContract('tipper.test.near', fromRoot(result.out));
    expect(contract.call('init', { args: { owner: 'alice.test.near' } }).errorText).toBeUndefined();
    expect(contract.call('sendNear', { predecessor: 'mallory.test.near' }).errorText).toBeUndefined();
    expect(contract.call('send_near', { predecessor: 'mallory.test.near' }).errorText).toBe('MethodNotFound');
  }, NO_TIMEOUT);

  it("accepts what near-sdk-js's own check accepts: an unknown catch variable's .message (TS18046) and string | null into string (TS2322)", async () => {
    const entry = join(FIXTURES, 'loose-types/src/contract.ts');
    // Under a strict tsconfig (this repository's contracts) both are errors…
    const strict = ts.createProgram([entry], { strict: true, noEmit: true, skipLibCheck: true, experimentalDecorators: true, target: ts.ScriptTarget.ES2020, moduleResolution: ts.ModuleResolutionKind.Node10 });
    const codes = ts.getPreEmitDiagnostics(strict).map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining([18046, 2322]));
    // …near-sdk-js runs tsc without --strict, so the contract builds.
    const out = join(OUT, 'loose-types.wasm');
    const result = await buildContract({ entry, out, cwd: ROOT, cacheDir: CACHE });
    expect(result.warnings).toEqual([]);
    const notes = new OneContract('notes.test.near', fromRoot(out));
    expect(notes.call('add', { args: { id: 'a', text: 'x'.repeat(101) } }).logs).toEqual(['not added: too long']);
    expect(notes.call('add', { args: { id: 'b', text: 'kept' } }).errorText).toBeUndefined();
    expect(notes.call('get', { args: { id: 'b' }, view: true }).json()).toBe('kept');
  }, NO_TIMEOUT);

  it('gives the committed bytes for a contract of this repository (mocks/mock-ft.ts) built to build/mock-ft.wasm, as the repository builds it', async () => {
    // The module name follows the output as near-sdk-js's does (module-name.test.ts): the
    // repository's contracts are compiled as build/<name>.js, near-sdk-js's name for build/<name>.wasm.
    const cwd = join(OUT, 'mock-ft');
    mkdirSync(cwd, { recursive: true });
    const result = await buildContract({ entry: join(ROOT, 'mocks/mock-ft.ts'), out: 'build/mock-ft.wasm', cwd });
    expect(result.cacheDir).toBe(CACHE);
    expect(result.moduleName).toBe('build/mock-ft.js');
    expect(result.sha256).toBe(sha256(new Uint8Array(readFileSync(join(ROOT, 'mocks/build/mock-ft.wasm')))));
  }, NO_TIMEOUT);

  describe('rejects, with a named error', () => {
    const rejected = (file: string) => join(FIXTURES, 'rejected', file);

    it('a type error near-sdk-js rejects too: file:line:column and the TS message', async () => {
      const error = await buildFailure({ entry: rejected('type-error.ts'), cwd: ROOT, out: join(OUT, 'never.wasm') });
      expect(error.kind).toBe('type');
      expect(error.message).toContain("toolchain/test/fixtures/rejected/type-error.ts:9:11 TS2322: Type 'string' is not assignable to type 'number'.");
      expect(error.message).toContain('tsc --noEmit --skipLibCheck --experimentalDecorators --target es2020 --moduleResolution node');
      expectNoStack(error);
      expect(existsSync(join(OUT, 'never.wasm'))).toBe(false);
    }, NO_TIMEOUT);

    it('a syntax error, in a .ts entry (TypeScript) and in a .js entry (the bundler)', async () => {
      const inTs = await buildFailure({ entry: rejected('syntax-error.ts'), cwd: ROOT });
      expect(inTs.kind).toBe('syntax');
      expect(inTs.message).toContain('toolchain/test/fixtures/rejected/syntax-error.ts:9:24 TS1109: Expression expected.');
      const inJs = await buildFailure({ entry: rejected('syntax-error.js'), cwd: ROOT, cacheDir: CACHE });
      expect(inJs.kind).toBe('syntax');
      expect(inJs.message).toMatch(/^syntax error: toolchain\/test\/fixtures\/rejected\/syntax-error\.js:4:3: Unexpected keyword 'return'\.\n.*> 4 \|/s);
      [inTs, inJs].forEach(expectNoStack);
    }, NO_TIMEOUT);

    it("declarations under node_modules too new for the TypeScript near-sdk-js runs (its own ~4.7): named, with the project's way out", async () => {
      // A fresh project with near-sdk-js 2.0.0 meets this: its dependencies pull in the newest
      // @types/node, whose syntax TypeScript 4.7 cannot parse (near-sdk-js fails the same way).
      const project = outsideCopy('exported-helper');
      const types = join(project, 'node_modules/@types/newer-syntax');
      mkdirSync(types, { recursive: true });
      writeFileSync(join(types, 'package.json'), '{ "name": "@types/newer-syntax", "version": "1.0.0", "types": "index.d.ts" }\n');
      // A const type parameter: TypeScript 5.0 syntax.
      writeFileSync(join(types, 'index.d.ts'), 'export declare function pick<const T extends readonly string[]>(values: T): T[number];\n');
      const error = await buildFailure({ entry: join(project, 'src/contract.ts'), cwd: project });
      expect(error.kind).toBe('syntax');
      expect(error.message).toMatch(/TypeScript 4\.7\.\d+\):\n {2}node_modules\/@types\/newer-syntax\/index\.d\.ts:1:/);
      expect(error.message).toMatch(/TypeScript 4\.7\.\d+ cannot read the declarations of @types\/newer-syntax \(written for a newer TypeScript\); near-sdk-js's own build fails the same way/);
      expect(error.message).toContain('install a newer one (npm install --save-dev typescript@5) or an older major of @types/newer-syntax.');
      expectNoStack(error);
    }, NO_TIMEOUT);

    it("a @NearBindgen property near-sdk-js's validation refuses (no initializer, not set in a constructor)", async () => {
      const error = await buildFailure({ entry: rejected('uninitialized.ts'), cwd: ROOT });
      expect(error.kind).toBe('validation');
      expect(error.message).toContain('toolchain/test/fixtures/rejected/uninitialized.ts:5: property `count` of the @NearBindgen class Counter is not initialized');
    }, NO_TIMEOUT);

    it('an entry that does not exist, is a folder, or is not a script', async () => {
      const absent = await buildFailure({ entry: 'src/nope.ts', cwd: join(FIXTURES, 'near-examples') });
      expect([absent.kind, absent.message]).toEqual(['entry', `src/nope.ts: no such file (entry resolved from ${join(FIXTURES, 'near-examples')})`]);
      expect((await buildFailure({ entry: FIXTURES, cwd: ROOT })).kind).toBe('entry');
      expect((await buildFailure({ entry: 'toolchain/test/fixtures/README.md', cwd: ROOT })).message).toMatch(/entry is a \.ts, \.js, \.mjs file/);
    });

    it('missing Debian tools: each with its apt-get line, and the installer script as a user of the package runs it', async () => {
      process.env['NRH_CLANG'] = '/nonexistent/clang-14';
      const elsewhere = mkdtempSync(join(tmpdir(), 'nrh-any-entry-cwd-'));
      scratch.push(elsewhere);
      mkdirSync(join(elsewhere, 'src'));
      cpSync(rejected('type-error.ts'), join(elsewhere, 'src/contract.ts'));
      const error = await buildFailure({ entry: 'src/contract.ts', cwd: elsewhere });
      expect(error.kind).toBe('missing-tools');
      expect(error.message).toContain('clang 14 (/nonexistent/clang-14)\n      fix: sudo apt-get install -y clang-14\n');
      expect(error.message).toContain(`\`sh ${join(packageRoot(), 'toolchain/install-debian-packages.sh')}\` installs every package`);
      // From this repository's root the npm script does the same.
      expect((await buildFailure({ entry: 'mocks/mock.ts', cwd: ROOT })).message).toContain('`npm run toolchain:install`');
    });
  });
});
