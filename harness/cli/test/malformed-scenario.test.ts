/**
 * A malformed scenario module, run from the command line exactly as a user starts it: the
 * CLI prints what is wrong, naming the scenario and each field, and exits 2 — no stack
 * trace and no JavaScript error text from deep inside the harness.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';

/** Scenario modules find relative wasm paths from their own folder: these name the vault in full. */
const VAULT_WASM = join(PACKAGE_ROOT, 'contract/build/vault.wasm');

const BIN = join(PACKAGE_ROOT, 'bin/near-rollback-harness.js');
mkdirSync(join(PACKAGE_ROOT, '.build'), { recursive: true });
const folder = mkdtempSync(join(PACKAGE_ROOT, '.build', 'cli-malformed-scenario-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Two mistakes that used to surface as "Cannot mix BigInt and other types" and a TypeError deep in a run. */
const MODULE = `import * as fc from 'fast-check';
export const scenarios = [{
  name: 'market',
  contract: { id: 'market.test.near', wasm: ${JSON.stringify(VAULT_WASM)} },
  users: [{ id: 'alice.test.near', balance: 1000000000000000000000000 }],
  mocks: [
    { id: 'pool.test.near', kind: 'mock', methods: { deposit_and_stake: {} } },
    { id: 'shop.test.near', kind: 'mock', methods: 'buy' },
  ],
  methods: [{ name: 'pay', args: () => fc.constant({ merchant: 'shop.test.near', amount: '1' }) }],
  callbacks: ['on_pay'],
}];
`;

it('`run` on a malformed scenario module prints each problem by field and exits 2, without a stack or a raw JavaScript error', () => {
  const file = join(folder, 'market.scenario.mjs');
  writeFileSync(file, MODULE);
  const corpus = join(folder, 'empty-corpus');
  mkdirSync(corpus);
  const result = spawnSync(process.execPath, [BIN, 'run', '--scenarios', relative(PACKAGE_ROOT, file), '--corpus', corpus, '--out', join(folder, 'out')], {
    cwd: PACKAGE_ROOT,
    encoding: 'utf8',
  });
  expect(result.stderr.trimEnd().split('\n')).toEqual([
    'error: scenario "market": users[0].balance must be a bigint in yoctoNEAR (e.g. 10n ** 24n); found the number 1000000000000000000000000',
    'scenario "market": mocks[1].methods must be the mock\'s interface, an object: method name → { behaviour?, default?, returns? }; found "buy"',
  ]);
  expect(result.stdout).toBe('');
  expect(result.status).toBe(2);
  expect(result.stderr).not.toMatch(/^\s+at |TypeError|Cannot read properties|Cannot mix BigInt|must be of type/m);
}, 0); // starts the CLI and its worker thread: no timeout around it on a busy machine
