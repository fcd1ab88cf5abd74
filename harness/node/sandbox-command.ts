/**
 * A drop-in for the near-sandbox binary, so that near-workspaces' own `Worker.init()` (and
 * near-sandbox 0.3.x's `Sandbox.start()`) spawn the embedded node instead of neard:
 *
 *   near-sandbox --version
 *   near-sandbox --home DIR init [--fast]          writes validator_key.json, config.json, genesis.json, node_key.json
 *   near-sandbox --home DIR run --rpc-addr H:P [--network-addr …]
 *
 * `run` serves JSON-RPC until SIGINT or SIGTERM. Genesis `records` (accounts, keys,
 * contracts, data) are honoured, as near-sandbox 0.3.x appends its own accounts there.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { DEFAULT_ROOT_KEY_PAIR, EmbeddedNode } from './node.js';

export const SANDBOX_VERSION = 'near-sandbox (near-rollback-harness embedded node) 2.6.2';
const NEAR = 10n ** 24n;

export class SandboxUsageError extends Error {}

function genesis(fast: boolean) {
  const key = DEFAULT_ROOT_KEY_PAIR;
  return {
    chain_id: 'sandbox',
    genesis_height: 0,
    epoch_length: fast ? 60 : 500,
    min_gas_price: '100000000',
    transaction_validity_period: 100,
    total_supply: (1_000_000_000n * NEAR).toString(),
    validators: [{ account_id: 'test.near', public_key: key.publicKey, amount: (50_000_000n * NEAR).toString() }],
    records: [
      { Account: { account_id: 'test.near', account: { amount: (950_000_000n * NEAR).toString(), locked: (50_000_000n * NEAR).toString(), code_hash: '11111111111111111111111111111111', storage_usage: 0, version: 'V1' } } },
      { AccessKey: { account_id: 'test.near', public_key: key.publicKey, access_key: { nonce: 0, permission: 'FullAccess' } } },
    ],
  };
}

export function initHome(home: string, fast: boolean): void {
  mkdirSync(home, { recursive: true });
  const key = DEFAULT_ROOT_KEY_PAIR;
  const keyFile = { account_id: 'test.near', public_key: key.publicKey, secret_key: key.secretKey };
  writeFileSync(join(home, 'validator_key.json'), `${JSON.stringify(keyFile, null, 2)}\n`);
  writeFileSync(join(home, 'node_key.json'), `${JSON.stringify({ ...keyFile, account_id: 'node' }, null, 2)}\n`);
  writeFileSync(join(home, 'config.json'), `${JSON.stringify({ rpc: { addr: '0.0.0.0:3030', limits_config: {} }, store: {}, consensus: { min_block_production_delay: { secs: 0, nanos: fast ? 120_000_000 : 600_000_000 } } }, null, 2)}\n`);
  writeFileSync(join(home, 'genesis.json'), `${JSON.stringify(genesis(fast), null, 2)}\n`);
}

/** Builds the node from the home's genesis.json (records honoured). */
export function nodeFromHome(home: string): EmbeddedNode {
  const file = join(home, 'genesis.json');
  if (!existsSync(file)) throw new SandboxUsageError(`${file} not found: run \`near-sandbox --home ${home} init\` first`);
  let parsed: { records?: unknown[] };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as { records?: unknown[] };
  } catch (error) {
    throw new SandboxUsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const node = new EmbeddedNode({ autoBlockMs: 100, rootBalance: 1_000_000_000n * NEAR });
  const records = (parsed.records ?? []).filter((r) => {
    const account = (r as { Account?: { account_id?: string } }).Account?.account_id;
    const key = (r as { AccessKey?: { account_id?: string; public_key?: string } }).AccessKey;
    // test.near already exists with its key; other records (near-sandbox 0.3.x's accounts) are added.
    return account !== 'test.near' && !(key?.account_id === 'test.near' && key.public_key === DEFAULT_ROOT_KEY_PAIR.publicKey);
  });
  if (records.length > 0) {
    const answer = node.handle({ jsonrpc: '2.0', id: 'genesis', method: 'sandbox_patch_state', params: { records } });
    if ('error' in answer.payload) throw new SandboxUsageError(`genesis records rejected: ${JSON.stringify(answer.payload['error'])}`);
  }
  return node;
}

function parseAddr(addr: string): { host: string; port: number } {
  const match = /^(.*):(\d+)$/.exec(addr);
  if (!match) throw new SandboxUsageError(`--rpc-addr must be HOST:PORT, got "${addr}"`);
  return { host: match[1]!, port: Number(match[2]) };
}

export async function sandboxMain(argv: string[], log: (line: string) => void): Promise<number> {
  if (argv.includes('--version') || argv.includes('-V')) {
    log(SANDBOX_VERSION);
    return 0;
  }
  const homeIndex = argv.indexOf('--home');
  const home = homeIndex >= 0 ? argv[homeIndex + 1] : undefined;
  const rest = argv.filter((_, i) => i !== homeIndex && i !== homeIndex + 1);
  const command = rest[0];
  if (!home) throw new SandboxUsageError('usage: near-sandbox --home DIR (init [--fast] | run --rpc-addr HOST:PORT) | --version');
  if (command === 'init') {
    initHome(home, rest.includes('--fast'));
    return 0;
  }
  if (command === 'run') {
    const addrIndex = rest.indexOf('--rpc-addr');
    const { host, port } = parseAddr(addrIndex >= 0 ? (rest[addrIndex + 1] ?? '') : '0.0.0.0:3030');
    const node = nodeFromHome(home);
    const { url } = await node.listen(port, host);
    log(`embedded NEAR node serving JSON-RPC at ${url} (home ${home})`);
    await new Promise<void>((resolve) => {
      const stop = () => void node.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  }
  throw new SandboxUsageError(`unknown near-sandbox command "${command ?? ''}": use init or run`);
}

/**
 * Writes an executable `near-sandbox` into `directory` that runs the embedded node with
 * this Node.js binary (by absolute path: near-workspaces may spawn it with no PATH).
 * Returns the environment that points near-workspaces 5 and near-sandbox 0.3.x at it.
 */
export function writeSandboxShim(directory: string): { binary: string; env: Record<string, string> } {
  mkdirSync(directory, { recursive: true });
  const binary = join(directory, 'near-sandbox');
  const script = fileURLToPath(new URL('../../bin/near-sandbox.js', import.meta.url));
  writeFileSync(binary, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(script)} "$@"\n`);
  chmodSync(binary, 0o755);
  return {
    binary,
    env: {
      // near-sandbox 0.1.x (near-workspaces 5): a directory holding near-sandbox, enabled by a non-empty flag.
      NEAR_SANDBOX_BINARY_PATH: directory,
      // near-sandbox 0.3.x reads the same variable as the binary's path; 0.1.x only checks it is set.
      NEAR_SANDBOX_BIN_PATH: binary,
    },
  };
}
