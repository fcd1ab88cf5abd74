/**
 * The near-sandbox look-alike: near-workspaces 5's plain `Worker.init()` (network
 * `sandbox`), pointed at it by near-sandbox's documented environment variables, spawns our
 * node instead of neard — init, run, readiness ping, validator key, teardown by SIGINT.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { defaultRootKeyPair } from '../index.js';
import { SANDBOX_VERSION, writeSandboxShim } from '../sandbox-command.js';

const SHIM_DIR = join(PACKAGE_ROOT, '.build/test-sandbox-shim');
rmSync(SHIM_DIR, { recursive: true, force: true });
const shim = writeSandboxShim(SHIM_DIR);

describe('the near-sandbox executable', () => {
  it('answers --version and exits 0', () => {
    const result = spawnSync(shim.binary, ['--version'], { encoding: 'utf8', env: {} });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(SANDBOX_VERSION);
  });

  it('`--home DIR init` writes the home layout with validator_key.json for test.near', () => {
    const home = join(SHIM_DIR, 'home');
    expect(spawnSync(shim.binary, ['--home', home, 'init'], { env: {} }).status).toBe(0);
    for (const file of ['config.json', 'genesis.json', 'node_key.json', 'validator_key.json']) expect(existsSync(join(home, file))).toBe(true);
    const key = JSON.parse(readFileSync(join(home, 'validator_key.json'), 'utf8')) as Record<string, string>;
    expect(key).toEqual({ account_id: 'test.near', public_key: defaultRootKeyPair().publicKey, secret_key: defaultRootKeyPair().secretKey });
  });

  it('`run` serves JSON-RPC (POST / and GET /status) and exits cleanly on SIGTERM', async () => {
    const home = join(SHIM_DIR, 'home');
    const child = spawn(shim.binary, ['--home', home, 'run', '--rpc-addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const match = /serving JSON-RPC at (\S+)/.exec(chunk.toString());
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    const status = (await (await fetch(`${url}/status`)).json()) as { sync_info: { latest_block_height: number } };
    expect(status.sync_info.latest_block_height).toBeGreaterThanOrEqual(1);
    const account = (await (
      await fetch(url, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'query', params: { request_type: 'view_account', account_id: 'test.near', finality: 'final' } }) })
    ).json()) as { result: { amount: string } };
    expect(BigInt(account.result.amount)).toBeGreaterThan(0n);
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 0); // starts nodes and sends transactions: no timeout around it
});

describe('near-workspaces Worker.init() on the sandbox network', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it('spawns our node through NEAR_SANDBOX_BIN_PATH / NEAR_SANDBOX_BINARY_PATH, and the flow works', async () => {
    Object.assign(process.env, shim.env);
    delete process.env['NEAR_WORKSPACES_NETWORK'];
    const { Worker } = await import('near-workspaces');
    const worker = await Worker.init();
    try {
      const root = worker.rootAccount;
      expect(root.accountId).toBe('test.near');
      const mock = await root.devDeploy('mocks/build/mock.wasm');
      const alice = await root.createSubAccount('alice');
      await alice.call(mock, 'buy', {}, { attachedDeposit: 1n });
      expect(((await mock.view('mock_calls', {})) as unknown[]).length).toBe(1);
    } finally {
      await worker.tearDown();
    }
  }, 0); // starts nodes and sends transactions: no timeout around it
});
