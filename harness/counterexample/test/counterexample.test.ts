/**
 * Counterexample files: written by fuzz the moment they are found, replayed to the
 * identical trace, refused with a clear message when corrupt, outdated or when the wasm
 * changed, and turned into a regression test that fails until the bug is fixed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedBackend, PACKAGE_ROOT } from '../../backend/index.js';
import { checkPlan } from '../../check/index.js';
import { fuzzCommand, type Output } from '../../cli/index.js';
import {
  buildCounterexample,
  corpusFiles,
  CounterexampleError,
  emitRegressionTest,
  readCounterexample,
  replayCounterexample,
  writeCounterexample,
} from '../index.js';
import { scenarios } from '../../../properties/scenarios/vault.scenario.js';

const SCRATCH = join(PACKAGE_ROOT, '.build/test-counterexamples');
const quiet = (lines: string[] = []): Output => ({ line: (t) => void lines.push(t), progress: () => {} });

describe('fuzz and replay', () => {
  let found: string[] = [];
  const lines: string[] = [];

  beforeAll(async () => {
    rmSync(SCRATCH, { recursive: true, force: true });
    const out = join(SCRATCH, 'fuzz');
    // Ctrl-C as soon as something is found: whatever was found must already be on disk.
    const code = await fuzzCommand(
      {
        scenarios: 'properties/scenarios/vault.scenario.ts',
        only: ['buggy-i-lock-not-released'],
        corpus: join(SCRATCH, 'no-corpus'),
        out,
        durationMs: 120_000,
        includeSelfTests: true,
        stop: () => existsSync(out) && readdirSync(out).some((f) => f.endsWith('.json')),
      },
      quiet(lines),
    );
    // Interrupted (here, by its stop callback): exit status 130, as on Ctrl-C.
    expect(code).toBe(130);
    found = corpusFiles(out);
  }, 0); // a fuzz budget and a replay: no timeout around them

  it('writes each counterexample to disk the moment it is found, and stops cleanly when interrupted', () => {
    expect(found.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.trim().startsWith('found [') && l.includes('buggy-i-lock-not-released'))).toBe(true);
    expect(lines.at(-1)?.trim()).toMatch(/runs \d+ .* runs\/s {2}failures [1-9].*\(interrupted\)/);
  });

  it('replays a counterexample written by fuzz to the identical trace, byte for byte', async () => {
    const result = await replayCounterexample(found[0]!);
    expect(result.violations.length).toBeGreaterThan(0);
    expect(result.trace).toBe(result.counterexample.trace);
    expect(result.identical).toBe(true);
  });

  it('records format, seed, fast-check path, scenario, plan, violations and wasm hashes', () => {
    const c = readCounterexample(found[0]!);
    expect(c).toMatchObject({ format: 'near-rollback-harness/counterexample', version: 1, backend: 'embedded', scenario: { name: 'buggy-i-lock-not-released', module: 'properties/scenarios/vault.scenario.ts' } });
    expect(typeof c.seed).toBe('number');
    expect(typeof c.path).toBe('string');
    expect(Object.keys(c.wasm).sort()).toEqual(['gate.test.near', 'pool-b.test.near', 'pool.test.near', 'relay.test.near', 'shop.test.near', 'token.test.near', 'vault.test.near']);
    expect(c.trace).toContain('blocks:');
  });
});

describe('bad counterexample files', () => {
  const file = (name: string, content: string) => {
    mkdirSync(join(SCRATCH, 'bad'), { recursive: true });
    writeFileSync(join(SCRATCH, 'bad', name), content);
    return join(SCRATCH, 'bad', name);
  };

  it('a corrupt file: not valid JSON, and what to do', () => {
    expect(() => readCounterexample(file('corrupt.json', '{"format": "near-rollback-harness/cou'))).toThrow(/not valid JSON .* the file is corrupt/);
  });

  it('an outdated file: which version it is and which one this harness reads', () => {
    const old = file('old.json', JSON.stringify({ format: 'near-rollback-harness/counterexample', version: 0 }));
    expect(() => readCounterexample(old)).toThrow(/format version 0; this harness reads version 1\. Regenerate it/);
  });

  it('a file whose wasm changed since: refused unless explicitly allowed', async () => {
    const scenario = scenarios.find((s) => s.name === 'buggy-d-callback-not-private')!;
    const backend = new EmbeddedBackend({ ...scenario, source: { module: 'properties/scenarios/vault.scenario.ts' } });
    const plan = { steps: [], order: [] };
    const verdict = await checkPlan(backend, plan);
    const counterexample = buildCounterexample(backend.scenario, plan, verdict.record, verdict.violations, { seed: 1, path: '0' });
    counterexample.wasm['vault.test.near'] = '0'.repeat(64);
    const written = writeCounterexample(join(SCRATCH, 'changed'), counterexample);
    await expect(replayCounterexample(written)).rejects.toThrow(CounterexampleError);
    await expect(replayCounterexample(written)).rejects.toThrow(/the wasm of vault\.test\.near .* changed since this counterexample was found.*--allow-changed-wasm/s);
    expect((await replayCounterexample(written, { allowChangedWasm: true })).identical).toBe(true);
  });
});

describe('replay --emit-test', () => {
  it('writes a vitest regression test that fails while the bug is there and passes once it is fixed', async () => {
    const dir = join(SCRATCH, 'regressions');
    mkdirSync(dir, { recursive: true });
    const make = async (name: string, plan: { steps: never[]; order: never[] }) => {
      const scenario = scenarios.find((s) => s.name === name)!;
      const backend = new EmbeddedBackend({ ...scenario, source: { module: 'properties/scenarios/vault.scenario.ts' } });
      const verdict = await checkPlan(backend, plan);
      const written = writeCounterexample(dir, buildCounterexample(backend.scenario, plan, verdict.record, verdict.violations, { seed: 1, path: '0' }));
      emitRegressionTest(join(dir, `${name}.test.ts`), written, readCounterexample(written));
    };
    await make('buggy-d-callback-not-private', { steps: [], order: [] });
    await make('vault', { steps: [], order: [] });
    writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['*.test.ts'] } };\n");
    const run = (test: string) => {
      try {
        execFileSync(process.execPath, [join(PACKAGE_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', join(dir, 'vitest.config.mjs'), '--root', dir, test], {
          stdio: 'pipe',
          cwd: dir,
        });
        return 0;
      } catch (error) {
        return (error as { status: number }).status;
      }
    };
    expect(run('buggy-d-callback-not-private.test.ts')).not.toBe(0);
    expect(run('vault.test.ts')).toBe(0);
    expect(readFileSync(join(dir, 'vault.test.ts'), 'utf8')).toContain("replayCounterexample(file, { allowChangedWasm: true })");
  }, 0); // runs vitest twice on the emitted tests: no timeout around it
});
