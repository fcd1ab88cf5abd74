/**
 * A sandbox home as neard keeps it: `init` writes validator_key.json, node_key.json,
 * config.json and genesis.json; `run` builds the node from genesis.json, whose `records` are
 * the whole initial state (near-sandbox 0.3.x appends its `sandbox` account and any
 * additional accounts there), whose `total_supply` must match them, and whose
 * `genesis_height`, `genesis_time`, `epoch_length`, `min_gas_price` and
 * `transaction_validity_period` are honoured.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidAccountId, LATEST_PROTOCOL, NO_CODE_HASH, type AccessKey, type Chain } from '../runtime/index.js';
import { DEFAULT_ROOT_KEY_PAIR, EmbeddedNode, type KeyPair, type NodeOptions } from './node.js';

const NEAR = 10n ** 24n;
export const DEFAULT_ROOT_ACCOUNT = 'test.near';
export const DEFAULT_RPC_ADDR = '0.0.0.0:3030';
/** Block timestamps advance by this much per block (the Chain's default, stated here so genesis_time can be placed). */
const BLOCK_INTERVAL_NS = 1_000_000_000n;

/** A home, flag or file another program wrote that cannot be used; the message says what to do. */
export class SandboxUsageError extends Error {}

export type Json = Record<string, unknown>;

// ---- small JSON readers: genesis.json and config.json come from other programs ----

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readJsonObject(file: string): Json {
  if (!existsSync(file)) throw new SandboxUsageError(`${file} not found: run \`near-sandbox --home DIR init\` first`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SandboxUsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new SandboxUsageError(`${file} must hold a JSON object`);
  return parsed;
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** nearcore writes u128 amounts as decimal strings; small ones may also come as JSON numbers. */
function u128(value: unknown, where: string): bigint {
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw new SandboxUsageError(`${where} must be a non-negative integer (a decimal string), got ${JSON.stringify(value)}`);
}

function count(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new SandboxUsageError(`${where} must be a non-negative integer, got ${JSON.stringify(value)}`);
}

export function text(value: unknown, where: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw new SandboxUsageError(`${where} must be a non-empty string, got ${JSON.stringify(value)}`);
}

function base64(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw new SandboxUsageError(`${where} must be base64, got ${JSON.stringify(value)}`);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

/** RFC 3339 with up to nanoseconds (nearcore's genesis_time), to and from ns since the epoch. */
function nanosFromTime(value: unknown, where: string): bigint {
  const match = typeof value === 'string' ? /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(value) : null;
  const seconds = match ? Date.parse(`${match[1]}${match[3]}`) : NaN;
  if (!match || Number.isNaN(seconds)) throw new SandboxUsageError(`${where} must be an RFC 3339 time, got ${JSON.stringify(value)}`);
  return BigInt(seconds) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

export function timeFromNanos(ns: bigint): string {
  const seconds = new Date(Number(ns / 1_000_000_000n) * 1000).toISOString().replace(/\.\d+Z$/, '');
  return `${seconds}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}Z`;
}

// ---- state records (genesis.json `records`, nearcore's StateRecord) ----

type StateRecord =
  | { kind: 'Account'; accountId: string; amount: bigint; locked: bigint }
  | { kind: 'AccessKey'; accountId: string; publicKey: string; accessKey: AccessKey }
  | { kind: 'Contract'; accountId: string; code: Uint8Array }
  | { kind: 'Data'; accountId: string; key: Uint8Array; value: Uint8Array };

function accessKey(value: unknown, where: string): AccessKey {
  if (!isObject(value)) throw new SandboxUsageError(`${where} must be an object {nonce, permission}`);
  const nonce = BigInt(count(value['nonce'] ?? 0, `${where}.nonce`));
  const permission = value['permission'];
  if (permission === 'FullAccess') return { nonce };
  const call = isObject(permission) ? permission['FunctionCall'] : undefined;
  if (!isObject(call)) throw new SandboxUsageError(`${where}.permission must be "FullAccess" or {"FunctionCall": {...}}`);
  const methods = call['method_names'] ?? [];
  if (!Array.isArray(methods) || methods.some((m) => typeof m !== 'string')) throw new SandboxUsageError(`${where}.permission.FunctionCall.method_names must be strings`);
  const allowance = call['allowance'];
  return {
    nonce,
    functionCall: {
      ...(allowance === null || allowance === undefined ? {} : { allowance: u128(allowance, `${where}.permission.FunctionCall.allowance`) }),
      receiverId: text(call['receiver_id'], `${where}.permission.FunctionCall.receiver_id`),
      methodNames: methods as string[],
    },
  };
}

function stateRecord(value: unknown, where: string): StateRecord {
  const kinds = isObject(value) ? Object.keys(value) : [];
  const body = isObject(value) && kinds.length === 1 ? value[kinds[0]!] : undefined;
  if (!isObject(body)) throw new SandboxUsageError(`${where} must be {"Account" | "AccessKey" | "Contract" | "Data": {...}}`);
  const accountId = text(body['account_id'], `${where}.account_id`);
  if (!isValidAccountId(accountId)) throw new SandboxUsageError(`${where}.account_id: "${accountId}" is not a valid NEAR account id`);
  switch (kinds[0]) {
    case 'Account': {
      const account = body['account'];
      if (!isObject(account)) throw new SandboxUsageError(`${where}.account must be an object`);
      // storage_usage and code_hash are not taken: nearcore recomputes storage usage at
      // genesis, and the code comes from Contract records.
      return { kind: 'Account', accountId, amount: u128(account['amount'], `${where}.account.amount`), locked: u128(account['locked'] ?? '0', `${where}.account.locked`) };
    }
    case 'AccessKey':
      return { kind: 'AccessKey', accountId, publicKey: text(body['public_key'], `${where}.public_key`), accessKey: accessKey(body['access_key'], `${where}.access_key`) };
    case 'Contract':
      return { kind: 'Contract', accountId, code: base64(body['code'], `${where}.code`) };
    case 'Data':
      return { kind: 'Data', accountId, key: base64(body['data_key'], `${where}.data_key`), value: base64(body['value'], `${where}.value`) };
    default:
      throw new SandboxUsageError(`${where}: unsupported state record "${kinds[0]}" (Account, AccessKey, Contract, Data)`);
  }
}

/** Replaces the chain's whole state with the records, as neard builds its genesis state. */
function loadRecords(chain: Chain, records: readonly StateRecord[], file: string): void {
  // The Chain always creates its root account; genesis records are the only source of truth.
  for (const id of chain.state.accountIds()) chain.state.delete(id);
  // Accounts first: nearcore takes records in any order, but keys, code and data need their account.
  for (const record of records) {
    if (record.kind !== 'Account') continue;
    if (chain.state.has(record.accountId)) throw new SandboxUsageError(`${file}: duplicate Account record for ${record.accountId}`);
    chain.addAccount(record.accountId, { balance: record.amount, locked: record.locked });
  }
  for (const [index, record] of records.entries()) {
    if (record.kind === 'Account') continue;
    if (!chain.state.has(record.accountId)) throw new SandboxUsageError(`${file}: records[${index}] (${record.kind}) is for ${record.accountId}, which has no Account record`);
    try {
      if (record.kind === 'AccessKey') chain.patchAccessKey(record.accountId, record.publicKey, record.accessKey);
      else if (record.kind === 'Contract') chain.setCode(record.accountId, record.code);
      else chain.patchStorage(record.accountId, record.key, record.value);
    } catch (error) {
      throw new SandboxUsageError(`${file}: records[${index}] (${record.kind} of ${record.accountId}): ${(error as Error).message}`);
    }
  }
}

/** The chain's current state as StateRecords: what `view-state dump-state` writes. */
export function dumpRecords(chain: Chain): Json[] {
  const records: Json[] = [];
  for (const accountId of chain.state.accountIds()) {
    const { info, keys, storage } = chain.state.get(accountId)!;
    const account = { amount: info.amount.toString(), locked: info.locked.toString(), code_hash: info.codeHash ?? NO_CODE_HASH, storage_usage: Number(info.storageUsage), version: 'V1' };
    records.push({ Account: { account_id: accountId, account } });
    const code = info.codeHash ? chain.state.code(info.codeHash) : undefined;
    if (code) records.push({ Contract: { account_id: accountId, code: Buffer.from(code).toString('base64') } });
    for (const [publicKey, key] of keys) records.push({ AccessKey: { account_id: accountId, public_key: publicKey, access_key: accessKeyJson(key) } });
    for (const [key, value] of [...storage].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      records.push({ Data: { account_id: accountId, data_key: Buffer.from(key, 'latin1').toString('base64'), value: Buffer.from(value).toString('base64') } });
    }
  }
  return records;
}

function accessKeyJson(key: AccessKey): Json {
  const call = key.functionCall;
  const permission = call ? { FunctionCall: { allowance: call.allowance?.toString() ?? null, receiver_id: call.receiverId, method_names: call.methodNames } } : 'FullAccess';
  return { nonce: Number(key.nonce), permission };
}

// ---- genesis.json ----

interface Genesis {
  /** The file as read: dump-state copies the fields this node does not interpret. */
  json: Json;
  records: StateRecord[];
  /** The validator: the chain's root account (block author, status' validator). */
  rootAccountId: string;
  height: number;
  /** Genesis time in ns since the epoch, if the file sets one. */
  time: bigint | undefined;
  epochLength: number | undefined;
  validityPeriod: number | undefined;
  minGasPrice: bigint | undefined;
}

function readGenesis(home: string): Genesis {
  const file = join(home, 'genesis.json');
  const json = readJsonObject(file);
  const records = json['records'];
  // near-sandbox 0.3.x requires these shapes as well, and appends to `records`.
  if (!Array.isArray(records)) throw new SandboxUsageError(`${file}: "records" must be an array`);
  const parsed = records.map((r, i) => stateRecord(r, `${file}: records[${i}]`));
  checkTotalSupply(u128(json['total_supply'], `${file}: total_supply`), parsed, file);
  const validators = json['validators'];
  const first = Array.isArray(validators) && isObject(validators[0]) ? validators[0]['account_id'] : undefined;
  const optional = <T>(key: string, read: (value: unknown, where: string) => T): T | undefined => (json[key] === undefined ? undefined : read(json[key], `${file}: ${key}`));
  return {
    json,
    records: parsed,
    rootAccountId: typeof first === 'string' ? first : DEFAULT_ROOT_ACCOUNT,
    height: optional('genesis_height', count) ?? 0,
    time: optional('genesis_time', nanosFromTime),
    epochLength: optional('epoch_length', count),
    validityPeriod: optional('transaction_validity_period', count),
    minGasPrice: optional('min_gas_price', u128),
  };
}

/** neard refuses a genesis whose total_supply is not the sum of its balances ("wrong total supply"). */
function checkTotalSupply(totalSupply: bigint, records: readonly StateRecord[], file: string): void {
  const sum = records.reduce((total, r) => (r.kind === 'Account' ? total + r.amount + r.locked : total), 0n);
  if (sum !== totalSupply) {
    throw new SandboxUsageError(`${file}: wrong total supply: total_supply is ${totalSupply} but the Account records hold ${sum} (amount + locked)`);
  }
}

function defaultGenesis(fast: boolean, rootAccountId: string): Json {
  const key = DEFAULT_ROOT_KEY_PAIR;
  const stake = 50_000_000n * NEAR;
  return {
    chain_id: 'sandbox',
    genesis_height: 0,
    epoch_length: fast ? 60 : 500,
    min_gas_price: LATEST_PROTOCOL.minGasPrice.toString(),
    transaction_validity_period: 100,
    total_supply: (1_000_000_000n * NEAR).toString(),
    validators: [{ account_id: rootAccountId, public_key: key.publicKey, amount: stake.toString() }],
    records: [
      { Account: { account_id: rootAccountId, account: { amount: (1_000_000_000n * NEAR - stake).toString(), locked: stake.toString(), code_hash: NO_CODE_HASH, storage_usage: 0, version: 'V1' } } },
      { AccessKey: { account_id: rootAccountId, public_key: key.publicKey, access_key: { nonce: 0, permission: 'FullAccess' } } },
    ],
  };
}

// ---- init ----

export function initHome(home: string, fast: boolean, rootAccountId = DEFAULT_ROOT_ACCOUNT): void {
  mkdirSync(home, { recursive: true });
  const key = DEFAULT_ROOT_KEY_PAIR;
  const keyFile = { account_id: rootAccountId, public_key: key.publicKey, secret_key: key.secretKey };
  writeJson(join(home, 'validator_key.json'), keyFile);
  writeJson(join(home, 'node_key.json'), { ...keyFile, account_id: 'node' });
  writeJson(join(home, 'config.json'), {
    rpc: { addr: DEFAULT_RPC_ADDR, limits_config: {} },
    store: {},
    consensus: { min_block_production_delay: { secs: 0, nanos: fast ? 120_000_000 : 600_000_000 } },
  });
  writeJson(join(home, 'genesis.json'), defaultGenesis(fast, rootAccountId));
}

// ---- run ----

/** validator_key.json names the node's key (reported by `status`); near-sandbox 0.3.x may replace it. */
function validatorKeyPair(home: string): KeyPair {
  const file = join(home, 'validator_key.json');
  if (!existsSync(file)) return DEFAULT_ROOT_KEY_PAIR;
  const json = readJsonObject(file);
  const secretKey = json['secret_key'] ?? json['private_key'];
  if (typeof json['public_key'] !== 'string' || typeof secretKey !== 'string') return DEFAULT_ROOT_KEY_PAIR;
  return { publicKey: json['public_key'], secretKey };
}

/** Builds the node from the home's genesis.json: its records are the whole initial state. */
export function nodeFromHome(home: string): EmbeddedNode {
  const genesis = readGenesis(home);
  const options: NodeOptions = {
    autoBlockMs: 100,
    rootAccountId: genesis.rootAccountId,
    rootKeyPair: validatorKeyPair(home),
    blockInterval: BLOCK_INTERVAL_NS,
  };
  // Block `genesis_height` carries `genesis_time`; the Chain counts time from its height 0.
  if (genesis.time !== undefined) {
    const start = genesis.time - BigInt(genesis.height) * BLOCK_INTERVAL_NS;
    options.genesisTime = start > 0n ? start : 0n;
  }
  if (genesis.epochLength !== undefined) options.epochLength = Math.max(1, genesis.epochLength);
  if (genesis.validityPeriod !== undefined) options.transactionValidityPeriod = genesis.validityPeriod;
  if (genesis.minGasPrice !== undefined && genesis.minGasPrice !== LATEST_PROTOCOL.minGasPrice) {
    options.protocol = { ...LATEST_PROTOCOL, minGasPrice: genesis.minGasPrice };
    options.gasPrice = genesis.minGasPrice;
  }
  const node = new EmbeddedNode(options);
  loadRecords(node.chain, genesis.records, join(home, 'genesis.json'));
  // A genesis dumped at height H has access key nonces near H × 10⁶, which NEAR only accepts
  // from height H on; so the chain resumes past H, as neard does with genesis_height.
  while (node.chain.height <= genesis.height) node.chain.step();
  return node;
}
