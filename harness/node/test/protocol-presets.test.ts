/**
 * The node runs the protocol its genesis names, and says so. The same near-workspaces 5
 * flows (its own client, unchanged) under both protocol presets, with the differences
 * pinned: nearcore 2.6 (protocol 77, the sandbox near-workspaces 5.0.0 downloads) has a
 * 300 Tgas max_total_prepaid_gas and wraps view errors as `FunctionCallError(...)`; the
 * latest parameters (86) have 1 PGas (83.yaml, nearcore 2.11) and unwrapped view errors.
 * Then the near-sandbox look-alike: the home `init` writes names 77, `run` follows the
 * genesis' protocol_version and chain_id, and refuses a version it has no preset for.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NearAccount } from 'near-workspaces';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { startEmbeddedWorker, type EmbeddedWorker } from '../index.js';
import { PROTOCOL_PRESETS } from '../protocol-versions.js';
import { writeSandboxShim } from '../sandbox-command.js';
import { initHome, nodeFromHome } from '../sandbox-home.js';
import { SandboxUsageError } from '../sandbox-usage-error.js';

const TGAS = 10n ** 12n;

interface Rpc {
  <T>(method: string, params: unknown): Promise<T>;
}

function rpcAt(url: string): Rpc {
  return async <T>(method: string, params: unknown): Promise<T> => {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 'test', method, params }) });
    const body = (await response.json()) as { result?: T; error?: unknown };
    if (body.error !== undefined) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
    return body.result as T;
  };
}

interface StatusView {
  chain_id: string;
  protocol_version: number;
  latest_protocol_version: number;
}
interface ProtocolConfigView {
  protocol_version: number;
  chain_id: string;
  runtime_config: { wasm_config: { limit_config: { max_total_prepaid_gas: number; max_gas_burnt: number } } };
}

/** What each preset must show through near-workspaces and the RPC. */
const EXPECTED = [
  {
    protocolVersion: 77,
    name: 'nearcore 2.6 (protocol 77)',
    maxPrepaid: 300n * TGAS,
    // nearcore 2.6's state viewer renders view errors as `FunctionCallError(<error>)`.
    viewError: (debug: string) => `wasm execution failed with error: FunctionCallError(${debug})`,
  },
  {
    protocolVersion: 86,
    name: 'the latest parameters (protocol 86)',
    // 83.yaml (nearcore 2.11) raised max_total_prepaid_gas and max_gas_burnt to 1 PGas.
    maxPrepaid: 1000n * TGAS,
    // Newer nearcore renders the error itself, unwrapped.
    viewError: (debug: string) => `wasm execution failed with error: ${debug}`,
  },
] as const;

it('every preset the node knows is pinned below', () => {
  expect(PROTOCOL_PRESETS.map((p) => p.protocolVersion)).toEqual(EXPECTED.map((e) => e.protocolVersion));
});

describe.each(EXPECTED)('near-workspaces flows on $name', ({ protocolVersion, maxPrepaid, viewError }) => {
  let embedded: EmbeddedWorker;
  let rpc: Rpc;
  let mock: NearAccount;
  let alice: NearAccount;

  beforeAll(async () => {
    embedded = await startEmbeddedWorker({ protocolVersion, chainId: `chain-${protocolVersion}` });
    rpc = rpcAt(embedded.url);
    const root = embedded.worker.rootAccount;
    mock = await root.devDeploy('mocks/build/mock.wasm');
    alice = await root.createSubAccount('alice');
  }, 0); // starts a node and sends transactions: no timeout around it
  afterAll(async () => {
    await embedded.stop();
  });

  it('status and block headers report the chosen protocol version and chain id', async () => {
    const status = await rpc<StatusView>('status', []);
    expect(status).toMatchObject({ chain_id: `chain-${protocolVersion}`, protocol_version: protocolVersion, latest_protocol_version: protocolVersion });
    const block = await rpc<{ header: { latest_protocol_version: number; chain_id: string } }>('block', { finality: 'final' });
    expect(block.header).toMatchObject({ latest_protocol_version: protocolVersion, chain_id: `chain-${protocolVersion}` });
  });

  it('EXPERIMENTAL_protocol_config reports the preset\'s limits', async () => {
    const config = await rpc<ProtocolConfigView>('EXPERIMENTAL_protocol_config', { finality: 'final' });
    expect(config.protocol_version).toBe(protocolVersion);
    expect(config.chain_id).toBe(`chain-${protocolVersion}`);
    expect(BigInt(config.runtime_config.wasm_config.limit_config.max_total_prepaid_gas)).toBe(maxPrepaid);
    expect(BigInt(config.runtime_config.wasm_config.limit_config.max_gas_burnt)).toBe(maxPrepaid);
  });

  it('a call with exactly max_total_prepaid_gas attached is accepted', async () => {
    await alice.call(mock, 'buy', { item: 1 }, { gas: maxPrepaid });
    expect(((await mock.view('mock_calls', {})) as unknown[]).length).toBeGreaterThanOrEqual(1);
  });

  it('a 500 Tgas call: rejected as TotalPrepaidGasExceeded above 300 Tgas, accepted under 1 PGas', async () => {
    const call = alice.callRaw(mock, 'buy', { item: 2 }, { gas: 500n * TGAS });
    if (maxPrepaid < 500n * TGAS) await expect(call).rejects.toThrow(/TotalPrepaidGasExceeded|prepaid gas/i);
    else expect((await call).succeeded).toBe(true);
  });

  it('a view of a missing method fails with the preset\'s error text (wrapped on 2.6, unwrapped on latest)', async () => {
    // predecessor_account_id is prohibited in views: near-api-js passes the node's text on.
    await expect(mock.view('swap', {})).rejects.toThrow(`Querying failed: ${viewError('HostError(ProhibitedInView { method_name: "predecessor_account_id" })')}.`);
    // near-api-js words a missing method its own way, whatever the node's text; the RPC answer differs.
    await expect(mock.view('no_such_method', {})).rejects.toThrow('Contract method is not found');
    const answer = await rpc<{ error?: string }>('query', { request_type: 'call_function', account_id: mock.accountId, method_name: 'no_such_method', args_base64: '', finality: 'final' });
    expect(answer.error).toBe(viewError('MethodResolveError(MethodNotFound)'));
  });
});

describe('an EmbeddedNode asked for a protocol version without a preset', () => {
  it('refuses to start, naming the versions it runs', async () => {
    await expect(startEmbeddedWorker({ protocolVersion: 78 })).rejects.toThrow('protocol_version 78 has no protocol preset in this node: it runs protocol versions 77 (nearcore 2.6), 86');
  });
});

describe('the near-sandbox look-alike follows its genesis', () => {
  mkdirSync(join(PACKAGE_ROOT, '.build'), { recursive: true });
  const scratch = mkdtempSync(join(PACKAGE_ROOT, '.build', 'protocol-presets-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  function home(edit: (genesis: Record<string, unknown>) => Record<string, unknown>): string {
    const dir = mkdtempSync(join(scratch, 'home-'));
    initHome(dir, true);
    const file = join(dir, 'genesis.json');
    writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)));
    return dir;
  }

  it('`init` writes protocol_version 77 and chain_id sandbox (nearcore 2.6.2\'s neard init writes its protocol version), and `run` runs 2.6', () => {
    const node = nodeFromHome(home((g) => g));
    expect(node.status()).toMatchObject({ chain_id: 'sandbox', protocol_version: 77, latest_protocol_version: 77 });
    expect(node.chain.protocol.maxTotalPrepaidGas).toBe(300n * TGAS);
    expect(node.chain.protocol.viewErrorsWrapped).toBe(true);
  });

  it('a genesis naming protocol 86 and another chain id runs the latest preset and reports both', () => {
    const node = nodeFromHome(home((g) => ({ ...g, protocol_version: 86, chain_id: 'localnet' })));
    expect(node.status()).toMatchObject({ chain_id: 'localnet', protocol_version: 86 });
    expect(node.chain.protocol.maxTotalPrepaidGas).toBe(1000n * TGAS);
    expect(node.chain.protocol.viewErrorsWrapped).toBe(false);
  });

  it('a genesis min_gas_price keeps the genesis\' preset, only the price changes', () => {
    const node = nodeFromHome(home((g) => ({ ...g, min_gas_price: '1000000000' })));
    expect(node.chain.protocol.minGasPrice).toBe(1_000_000_000n);
    expect(node.chain.protocol.maxTotalPrepaidGas).toBe(300n * TGAS);
    expect(node.status().protocol_version).toBe(77);
  });

  it('a genesis naming a version without a preset is refused, naming the file and the versions it runs', () => {
    const dir = home((g) => ({ ...g, protocol_version: 74 }));
    expect(() => nodeFromHome(dir)).toThrow(SandboxUsageError);
    expect(() => nodeFromHome(dir)).toThrow(`${join(dir, 'genesis.json')}: protocol_version 74 has no protocol preset in this node: it runs protocol versions 77 (nearcore 2.6), 86`);
  });

  it('`run` on such a genesis exits 1 with that message', () => {
    const shim = writeSandboxShim(join(scratch, 'shim'));
    const dir = home((g) => ({ ...g, protocol_version: 1000 }));
    const result = spawnSync(shim.binary, ['--home', dir, 'run', '--rpc-addr', '127.0.0.1:0'], { encoding: 'utf8', timeout: 120_000 }); // a guard only: a node that failed to refuse would run forever
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('protocol_version 1000 has no protocol preset');
  });

  it('near-workspaces\' own Worker.init() on the sandbox network spawns the look-alike, which runs 2.6: 300 Tgas, wrapped view errors', async () => {
    const shim = writeSandboxShim(join(scratch, 'shim-worker'));
    const saved = { ...process.env };
    Object.assign(process.env, shim.env);
    delete process.env['NEAR_WORKSPACES_NETWORK'];
    const { Worker } = await import('near-workspaces');
    const worker = await Worker.init();
    try {
      const root = worker.rootAccount;
      // near-workspaces' own EXPERIMENTAL_protocol_config call (its typing leaves these fields out).
      const config = (await worker.provider.protocolConfig({ finality: 'final' })) as unknown as ProtocolConfigView;
      expect(config).toMatchObject({ chain_id: 'sandbox', protocol_version: 77 });
      expect(BigInt(config.runtime_config.wasm_config.limit_config.max_total_prepaid_gas)).toBe(300n * TGAS);
      const mock = await root.devDeploy('mocks/build/mock.wasm');
      await expect(root.callRaw(mock, 'buy', {}, { gas: 500n * TGAS })).rejects.toThrow(/TotalPrepaidGasExceeded|prepaid gas/i);
      await expect(mock.view('swap', {})).rejects.toThrow(EXPECTED[0].viewError('HostError(ProhibitedInView { method_name: "predecessor_account_id" })'));
    } finally {
      await worker.tearDown();
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  }, 0); // starts a node and sends transactions: no timeout around it
});
