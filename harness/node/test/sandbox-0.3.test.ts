/**
 * near-sandbox 0.3.x's own `Sandbox.start()` (installed by `npm run compat:install` into
 * ./near-sandbox-0.3/, see load.ts: it is not a project dependency),
 * pointed at the near-sandbox look-alike by its NEAR_SANDBOX_BIN_PATH: `--version`,
 * `init --fast`, the genesis.json and config.json it patches, `run`, readiness on
 * GET /status, the `sandbox` account's key, `dump()`, and `stop()` / `tearDown()`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyPair, Worker, type NearAccount } from 'near-workspaces';
import { InMemoryKeyStore } from 'near-api-js/lib/key_stores/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { defaultRootKeyPair, keyPairFromSeed, signTransaction } from '../index.js';
import { writeSandboxShim } from '../sandbox-command.js';
import { COMPAT_DIR, loadNearSandbox03, type NearSandbox03, type SandboxLike } from './near-sandbox-0.3/load.js';

const loaded = await loadNearSandbox03();
if ('missing' in loaded) {
  // CI installs it (NRH_REQUIRE_COMPAT=1): there a missing package is a failure, not a skip.
  if (process.env['NRH_REQUIRE_COMPAT'] === '1') throw new Error(loaded.missing);
  console.warn(`near-sandbox 0.3.x compatibility tests skipped: ${loaded.missing}`);
}
const nearSandbox: NearSandbox03 | undefined = 'missing' in loaded ? undefined : loaded;

const NEAR = 10n ** 24n;
// Not the directory sandbox-binary.test.ts uses: test files run in parallel and each rewrites its own.
const SHIM_DIR = join(PACKAGE_ROOT, '.build/test-sandbox-0.3-shim');
rmSync(SHIM_DIR, { recursive: true, force: true });
const shim = writeSandboxShim(SHIM_DIR);
const CAROL = keyPairFromSeed(new Uint8Array(32).fill(21));

async function rpc<T>(url: string, method: string, params: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 'test', method, params }) });
  const body = (await response.json()) as { result?: T; error?: unknown };
  if (body.error !== undefined) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result as T;
}

const viewAccount = (url: string, accountId: string) => rpc<{ amount: string; locked: string; storage_usage: number }>(url, 'query', { request_type: 'view_account', account_id: accountId, finality: 'final' });

/** near-workspaces on its `custom` network, signing as the `sandbox` account with the key Sandbox hands out. */
async function workerOn(sandbox: SandboxLike, keyStore = new InMemoryKeyStore()): Promise<{ worker: Worker; keyStore: InMemoryKeyStore }> {
  const accountId = nearSandbox!.DEFAULT_ACCOUNT_ID;
  const saved = JSON.parse(readFileSync(join(sandbox.homeDir, `${accountId}.json`), 'utf8')) as { private_key: string };
  await keyStore.setKey('custom', accountId, KeyPair.fromString(saved.private_key as `ed25519:${string}`));
  const worker = await Worker.init({ network: 'custom', rpcAddr: sandbox.rpcUrl, rootAccountId: accountId, keyStore, initialBalance: 50n * NEAR });
  return { worker, keyStore };
}

/** Sets the shim's variables for the duration of the describe, then puts the environment back as it was. */
function pointNearSandboxAtShim(): void {
  let saved: NodeJS.ProcessEnv = {};
  beforeAll(() => {
    saved = { ...process.env };
    Object.assign(process.env, shim.env);
  });
  afterAll(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });
}

if (nearSandbox) describeSandboxStart(nearSandbox);
else describe.skip('near-sandbox 0.3.x Sandbox.start() on the near-sandbox look-alike (`npm run compat:install` installs it)', () => it.todo('runs once near-sandbox 0.3.x is installed'));

function describeSandboxStart({ version, Sandbox, GenesisAccount, DEFAULT_ACCOUNT_ID, DEFAULT_BALANCE, DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY }: NearSandbox03): void {
  describe(`near-sandbox ${version} Sandbox.start() on the near-sandbox look-alike`, () => {
    pointNearSandboxAtShim();
    let sandbox: SandboxLike;
    let worker: Worker;
    let keyStore: InMemoryKeyStore;
    let mock: NearAccount;

    beforeAll(async () => {
      sandbox = await Sandbox.start({
        config: {
          additionalAccounts: [new GenesisAccount('carol', CAROL.publicKey, CAROL.secretKey, 7n * NEAR)],
          additionalGenesis: { epoch_length: 100 },
          additionalConfig: { rpc: { limits_config: { json_payload_max_size: 10 * 1024 * 1024 } } },
        },
      });
      ({ worker, keyStore } = await workerOn(sandbox));
    }, 0); // starts nodes and sends transactions: no timeout around it
    afterAll(async () => {
      await worker?.tearDown();
      await sandbox?.tearDown();
    });

    it('runs the executable named by NEAR_SANDBOX_BIN_PATH and never downloads neard', () => {
      expect(process.env['NEAR_SANDBOX_BIN_PATH']).toBe(shim.binary);
      // near-sandbox 0.3.x downloads into its own bin/near-sandbox-<version>/ when it has no binary.
      expect(existsSync(join(COMPAT_DIR, 'node_modules/near-sandbox/bin'))).toBe(false);
    });

    it('serves JSON-RPC at rpcUrl (127.0.0.1 and the port it locked) and answers GET /status', async () => {
      expect(sandbox.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(existsSync(sandbox.rpcPortLockPath)).toBe(true);
      const response = await fetch(`${sandbox.rpcUrl}/status`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { chain_id: string }).chain_id).toBe('sandbox');
      const status = await rpc<{ sync_info: { latest_block_height: number } }>(sandbox.rpcUrl, 'status', []);
      expect(status.sync_info.latest_block_height).toBeGreaterThanOrEqual(1);
    });

    it('the genesis account `sandbox` holds DEFAULT_BALANCE with DEFAULT_PUBLIC_KEY as a full-access key, as homeDir/sandbox.json says', async () => {
      const saved = JSON.parse(readFileSync(join(sandbox.homeDir, 'sandbox.json'), 'utf8')) as Record<string, string>;
      expect(saved).toEqual({ account_id: DEFAULT_ACCOUNT_ID, public_key: DEFAULT_PUBLIC_KEY, private_key: DEFAULT_PRIVATE_KEY });
      const account = await viewAccount(sandbox.rpcUrl, DEFAULT_ACCOUNT_ID);
      expect(BigInt(account.amount)).toBe(DEFAULT_BALANCE);
      expect(account.locked).toBe('0');
      // nearcore recomputes storage usage at genesis: 100 bytes of account plus one ed25519 key record.
      expect(account.storage_usage).toBe(182);
      const key = await rpc<{ permission: unknown }>(sandbox.rpcUrl, 'query', { request_type: 'view_access_key', account_id: DEFAULT_ACCOUNT_ID, public_key: DEFAULT_PUBLIC_KEY, finality: 'final' });
      expect(key.permission).toBe('FullAccess');
    });

    it('additionalAccounts get their balance and key, total_supply covers them, and test.near stays the validator', async () => {
      expect(BigInt((await viewAccount(sandbox.rpcUrl, 'carol')).amount)).toBe(7n * NEAR);
      const genesis = JSON.parse(readFileSync(join(sandbox.homeDir, 'genesis.json'), 'utf8')) as { total_supply: string; epoch_length: number };
      expect(BigInt(genesis.total_supply)).toBe(1_000_000_000n * NEAR + DEFAULT_BALANCE + 7n * NEAR);
      expect(genesis.epoch_length).toBe(100);
      const root = await viewAccount(sandbox.rpcUrl, 'test.near');
      expect(BigInt(root.amount) + BigInt(root.locked)).toBe(1_000_000_000n * NEAR);
      const status = await rpc<{ validator_account_id: string; validator_public_key: string }>(sandbox.rpcUrl, 'status', []);
      expect(status).toMatchObject({ validator_account_id: 'test.near', validator_public_key: defaultRootKeyPair().publicKey });
    });

    it('the key Sandbox hands out signs real transactions: near-workspaces creates accounts, deploys and calls as `sandbox`', async () => {
      const root = worker.rootAccount;
      mock = await root.createSubAccount('mock');
      await mock.deploy('mocks/build/mock.wasm');
      const alice = await root.createSubAccount('alice');
      expect(alice.accountId).toBe('alice.sandbox');
      await alice.call(mock, 'buy', { item: 1 }, { attachedDeposit: 2n * NEAR });
      expect(await mock.view('mock_calls', {})).toEqual([expect.objectContaining({ predecessor: 'alice.sandbox', deposit: (2n * NEAR).toString() })]);
      expect(BigInt((await viewAccount(sandbox.rpcUrl, DEFAULT_ACCOUNT_ID)).amount)).toBeLessThan(DEFAULT_BALANCE - 100n * NEAR);
    });

    it('an additional account signs a raw transaction with its genesis key: a transfer moves exactly its deposit', async () => {
      const before = BigInt((await viewAccount(sandbox.rpcUrl, DEFAULT_ACCOUNT_ID)).amount);
      const key = await rpc<{ nonce: number }>(sandbox.rpcUrl, 'query', { request_type: 'view_access_key', account_id: 'carol', public_key: CAROL.publicKey, finality: 'final' });
      const block = await rpc<{ header: { hash: string } }>(sandbox.rpcUrl, 'block', { finality: 'final' });
      const tx = { signerId: 'carol', publicKey: CAROL.publicKey, nonce: BigInt(key.nonce) + 1n, receiverId: DEFAULT_ACCOUNT_ID, actions: [{ type: 'Transfer' as const, deposit: 3n * NEAR }] };
      const { base64 } = signTransaction(tx, block.header.hash, CAROL.secretKey);
      const outcome = await rpc<{ status: Record<string, unknown> }>(sandbox.rpcUrl, 'send_tx', { signed_tx_base64: base64, wait_until: 'FINAL' });
      expect(outcome.status).toHaveProperty('SuccessValue');
      expect(BigInt((await viewAccount(sandbox.rpcUrl, DEFAULT_ACCOUNT_ID)).amount)).toBe(before + 3n * NEAR);
      expect(BigInt((await viewAccount(sandbox.rpcUrl, 'carol')).amount)).toBeLessThan(4n * NEAR);
    });

    it('dump() captures the live state, and Sandbox.start() from the dump resumes it: contract storage, keys and nonces', async () => {
      const { genesis, nodeKey, validatorKey } = await sandbox.dump();
      expect(existsSync(join(sandbox.homeDir, 'output/records.json'))).toBe(true);
      expect(genesis['genesis_height']).toBeGreaterThan(1);
      const restored = await Sandbox.start({ config: { additionalGenesis: genesis, nodeKey, validatorKey } });
      const second = await workerOn(restored, keyStore);
      try {
        const root = second.worker.rootAccount;
        const mockAgain = root.getSubAccount('mock');
        expect(await mockAgain.view('mock_calls', {})).toEqual(await mock.view('mock_calls', {}));
        expect(await viewAccount(restored.rpcUrl, 'alice.sandbox')).toMatchObject({ amount: (await viewAccount(sandbox.rpcUrl, 'alice.sandbox')).amount });
        // alice's key was added at height H with nonce (H - 1) × 10⁶: only valid if the chain resumed past H.
        await root.getSubAccount('alice').call(mockAgain, 'buy', { item: 2 }, { attachedDeposit: NEAR });
        expect(((await mockAgain.view('mock_calls', {})) as unknown[]).length).toBe(2);
      } finally {
        await second.worker.tearDown();
        await restored.tearDown();
      }
      expect(existsSync(restored.homeDir)).toBe(false);
    }, 0); // starts nodes and sends transactions: no timeout around it

    it('stop() sends SIGTERM and resolves once the node has exited: the RPC port then refuses connections', async () => {
      const other = await Sandbox.start({});
      try {
        await other.stop();
        await expect(fetch(`${other.rpcUrl}/status`)).rejects.toThrow();
        // stop() keeps the home (tearDown() is stop() plus removing it; calling both would wait forever).
        expect(existsSync(join(other.homeDir, 'genesis.json'))).toBe(true);
      } finally {
        rmSync(other.homeDir, { recursive: true, force: true });
      }
    }, 0); // starts nodes and sends transactions: no timeout around it
  });
}

describe('the look-alike honours the home near-sandbox 0.3.x writes', () => {
  const home = join(SHIM_DIR, 'home');

  function initialized(): { genesis: Record<string, unknown>; write(genesis: Record<string, unknown>): void } {
    rmSync(home, { recursive: true, force: true });
    expect(spawnSync(shim.binary, ['--home', home, 'init', '--fast']).status).toBe(0);
    const file = join(home, 'genesis.json');
    return { genesis: JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>, write: (genesis) => writeFileSync(file, JSON.stringify(genesis)) };
  }

  it('`run` refuses a genesis whose total_supply differs from the sum of its records, as neard does', () => {
    const { genesis, write } = initialized();
    write({ ...genesis, total_supply: '1' });
    const result = spawnSync(shim.binary, ['--home', home, 'run', '--rpc-addr', '127.0.0.1:0'], { encoding: 'utf8', timeout: 120_000 }); // a guard only: a node that failed to refuse would otherwise run forever
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/wrong total supply/);
  });

  it('`run` without --rpc-addr listens where config.json rpc.addr says', async () => {
    initialized();
    const config = JSON.parse(readFileSync(join(home, 'config.json'), 'utf8')) as { rpc: { addr: string } };
    writeFileSync(join(home, 'config.json'), JSON.stringify({ ...config, rpc: { ...config.rpc, addr: '127.0.0.1:0' } }));
    const child = spawn(shim.binary, ['--home', home, 'run'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const match = /serving JSON-RPC at (\S+)/.exec(chunk.toString());
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/status`)).status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 0); // starts nodes and sends transactions: no timeout around it

  it('`view-state dump-state` of a home whose node is not running says why and exits 1 (the state lives in the node\'s memory)', () => {
    initialized();
    const result = spawnSync(shim.binary, ['--home', home, 'view-state', 'dump-state', '--stream'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no running node for .*dump-state needs .* run/);
  });

  it('rejects flags it does not implement instead of silently ignoring them', () => {
    const result = spawnSync(shim.binary, ['--home', home, 'init', '--chain-id', 'mainnet'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unsupported argument "--chain-id"/);
  });
});
