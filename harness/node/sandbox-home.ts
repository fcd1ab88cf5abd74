/**
 * A sandbox home as neard keeps it: `init` writes validator_key.json, node_key.json,
 * config.json and genesis.json; `run` builds the node from genesis.json, whose `records` are
 * the whole initial state (near-sandbox 0.3.x appends its `sandbox` account and any
 * additional accounts there), whose `total_supply` must match them, and whose
 * `genesis_height`, `genesis_time`, `epoch_length`, `min_gas_price` and
 * `transaction_validity_period` are honoured, and whose `protocol_version` chooses the
 * protocol the node runs and `chain_id` the name it reports (protocol-versions.ts). The
 * files are read through the schemas of home-files.ts.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { NO_CODE_HASH, SANDBOX_2_6_PROTOCOL, type AccessKey, type Chain } from '../runtime/index.js';
import { genesisSchema, parseHomeFile, readJsonObject, validatorKeySchema, writeJson, type JsonObject, type StateRecord } from './home-files.js';
import { defaultRootKeyPair, EmbeddedNode, type KeyPair, type NodeOptions } from './node.js';
import { noPresetMessage, protocolPreset, SANDBOX_2_6_PROTOCOL_VERSION } from './protocol-versions.js';
import { SandboxUsageError } from './sandbox-usage-error.js';

const NEAR = 10n ** 24n;
export const DEFAULT_ROOT_ACCOUNT = 'test.near';
export const DEFAULT_RPC_ADDR = '0.0.0.0:3030';
/** Block timestamps advance by this much per block (the Chain's default, stated here so genesis_time can be placed). */
const BLOCK_INTERVAL_NS = 1_000_000_000n;

export function timeFromNanos(ns: bigint): string {
  const seconds = new Date(Number(ns / 1_000_000_000n) * 1000).toISOString().replace(/\.\d+Z$/, '');
  return `${seconds}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}Z`;
}

// ---- state records ----

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
      throw new SandboxUsageError(`${file}: records[${index}] (${record.kind} of ${record.accountId}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** The chain's current state as StateRecords: what `view-state dump-state` writes. */
export function dumpRecords(chain: Chain): JsonObject[] {
  const records: JsonObject[] = [];
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

function accessKeyJson(key: AccessKey): JsonObject {
  const call = key.functionCall;
  const permission = call ? { FunctionCall: { allowance: call.allowance?.toString() ?? null, receiver_id: call.receiverId, method_names: call.methodNames } } : 'FullAccess';
  return { nonce: Number(key.nonce), permission };
}

// ---- genesis.json ----

interface Genesis {
  /** The file as read: dump-state copies the fields this node does not interpret. */
  json: JsonObject;
  records: StateRecord[];
  /** The validator: the chain's root account (block author, status' validator). */
  rootAccountId: string;
  height: number;
  /** Genesis time in ns since the epoch, if the file sets one. */
  time: bigint | undefined;
  epochLength: number | undefined;
  validityPeriod: number | undefined;
  minGasPrice: bigint | undefined;
  protocolVersion: number | undefined;
  chainId: string | undefined;
}

function readGenesis(home: string): Genesis {
  const file = join(home, 'genesis.json');
  const json = readJsonObject(file);
  const genesis = parseHomeFile(file, genesisSchema, json);
  checkTotalSupply(genesis.total_supply, genesis.records, file);
  return {
    json,
    records: genesis.records,
    rootAccountId: genesis.validators?.[0]?.account_id ?? DEFAULT_ROOT_ACCOUNT,
    height: genesis.genesis_height ?? 0,
    time: genesis.genesis_time,
    epochLength: genesis.epoch_length,
    validityPeriod: genesis.transaction_validity_period,
    minGasPrice: genesis.min_gas_price,
    protocolVersion: genesis.protocol_version,
    chainId: genesis.chain_id,
  };
}

/** neard refuses a genesis whose total_supply is not the sum of its balances ("wrong total supply"). */
function checkTotalSupply(totalSupply: bigint, records: readonly StateRecord[], file: string): void {
  const sum = records.reduce((total, r) => (r.kind === 'Account' ? total + r.amount + r.locked : total), 0n);
  if (sum !== totalSupply) {
    throw new SandboxUsageError(`${file}: wrong total supply: total_supply is ${totalSupply} but the Account records hold ${sum} (amount + locked)`);
  }
}

function defaultGenesis(fast: boolean, rootAccountId: string): JsonObject {
  const key = defaultRootKeyPair();
  const stake = 50_000_000n * NEAR;
  return {
    chain_id: 'sandbox',
    // `neard init` writes its binary's protocol version; the look-alike reports nearcore 2.6.2 (77).
    protocol_version: SANDBOX_2_6_PROTOCOL_VERSION,
    genesis_height: 0,
    epoch_length: fast ? 60 : 500,
    min_gas_price: SANDBOX_2_6_PROTOCOL.minGasPrice.toString(),
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
  const key = defaultRootKeyPair();
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
  if (!existsSync(file)) return defaultRootKeyPair();
  const key = parseHomeFile(file, validatorKeySchema);
  const secretKey = key.secret_key ?? key.private_key;
  return key.public_key !== undefined && secretKey !== undefined ? { publicKey: key.public_key, secretKey } : defaultRootKeyPair();
}

/** Builds the node from the home's genesis.json: its records are the whole initial state. */
export function nodeFromHome(home: string): EmbeddedNode {
  const genesis = readGenesis(home);
  // A genesis without protocol_version (one written before the look-alike wrote it) runs the
  // protocol of the nearcore the look-alike reports, 2.6.2.
  const protocolVersion = genesis.protocolVersion ?? SANDBOX_2_6_PROTOCOL_VERSION;
  const preset = protocolPreset(protocolVersion);
  if (!preset) throw new SandboxUsageError(`${join(home, 'genesis.json')}: ${noPresetMessage(protocolVersion)}`);
  const options: NodeOptions = {
    protocolVersion,
    protocol: preset.protocol,
    ...(genesis.chainId !== undefined ? { chainId: genesis.chainId } : {}),
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
  if (genesis.minGasPrice !== undefined && genesis.minGasPrice !== preset.protocol.minGasPrice) {
    options.protocol = { ...preset.protocol, minGasPrice: genesis.minGasPrice };
    options.gasPrice = genesis.minGasPrice;
  }
  const node = new EmbeddedNode(options);
  loadRecords(node.chain, genesis.records, join(home, 'genesis.json'));
  // A genesis dumped at height H has access key nonces near H × 10⁶, which NEAR only accepts
  // from height H on; so the chain resumes past H, as neard does with genesis_height.
  while (node.chain.height <= genesis.height) node.chain.step();
  return node;
}
