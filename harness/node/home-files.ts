/**
 * The JSON files of a sandbox home, checked by zod schemas: genesis.json, config.json and
 * validator_key.json (written by `init`, by neard, or patched by near-sandbox 0.3.x),
 * data/control.json (left by `run` for `view-state`), and the state `run` hands
 * `view-state`. A file another program wrote is refused naming the file, each field wrong,
 * what it must be and what it holds — never a JavaScript error from deeper in. Objects are
 * loose: the files hold many fields this node does not interpret, and dump-state copies them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { isValidAccountId, type AccessKey } from '../runtime/index.js';
import { SandboxUsageError } from './sandbox-usage-error.js';

export type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A home file's JSON object, unchecked beyond that: for copying, or for a schema below. */
export function readJsonObject(file: string): JsonObject {
  if (!existsSync(file)) throw new SandboxUsageError(`${file} not found: run \`near-sandbox --home DIR init\` first`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SandboxUsageError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isJsonObject(parsed)) throw new SandboxUsageError(`${file} must hold a JSON object`);
  return parsed;
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

// ---- leaf values, worded to follow "<field> must be" ----

const U128_LIMIT = 2n ** 128n;
const U128 = 'a non-negative integer below 2^128 (a decimal string)';
const COUNT = 'a non-negative integer';
const TEXT = 'a non-empty string';

/** nearcore writes u128 amounts as decimal strings; small ones may also come as JSON numbers. */
const u128 = z
  // Each option carries the text too: a union reports the issues of an option that got furthest.
  .union([z.string({ error: U128 }).regex(/^\d{1,39}$/, { error: U128 }), z.int({ error: U128 }).min(0, { error: U128 })], { error: U128 })
  .transform((value) => BigInt(value))
  .refine((value) => value < U128_LIMIT, { error: U128 });

const count = z.int({ error: COUNT }).min(0, { error: COUNT });
const text = z.string({ error: TEXT }).min(1, { error: TEXT });
const accountId = text.refine(isValidAccountId, { error: 'a valid NEAR account id (2-64 chars of a-z, 0-9, and - _ . between them)' });
const base64 = z
  .string({ error: 'base64' })
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'base64' })
  .transform((value) => new Uint8Array(Buffer.from(value, 'base64')));

/** RFC 3339 with up to nanoseconds (nearcore's genesis_time), as ns since the epoch. */
const RFC3339 = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;
const nanosSinceEpoch = z.string({ error: 'an RFC 3339 time' }).transform((value, context) => {
  const match = RFC3339.exec(value);
  const milliseconds = match ? Date.parse(`${match[1]}${match[3]}`) : NaN;
  if (!match || Number.isNaN(milliseconds)) {
    context.addIssue({ code: 'custom', message: 'an RFC 3339 time', input: value });
    return z.NEVER;
  }
  return BigInt(milliseconds) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
});

/** `what` names the object; a description with its own braces is used as it is. */
const fields = <Shape extends z.core.$ZodLooseShape>(what: string, shape: Shape) =>
  z.looseObject(shape, { error: what.endsWith('}') ? what : `${what} (an object with ${Object.keys(shape).join(', ')})` });

// ---- state records (genesis.json `records`, nearcore's StateRecord) ----

export type StateRecord =
  | { kind: 'Account'; accountId: string; amount: bigint; locked: bigint }
  | { kind: 'AccessKey'; accountId: string; publicKey: string; accessKey: AccessKey }
  | { kind: 'Contract'; accountId: string; code: Uint8Array }
  | { kind: 'Data'; accountId: string; key: Uint8Array; value: Uint8Array };

const RECORD_KINDS = ['Account', 'AccessKey', 'Contract', 'Data'] as const;
const STATE_RECORD = `a state record {${RECORD_KINDS.map((k) => JSON.stringify(k)).join(' | ')}: {...}}`;
const PERMISSION = '"FullAccess" or {"FunctionCall": {receiver_id, allowance, method_names}}';

const functionCall = fields('a function-call permission', {
  FunctionCall: fields('a function-call permission', {
    allowance: u128.nullish(),
    receiver_id: text,
    method_names: z.array(z.string({ error: 'a method name (a string)' }), { error: 'an array of method names' }).optional(),
  }),
});

const accessKey = fields('an access key', {
  nonce: count.optional(),
  permission: z.union([z.literal('FullAccess'), functionCall], { error: PERMISSION }),
}).transform(({ nonce, permission }): AccessKey => {
  if (permission === 'FullAccess') return { nonce: BigInt(nonce ?? 0) };
  const call = permission.FunctionCall;
  return {
    nonce: BigInt(nonce ?? 0),
    functionCall: { ...(call.allowance == null ? {} : { allowance: call.allowance }), receiverId: call.receiver_id, methodNames: call.method_names ?? [] },
  };
});

const SUPPORTED_RECORD = `a state record of a supported kind (${RECORD_KINDS.join(', ')})`;

/** A loose object, so that an unsupported kind is named as such rather than as an unknown field. */
const stateRecord = fields(STATE_RECORD, {
  // storage_usage and code_hash are not taken: nearcore recomputes storage usage at
  // genesis, and the code comes from Contract records.
  Account: fields('an Account record', { account_id: accountId, account: fields('an account', { amount: u128, locked: u128.optional() }) }).optional(),
  AccessKey: fields('an AccessKey record', { account_id: accountId, public_key: text, access_key: accessKey }).optional(),
  Contract: fields('a Contract record', { account_id: accountId, code: base64 }).optional(),
  Data: fields('a Data record', { account_id: accountId, data_key: base64, value: base64 }).optional(),
}).transform((record, context): StateRecord => {
  const { Account, AccessKey, Contract, Data } = record;
  const kinds = Object.keys(record);
  const one = kinds.length === 1;
  if (one && Account) return { kind: 'Account', accountId: Account.account_id, amount: Account.account.amount, locked: Account.account.locked ?? 0n };
  if (one && AccessKey) return { kind: 'AccessKey', accountId: AccessKey.account_id, publicKey: AccessKey.public_key, accessKey: AccessKey.access_key };
  if (one && Contract) return { kind: 'Contract', accountId: Contract.account_id, code: Contract.code };
  if (one && Data) return { kind: 'Data', accountId: Data.account_id, key: Data.data_key, value: Data.value };
  const unsupported = kinds.some((kind) => !RECORD_KINDS.some((known) => known === kind));
  context.addIssue({ code: 'custom', message: unsupported ? SUPPORTED_RECORD : STATE_RECORD, input: record });
  return z.NEVER;
});

// ---- the files ----

export const genesisSchema = fields('a genesis', {
  // near-sandbox 0.3.x requires these shapes as well, and appends to `records`.
  records: z.array(stateRecord, { error: 'an array of state records' }),
  total_supply: u128,
  validators: z.array(fields('a validator', { account_id: accountId.optional() }), { error: 'an array of validators' }).optional(),
  genesis_height: count.optional(),
  genesis_time: nanosSinceEpoch.optional(),
  epoch_length: count.optional(),
  transaction_validity_period: count.optional(),
  min_gas_price: u128.optional(),
  // nearcore's GenesisConfig: the protocol the chain starts with, and its name.
  protocol_version: count.optional(),
  chain_id: text.optional(),
});

export const configSchema = fields('a node config', { rpc: fields('the RPC config', { addr: text.optional() }).optional() });

/** near-sandbox 0.3.x writes `private_key` where neard writes `secret_key`. */
export const validatorKeySchema = fields('a validator key', { public_key: text.optional(), secret_key: text.optional(), private_key: text.optional() });

/** What `run` leaves in DIR/data/control.json: where it answers dump requests. */
export const controlFileSchema = fields('a control file', { url: text });

/** What `run` answers a dump request with: state lives in its memory only. */
export const liveStateSchema = z.object({
  height: count,
  time: z.string(),
  /** The sum of every balance (amount + locked): a dumped genesis must state it. */
  totalSupply: z.string().regex(/^\d+$/),
  records: z.array(z.record(z.string(), z.unknown())),
});
export type LiveState = z.infer<typeof liveStateSchema>;

// ---- problems ----

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the file)';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : IDENTIFIER.test(String(key)) ? `${index === 0 ? '' : '.'}${String(key)}` : `[${JSON.stringify(String(key))}]`))
    .join('');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = Reflect.get(value, key);
  }
  return value;
}

const clip = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max)}…` : text);

function issueText(root: unknown, issue: z.core.$ZodIssue): string {
  const value = valueAt(root, issue.path);
  if (value === undefined) return `${fieldName(issue.path)} is missing (it must be ${issue.message})`;
  return `${fieldName(issue.path)} must be ${issue.message}, got ${clip(JSON.stringify(value) ?? String(value))}`;
}

/** At most this many problems of one file are listed: a file that wrong was not meant for this node. */
const MAX_LISTED = 10;

/** The file's JSON as `schema` describes it; a SandboxUsageError naming each field wrong otherwise. */
export function parseHomeFile<S extends z.ZodType>(file: string, schema: S, json: JsonObject = readJsonObject(file)): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${file}: ${issueText(json, issue)}`);
  const more = problems.length - MAX_LISTED;
  throw new SandboxUsageError([...problems.slice(0, MAX_LISTED), ...(more > 0 ? [`${file}: … and ${more} more`] : [])].join('\n'));
}
