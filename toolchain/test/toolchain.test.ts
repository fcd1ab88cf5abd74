/**
 * The offline toolchain: clear errors for missing tools, QuickJS edits that apply to
 * exactly the expected sources, atomic writes and byte-for-byte reproducible builds.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildContracts, sha256 } from '../build.js';
import { listContracts } from '../contracts.js';
import { applyEdits, ENGINE_EDITS } from '../quickjs/engine-edits.js';
import { toolDifferences } from '../tool-record.js';
import { locateToolchain, MissingToolError, toolchainProblem } from '../tools.js';

/** Builds take tens of seconds, more on a busy machine: no timeout around them. */
const NO_TIMEOUT = 0;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PRISTINE = join(ROOT, 'node_modules/qjsc/deps/quickjs_2021_03_27');

const missing = toolchainProblem();
if (missing) console.warn(`toolchain tests that compile C are skipped: ${missing}`);

describe('missing tools', () => {
  const saved = process.env['NRH_CLANG'];
  afterEach(() => {
    if (saved === undefined) delete process.env['NRH_CLANG'];
    else process.env['NRH_CLANG'] = saved;
  });

  it('fail at once, naming the tool and the command that installs it', () => {
    process.env['NRH_CLANG'] = '/nonexistent/clang-14';
    expect(() => locateToolchain()).toThrow(MissingToolError);
    expect(() => locateToolchain()).toThrow(/clang 14 \(\/nonexistent\/clang-14\)[\s\S]*apt-get install -y clang-14/);
  });
});

describe('the record of the tools that built the committed contracts', () => {
  it('names each tool whose version differs, with both versions', () => {
    const recorded = { clang: 'Debian clang version 14.0.6', 'wasm-ld': 'Debian LLD 14.0.6', 'npm qjsc': '0.3.0' };
    const current = { clang: 'Debian clang version 16.0.6', 'wasm-ld': 'Debian LLD 14.0.6', 'npm qjsc': '0.3.0', 'wasm-opt': 'version 108' };
    expect(toolDifferences(recorded, current)).toEqual([
      'clang: Debian clang version 16.0.6 (the committed wasm was built with: Debian clang version 14.0.6)',
      'wasm-opt: version 108 (the committed wasm was built with: (not used))',
    ]);
    expect(toolDifferences(recorded, { ...recorded })).toEqual([]);
  });
});

describe('QuickJS 2021-03-27 edits', () => {
  it.each([...new Set(ENGINE_EDITS.map((e) => e.file))])('apply to the pristine %s exactly once each', (file) => {
    const pristine = readFileSync(join(PRISTINE, file), 'latin1');
    const edited = applyEdits(file, pristine);
    for (const edit of ENGINE_EDITS.filter((e) => e.file === file)) {
      expect(pristine.split(edit.find)).toHaveLength(2);
      if (edit.replace !== '') expect(edited).toContain(edit.replace);
    }
  });

  it('fix libbf bf_set_ui for values with bit 63 set on 32-bit limbs (the u128 defect)', () => {
    const edited = applyEdits('libbf.c', readFileSync(join(PRISTINE, 'libbf.c'), 'latin1'));
    expect(edited).toContain('r->tab[1] = shift ? (a1 << shift) | (a0 >> (LIMB_BITS - shift)) : a1;');
  });

  it('refuse sources that are not the expected release, saying which edit failed', () => {
    expect(() => applyEdits('libbf.c', '/* some other libbf */')).toThrow(/does not apply to libbf\.c .*bf_set_ui.*qjsc@0\.3\.0/s);
  });
});

describe.skipIf(missing !== undefined)('building contracts (needs the C toolchain)', () => {
  const scratch = join(ROOT, '.build/test-projects');

  it('reproduces the committed mock.wasm byte for byte and never runs wasm-opt, even one installed beside clang and on PATH', async () => {
    // clang's wasm driver runs a wasm-opt found beside itself (Debian's binaryen puts one
    // in /usr/bin, next to clang-14) or on PATH; the build must not depend on either.
    const decoy = join(ROOT, '.build/test-decoy-wasm-opt');
    rmSync(decoy, { recursive: true, force: true });
    mkdirSync(decoy, { recursive: true });
    const ran = join(decoy, 'wasm-opt-ran');
    writeFileSync(join(decoy, 'wasm-opt'), `#!/bin/sh\necho "$@" >> '${ran}'\n`, { mode: 0o755 });
    symlinkSync(locateToolchain().clang, join(decoy, 'clang-14'));
    const saved = { clang: process.env['NRH_CLANG'], path: process.env['PATH'] };
    process.env['NRH_CLANG'] = join(decoy, 'clang-14');
    process.env['PATH'] = `${decoy}:${saved.path ?? ''}`;
    try {
      const mock = listContracts(ROOT).filter((c) => c.name === 'mock');
      const report = await buildContracts({ projectRoot: ROOT, contracts: mock, verify: true });
      expect(existsSync(ran) ? readFileSync(ran, 'utf8') : 'never ran').toBe('never ran');
      expect(report.mismatches).toEqual([]);
      expect(report.built[0]!.sha256).toBe(sha256(new Uint8Array(readFileSync(join(ROOT, 'mocks/build/mock.wasm')))));
      expect(report.toolDifferences).toEqual([]);
      expect(Object.keys(report.tools)).toEqual(expect.arrayContaining(['clang', 'wasm-ld', 'compiler-rt', 'wasi-libc', 'npm qjsc', 'npm near-sdk-js']));
    } finally {
      if (saved.clang === undefined) delete process.env['NRH_CLANG'];
      else process.env['NRH_CLANG'] = saved.clang;
      process.env['PATH'] = saved.path;
    }
  }, NO_TIMEOUT);

  it('never leaves a half-written .wasm when a build fails', async () => {
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(join(scratch, 'build'), { recursive: true });
    writeFileSync(
      join(scratch, 'broken.ts'),
      "import { near } from 'near-sdk-js';\nexport function register(): void { near.log('a C keyword'); }\n",
    );
    const target = join(scratch, 'build/broken.wasm');
    writeFileSync(target, 'previous build');
    await expect(
      buildContracts({ projectRoot: ROOT, contracts: [{ name: 'broken', entry: '.build/test-projects/broken.ts', wasm: '.build/test-projects/build/broken.wasm' }] }),
    ).rejects.toThrow(/register cannot be exported.*C keywords/s);
    expect(readFileSync(target, 'utf8')).toBe('previous build');
    expect(readdirSync(join(scratch, 'build'))).toEqual(['broken.wasm']);
    expect(existsSync(`${target}.tmp-${process.pid}`)).toBe(false);
  }, NO_TIMEOUT);
});
