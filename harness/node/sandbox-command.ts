/**
 * A drop-in for the near-sandbox binary, so that near-workspaces' own `Worker.init()` (and
 * near-sandbox 0.3.x's `Sandbox.start()`) spawn the embedded node instead of neard (its
 * command line is read by sandbox-args.ts):
 *
 *   near-sandbox --version
 *   near-sandbox --home DIR init [--fast] [--account-id ID]
 *       writes validator_key.json, node_key.json, config.json, genesis.json
 *   near-sandbox --home DIR run [--rpc-addr H:P] [--network-addr H:P]
 *       serves JSON-RPC until SIGINT or SIGTERM; without --rpc-addr, config.json's rpc.addr
 *   near-sandbox --home DIR view-state dump-state [--stream]
 *       writes the running node's state as a genesis into DIR/output/ (Sandbox#dump())
 *
 * The home and its genesis are read as neard reads them: see sandbox-home.ts.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { EmbeddedNode } from './node.js';
import { PACKAGE_ROOT } from './package-root.js';
import { parseSandboxCommandLine, USAGE } from './sandbox-args.js';
import { configSchema, controlFileSchema, liveStateSchema, parseHomeFile, readJsonObject, writeJson, type LiveState } from './home-files.js';
import { DEFAULT_ROOT_ACCOUNT, DEFAULT_RPC_ADDR, dumpRecords, initHome, nodeFromHome, timeFromNanos } from './sandbox-home.js';
import { SandboxUsageError } from './sandbox-usage-error.js';

export { SandboxUsageError };

export const SANDBOX_VERSION = 'near-sandbox (near-rollback-harness embedded node) 2.6.2';

function parseAddr(addr: string, flag: string): { host: string; port: number } {
  const match = /^(.*):(\d+)$/.exec(addr);
  if (!match || Number(match[2]) > 65_535) throw new SandboxUsageError(`${flag} must be HOST:PORT, got "${addr}"`);
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port: Number(match[2]) };
}

/** neard takes the RPC address from --rpc-addr, else from config.json's rpc.addr. */
function rpcAddr(home: string, flag: string | undefined): { host: string; port: number } {
  if (flag !== undefined) return parseAddr(flag, '--rpc-addr');
  const file = join(home, 'config.json');
  const addr = existsSync(file) ? parseHomeFile(file, configSchema).rpc?.addr : undefined;
  if (addr === undefined) return parseAddr(DEFAULT_RPC_ADDR, '--rpc-addr');
  return parseAddr(addr, `${file}: rpc.addr`);
}

/** What the running node hands `view-state dump-state` (home-files.ts checks it on the other side). */
function liveState(node: EmbeddedNode): LiveState {
  const { chain } = node;
  const totalSupply = chain.state.accountIds().reduce((sum, id) => {
    const { info } = chain.state.get(id)!;
    return sum + info.amount + info.locked;
  }, 0n);
  return { height: chain.height, time: timeFromNanos(chain.head.timestamp), totalSupply: totalSupply.toString(), records: dumpRecords(chain) };
}

/**
 * neard keeps its state in `DIR/data`, where `view-state` reads it; ours is in memory, so
 * `run` answers dump requests on a loopback port named in `DIR/data/control.json`.
 */
async function serveStateDumps(node: EmbeddedNode, home: string): Promise<{ close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const ok = request.method === 'GET' && request.url === '/dump-state';
    const body = ok ? JSON.stringify(liveState(node)) : JSON.stringify({ error: 'GET /dump-state' });
    response.writeHead(ok ? 200 : 404, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    response.end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const controlFile = join(home, 'data', 'control.json');
  mkdirSync(join(home, 'data'), { recursive: true });
  writeJson(controlFile, { url: `http://127.0.0.1:${port}`, pid: process.pid });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        rmSync(controlFile, { force: true });
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function run(home: string, rpcAddrFlag: string | undefined, log: (line: string) => void): Promise<number> {
  const { host, port } = rpcAddr(home, rpcAddrFlag);
  const node = nodeFromHome(home);
  const { url } = await node.listen(port, host);
  const dumps = await serveStateDumps(node, home);
  log(`embedded NEAR node serving JSON-RPC at ${url} (home ${home})`);
  await new Promise<void>((resolve) => {
    const stop = () => void Promise.all([node.close(), dumps.close()]).then(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

// ---- view-state dump-state ----

async function fetchLiveState(home: string): Promise<LiveState> {
  const controlFile = join(home, 'data', 'control.json');
  const noNode = `no running node for ${home}: the embedded node keeps its state in memory, so dump-state needs \`near-sandbox --home ${home} run\` to be running`;
  if (!existsSync(controlFile)) throw new SandboxUsageError(noNode);
  const { url } = parseHomeFile(controlFile, controlFileSchema);
  let response: Response;
  try {
    response = await fetch(`${url}/dump-state`);
  } catch {
    throw new SandboxUsageError(noNode);
  }
  const body = liveStateSchema.safeParse(response.ok ? await response.json() : undefined);
  if (!body.success) throw new SandboxUsageError(`${url}/dump-state answered HTTP ${response.status} without a state dump`);
  return body.data;
}

/**
 * Writes DIR/output/{genesis,config,node_key,validator_key}.json (and records.json with
 * --stream) like neard's dump-state: a genesis that restarts the chain where it is now.
 */
async function dumpState(home: string, stream: boolean): Promise<number> {
  const live = await fetchLiveState(home);
  const genesis = readJsonObject(join(home, 'genesis.json'));
  const output = join(home, 'output');
  mkdirSync(output, { recursive: true });
  const dumped = { ...genesis, genesis_height: live.height, genesis_time: live.time, total_supply: live.totalSupply, records: stream ? [] : live.records };
  writeJson(join(output, 'genesis.json'), dumped);
  if (stream) writeJson(join(output, 'records.json'), live.records);
  for (const name of ['config.json', 'node_key.json', 'validator_key.json']) {
    if (existsSync(join(home, name))) writeJson(join(output, name), readJsonObject(join(home, name)));
  }
  return 0;
}

// ---- command line ----

export async function sandboxMain(argv: string[], log: (line: string) => void): Promise<number> {
  const command = parseSandboxCommandLine(argv);
  switch (command.kind) {
    case 'version':
      log(SANDBOX_VERSION);
      return 0;
    case 'help':
      log(USAGE);
      return 0;
    case 'init':
      initHome(command.home, command.fast, command.accountId ?? DEFAULT_ROOT_ACCOUNT);
      return 0;
    case 'run':
      return run(command.home, command.rpcAddr, log);
    case 'dump-state':
      return dumpState(command.home, command.stream);
  }
}

/**
 * Writes an executable `near-sandbox` into `directory` that runs the embedded node with
 * this Node.js binary (by absolute path: near-workspaces may spawn it with no PATH).
 * Returns the environment that points near-workspaces 5 and near-sandbox 0.3.x at it.
 */
export function writeSandboxShim(directory: string): { binary: string; env: Record<string, string> } {
  mkdirSync(directory, { recursive: true });
  const binary = join(directory, 'near-sandbox');
  const script = join(PACKAGE_ROOT, 'bin/near-sandbox.js');
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
