/**
 * `init` and `build` from the command line, as a user types them: paths from the current
 * folder, every mistake named with what to do, the build's warnings printed as warnings.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';

const BIN = join(PACKAGE_ROOT, 'bin/near-rollback-harness.js');
const project = mkdtempSync(join(tmpdir(), 'nrh-project-commands-'));
writeFileSync(join(project, 'package.json'), '{ "name": "someones-contract", "private": true }\n');
afterAll(() => rmSync(project, { recursive: true, force: true }));

// No colour, and no FORCE_COLOR from the test's own environment (Node warns when both are set).
const { FORCE_COLOR: _forced, ...inherited } = process.env;
const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...inherited, NO_COLOR: '1' } });

describe('init', () => {
  it('writes rollback.scenario.ts in the project root from a wasm named from a subfolder, and refuses to overwrite it', () => {
    mkdirSync(join(project, 'out', 'wasm'), { recursive: true });
    cpSync(join(PACKAGE_ROOT, 'contract/build/router.wasm'), join(project, 'out/wasm/router.wasm'));
    mkdirSync(join(project, 'src'), { recursive: true });
    const first = cli(join(project, 'src'), 'init', '--wasm', '../out/wasm/router.wasm', '--args', '{"init":{"pools":["amm.test.near"]}}');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const written = readFileSync(join(project, 'rollback.scenario.ts'), 'utf8');
    // The module's wasm path is relative to the module itself.
    expect(written).toContain("wasm: './out/wasm/router.wasm'");
    expect(first.stdout).toContain('  npx near-rollback-harness run\n');

    const again = cli(join(project, 'src'), 'init', '--wasm', '../out/wasm/router.wasm');
    expect(again.status).toBe(2);
    // A path outside the current folder is shown in full.
    expect(again.stderr).toBe(`error: ${join(project, 'rollback.scenario.ts')} exists; choose another file with --out, or overwrite it with --force\n`);
  }, 0);

  it('names a missing wasm, a file that is not wasm, and --args that are not JSON', () => {
    expect(cli(project, 'init', '--wasm', 'nope.wasm').stderr).toBe(`error: --wasm nope.wasm: no such file (looked for ${join(project, 'nope.wasm')}); build the contract first\n`);
    expect(cli(project, 'init', '--wasm', 'package.json', '--out', 'x.ts').stderr).toMatch(/^error: package\.json is not a WebAssembly module: /);
    expect(cli(project, 'init', '--wasm', 'package.json', '--out', 'x.ts', '--args', '{nope').stderr).toMatch(/^error: --args must be JSON \(.*\); quote it for your shell/);
    expect(cli(project, 'init', '--wasm', 'package.json', '--out', 'x.ts', '--args', '[1]').stderr).toMatch(/^error: --args must be an object of arguments by method name/);
    expect(existsSync(join(project, 'x.ts'))).toBe(false);
  });
});

describe('build', () => {
  it('builds a near-sdk-js entry from any folder to the -o path, warning about an exported helper that becomes a public method', () => {
    const copy = join(project, 'helper');
    cpSync(join(PACKAGE_ROOT, 'toolchain/test/fixtures/exported-helper'), copy, { recursive: true });
    const result = cli(copy, 'build', 'src/contract.ts', '-o', 'dist/contract.wasm');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^warning: .*exports `sendNear`, which is not a @call\/@view\/@initialize method/m);
    expect(result.stdout).toMatch(/^built dist\/contract\.wasm: \d+ bytes, \d+ method\(s\): .*sendNear/m);
    expect(readFileSync(join(copy, 'dist/contract.wasm')).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
  }, 0); // a whole contract build (the engine is cached after the first): no timeout

  it('names an entry that does not exist', () => {
    const result = cli(project, 'build', 'src/missing.ts');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: src\/missing\.ts: no such file/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
