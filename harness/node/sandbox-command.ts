/**
 * A drop-in for the near-sandbox binary, so that near-workspaces' own `Worker.init()` (and
 * near-sandbox 0.3.x's `Sandbox.start()`) spawn the embedded node instead of neard:
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
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { EmbeddedNode } from './node.js';
import {
  DEFAULT_ROOT_ACCOUNT,
  DEFAULT_RPC_ADDR,
  dumpRecords,
  initHome,
  isObject,
  nodeFromHome,
  readJsonObject,
  SandboxUsageError,
  text,
  timeFromNanos,
  writeJson,
  type Json,
} from './sandbox-home.js';

export { SandboxUsageError } from './sandbox-home.js';

export const SANDBOX_VERSION = 'near-sandbox (near-rollback-harness embedded node) 2.6.2';
const USAGE = [
  'usage: near-sandbox --version',
  '       near-sandbox --home DIR init [--fast] [--account-id ID]',
  '       near-sandbox --home DIR run [--rpc-addr HOST:PORT] [--network-addr HOST:PORT]',
  '       near-sandbox --home DIR view-state dump-state [--stream]',
].join('\n');

function parseAddr(addr: string, flag: string): { host: string; port: number } {
  const match = /^(.*):(\d+)$/.exec(addr);
  if (!match || Number(match[2]) > 65_535) throw new SandboxUsageError(`${flag} must be HOST:PORT, got "${addr}"`);
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port: Number(match[2]) };
}

/** neard takes the RPC address from --rpc-addr, else from config.json's rpc.addr. */
function rpcAddr(home: string, flag: string | undefined): { host: string; port: number } {
  if (flag !== undefined) return parseAddr(flag, '--rpc-addr');
  const file = join(home, 'config.json');
  const rpc = existsSync(file) ? readJsonObject(file)['rpc'] : undefined;
  const addr = isObject(rpc) ? rpc['addr'] : undefined;
  if (addr === undefined) return parseAddr(DEFAULT_RPC_ADDR, '--rpc-addr');
  return parseAddr(text(addr, `${file}: rpc.addr`), `${file}: rpc.addr`);
}

/** What the running node hands `view-state dump-state`: state lives in its memory only. */
interface LiveState {
  height: number;
  time: string;
  /** The sum of every balance (amount + locked): a dumped genesis must state it. */
  totalSupply: string;
  records: Json[];
}

function liveState(node: EmbeddedNode): LiveState {
  const { chain } = node;
  const totalSupply = chain.state.accountIds().reduce((sum, id) => {
    const { info } = chain.state.get(id)!;
    return sum + info.amount + info.locked;
  }, 0n);
  return { height: chain.height, time: timeFromNanos(chain.head.timestamp), totalSupply: totalSupply.toString(), records: dumpRecords(chain) };
}

function isLiveState(value: unknown): value is LiveState {
  return isObject(value) && typeof value['height'] === 'number' && typeof value['time'] === 'string' && typeof value['totalSupply'] === 'string' && Array.isArray(value['records']);
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

async function run(home: string, flags: Map<string, string | true>, log: (line: string) => void): Promise<number> {
  // --network-addr is accepted and ignored: the embedded node has no peer network.
  const { host, port } = rpcAddr(home, flagValue(flags, '--rpc-addr'));
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
  const url = text(readJsonObject(controlFile)['url'], `${controlFile}: url`);
  let response: Response;
  try {
    response = await fetch(`${url}/dump-state`);
  } catch {
    throw new SandboxUsageError(noNode);
  }
  const body: unknown = response.ok ? await response.json() : undefined;
  if (!isLiveState(body)) throw new SandboxUsageError(`${url}/dump-state answered HTTP ${response.status} without a state dump`);
  return body;
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

type FlagSpec = Readonly<Record<string, 'switch' | 'value'>>;

/** Parses `--flag`, `--flag value` and `--flag=value`; anything else is an error, not silently ignored. */
function parseFlags(args: readonly string[], spec: FlagSpec, command: string): Map<string, string | true> {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const kind = spec[name];
    if (!kind) throw new SandboxUsageError(`${command}: unsupported argument "${args[i]}" (supported: ${Object.keys(spec).join(', ') || 'none'})\n${USAGE}`);
    if (kind === 'switch') {
      if (inline !== undefined) throw new SandboxUsageError(`${command}: ${name} takes no value`);
      flags.set(name, true);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new SandboxUsageError(`${command}: ${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
}

function flagValue(flags: Map<string, string | true>, name: string): string | undefined {
  const value = flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** Separates `--home DIR` (neard's global option, accepted anywhere) from the command. */
function splitHome(argv: readonly string[]): { home: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let home: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--home') home = argv[++i];
    else if (arg.startsWith('--home=')) home = arg.slice('--home='.length);
    else rest.push(arg);
  }
  return { home, rest };
}

export async function sandboxMain(argv: string[], log: (line: string) => void): Promise<number> {
  if (argv.includes('--version') || argv.includes('-V')) {
    log(SANDBOX_VERSION);
    return 0;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    log(USAGE);
    return 0;
  }
  const { home, rest } = splitHome(argv);
  const [command, ...args] = rest;
  if (!home) throw new SandboxUsageError(USAGE);
  switch (command) {
    case 'init': {
      const flags = parseFlags(args, { '--fast': 'switch', '--account-id': 'value' }, 'init');
      initHome(home, flags.has('--fast'), flagValue(flags, '--account-id') ?? DEFAULT_ROOT_ACCOUNT);
      return 0;
    }
    case 'run':
      return run(home, parseFlags(args, { '--rpc-addr': 'value', '--network-addr': 'value' }, 'run'), log);
    case 'view-state': {
      const [sub, ...subArgs] = args;
      if (sub !== 'dump-state') throw new SandboxUsageError(`view-state: only dump-state is supported, got "${sub ?? ''}"\n${USAGE}`);
      return dumpState(home, parseFlags(subArgs, { '--stream': 'switch' }, 'view-state dump-state').has('--stream'));
    }
    default:
      throw new SandboxUsageError(`unknown near-sandbox command "${command ?? ''}": use init, run or view-state\n${USAGE}`);
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
