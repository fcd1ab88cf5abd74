/**
 * No vacuous passes, from the command line as a user runs it: `run` and `fuzz` exit 1 and
 * say why when runs found no violation but tested nothing — a contract that loops forever,
 * arguments too large to send, a misspelt external method — and write coverage.json, the
 * same bytes for the same seed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import wabtInit from 'wabt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { corpusFiles } from '../../counterexample/index.js';

/** Scenario modules find relative wasm paths from their own folder: these name the vault in full. */
const VAULT_WASM = join(PACKAGE_ROOT, 'contract/build/vault.wasm');

const BIN = join(PACKAGE_ROOT, 'bin/near-rollback-harness.js');
mkdirSync(join(PACKAGE_ROOT, '.build'), { recursive: true });
const folder = mkdtempSync(join(PACKAGE_ROOT, '.build', 'cli-vacuous-pass-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A contract whose one method loops until its gas runs out. */
const SPIN = '(module (memory 1) (func (export "spin") (loop (br 0))))';
/** A contract whose one method calls pool.test.near.deposit_and_stake and returns. */
const CALLER = `(module
  (import "env" "promise_create" (func $promise_create (param i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (memory 1)
  (data (i32.const 0) "pool.test.near")
  (data (i32.const 32) "deposit_and_stake")
  (data (i32.const 64) "{}")
  (func (export "go")
    (drop (call $promise_create (i64.const 14) (i64.const 0) (i64.const 17) (i64.const 32) (i64.const 2) (i64.const 64) (i64.const 96) (i64.const 10000000000000)))))`;

const MODULE = (spin: string, caller: string) => `import * as fc from 'fast-check';
const users = [{ id: 'alice.test.near', balance: 10n ** 26n }];
export const scenarios = [
  {
    name: 'infinite',
    contract: { id: 'spin.test.near', wasm: ${JSON.stringify(spin)} },
    users, mocks: [], callbacks: [],
    methods: [{ name: 'spin', args: () => fc.constant({}), gas: 5n * 10n ** 12n }],
    limits: { maxSteps: 2 },
  },
  {
    name: 'huge-arguments',
    contract: { id: 'vault.test.near', wasm: ${JSON.stringify(VAULT_WASM)}, init: { method: 'init', args: { token_id: 'token.test.near', externals: [] } } },
    users, mocks: [], callbacks: [],
    methods: [{ name: 'deposit', args: () => fc.constant({ memo: 'x'.repeat(10 * 1024 * 1024) }), deposit: () => fc.constant(10n ** 24n) }],
    limits: { maxSteps: 2 },
  },
  {
    name: 'misspelt',
    contract: { id: 'caller.test.near', wasm: ${JSON.stringify(caller)} },
    users, callbacks: [],
    mocks: [{ id: 'pool.test.near', kind: 'mock', methods: { deposit_and_stak: {} } }],
    methods: [{ name: 'go', args: () => fc.constant({}) }],
    limits: { maxSteps: 2 },
  },
];
`;

let scenarios = '';
let corpus = '';

beforeAll(async () => {
  const wabt = await wabtInit();
  const build = (name: string, source: string) => {
    const module = wabt.parseWat(`${name}.wat`, source);
    const file = join(folder, `${name}.wasm`);
    writeFileSync(file, module.toBinary({}).buffer);
    module.destroy();
    return file;
  };
  const file = join(folder, 'vacuous.scenario.mjs');
  writeFileSync(file, MODULE(build('spin', SPIN), build('caller', CALLER)));
  scenarios = relative(PACKAGE_ROOT, file);
  corpus = join(folder, 'empty-corpus');
  mkdirSync(corpus);
});

const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args, '--scenarios', scenarios, '--corpus', corpus], { cwd: PACKAGE_ROOT, encoding: 'utf8' });

describe('run', () => {
  it('exits 1 and names, per scenario, what its runs never tested; writes coverage.json, byte for byte the same for the same seed', () => {
    const out = join(folder, 'run-1');
    const result = cli('run', '--runs', '4', '--seed', '3', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines).toContain('VACUOUS infinite: 4 runs, no violation, but they did not test what the scenario declares:');
    expect(result.stdout).toMatch(/^ {8}- user method spin never succeeded: \d+ calls? in 4 runs, all unsuccessful \(\d+ × Exceeded the prepaid gas\.\); if it never can, say so in expect\.neverSucceeds$/m);
    expect(lines).toContain('VACUOUS huge-arguments: 4 runs, no violation, but they did not test what the scenario declares:');
    expect(result.stdout).toMatch(/^ {8}- user method deposit never succeeded: \d+ calls? in 4 runs, all unsuccessful \(\d+ × refused: invalid transaction: .*FunctionCallArgumentsLengthExceeded/m);
    expect(lines).toContain('VACUOUS misspelt: 4 runs, no violation, but they did not test what the scenario declares:');
    expect(result.stdout).toMatch(
      /^ {8}- the contract called pool\.test\.near\.deposit_and_stake \(\d+ times?\), which the scenario does not declare: .*; the nearest declared name is pool\.test\.near\.deposit_and_stak$/m,
    );
    expect(result.stdout).toMatch(/^ {8}- external method pool\.test\.near\.deposit_and_stak is declared but the contract never called it in 4 runs/m);
    // The coverage summary follows each verdict.
    expect(result.stdout).toMatch(/^ {8}coverage of misspelt: 4 runs, \d+ calls?, 0 in an open call→callback gap\n {10}method go: /m);
    expect(result.stdout).toMatch(/^ {10}external pool\.test\.near\.deposit_and_stake: \d+ calls?, NOT DECLARED \(nearest declared: pool\.test\.near\.deposit_and_stak\)$/m);
    // Paths below the current folder are shown from it.
    expect(lines).toContain(`coverage of 3 scenario(s) → ${relative(PACKAGE_ROOT, join(out, 'coverage.json'))}`);
    expect(lines).toContain('some scenarios did not behave as expected (see above).');

    const written = readFileSync(join(out, 'coverage.json'), 'utf8');
    const parsed: unknown = JSON.parse(written);
    expect(parsed).toMatchObject({
      format: 1,
      command: 'run',
      seed: 3,
      backend: 'embedded',
      scenarios: [
        { judged: true, coverage: { scenario: 'infinite', runs: 4 }, vacuity: [{ check: 'never-succeeded', subject: 'spin' }] },
        { judged: true, coverage: { scenario: 'huge-arguments', runs: 4 }, vacuity: [{ check: 'never-succeeded', subject: 'deposit' }] },
        { judged: true, coverage: { scenario: 'misspelt', undeclared: { 'pool.test.near.deposit_and_stake': { why: 'not-in-interface' } } } },
      ],
    });

    // Beside counterexamples, yet no counterexample: an output folder replayed as a corpus skips it.
    expect(corpusFiles(out)).toEqual([]);

    const again = join(folder, 'run-2');
    expect(cli('run', '--runs', '4', '--seed', '3', '--out', again).status).toBe(1);
    expect(readFileSync(join(again, 'coverage.json'), 'utf8')).toBe(written);
  }, 0); // three scenarios through the CLI, twice: no timeout around it
});

describe('fuzz', () => {
  it('exits 1 when the contract called an external method the scenario does not declare, however short the budget', () => {
    const out = join(folder, 'fuzz');
    const result = cli('fuzz', '--duration', '2s', '--only', 'misspelt', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^VACUOUS misspelt: \d+ runs?, no violation, but they did not test what the scenario declares in this session:$/m);
    expect(result.stdout).toMatch(/^ {8}- the contract called pool\.test\.near\.deposit_and_stake \(\d+ times?\), which the scenario does not declare/m);
    expect(result.stdout).toMatch(/runs \d+ .*failures 0 {2}gap calls 0 {2}failing answers 0/);
    expect(JSON.parse(readFileSync(join(out, 'coverage.json'), 'utf8'))).toMatchObject({ command: 'fuzz', scenarios: [{ coverage: { scenario: 'misspelt' } }] });
  }, 0); // a fuzz budget plus start-up: no timeout around it
});
