/**
 * The parameters of every JSON-RPC method the node serves, validated at the boundary: a
 * wrong type or an out-of-range value becomes nearcore's PARSE_ERROR ("Failed parsing args:
 * …") naming the parameter and what it takes (`params.finality: expected one of "optimistic", "near-final", "final"`), never a
 * JavaScript error from deeper in. Unknown fields are ignored, as nearcore ignores them
 * (near-workspaces sends a stray `account_id` with sandbox_patch_state).
 */
import { z } from 'zod';
import { fromBase58, isValidAccountId, publicKeyToBorsh } from '../runtime/index.js';
import { MAX_FAST_FORWARD_BLOCKS } from './fast-forward.js';
import { invalidParams } from './rpc-errors.js';

export const WAIT_LEVELS = ['NONE', 'INCLUDED', 'EXECUTED_OPTIMISTIC', 'INCLUDED_FINAL', 'EXECUTED', 'FINAL'] as const;
export type WaitUntil = (typeof WAIT_LEVELS)[number];

// ---- error texts ----

/** The text for a value that is missing or is not what the parameter takes. */
function expecting(what: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? `missing; expected ${what}` : `expected ${what}`);
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const oneOf = (values: readonly string[]) => `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;

// ---- leaf values ----

const text = (what: string) => z.string({ error: expecting(what) });

function nonNegativeInteger(what = 'a non-negative integer') {
  const error = expecting(what);
  return z.int({ error }).min(0, { error });
}

/** Decodes base58 only when short enough to be `bytes` long: decoding is quadratic in length. */
function isBase58Of(bytes: number) {
  const maxLength = Math.ceil(bytes * 1.37) + 1;
  return (value: string): boolean => {
    if (value.length > maxLength) return false;
    try {
      return fromBase58(value).length === bytes;
    } catch {
      return false;
    }
  };
}

function cryptoHash(what: string) {
  return text(what).refine(isBase58Of(32), { error: `expected ${what}` });
}

function isPublicKey(value: string): boolean {
  if (value.length > 100) return false;
  try {
    publicKeyToBorsh(value);
    return true;
  } catch {
    return false;
  }
}

const PUBLIC_KEY = 'a public key ("ed25519:<base58 of 32 bytes>" or "secp256k1:<base58 of 64 bytes>")';
const publicKey = text(PUBLIC_KEY).refine(isPublicKey, { error: `expected ${PUBLIC_KEY}` });

const ACCOUNT_ID = 'a NEAR account id (2 to 64 of a-z, 0-9 and the separators - _ .)';
const accountId = text(ACCOUNT_ID).refine(isValidAccountId, { error: `expected ${ACCOUNT_ID}` });

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const base64 = (what: string) => text(`${what} (base64)`).regex(BASE64, { error: `expected ${what} (base64)` });

/** u64 and u128 arrive as JSON numbers or decimal strings (nearcore writes u128 as strings). */
function unsigned(bits: 64 | 128, what: string) {
  const error = expecting(`${what}: a decimal string or non-negative integer below 2^${bits}`);
  const limit = 1n << BigInt(bits);
  return z
    // Each option carries the text too: a union reports the issues of an option that got furthest.
    .union([z.string({ error }).regex(/^\d{1,40}$/, { error }), z.int({ error }).min(0, { error })], { error })
    .transform((value) => BigInt(value))
    .refine((value) => value < limit, { error });
}

const finality = z.enum(['optimistic', 'near-final', 'final'], { error: expecting(oneOf(['optimistic', 'near-final', 'final'])) });
const waitUntil = z.enum(WAIT_LEVELS, { error: expecting(oneOf(WAIT_LEVELS)) });

const BLOCK_ID = 'a block height (a non-negative integer) or a block hash (base58 of 32 bytes)';
const blockIdError = expecting(BLOCK_ID);
const blockId = z.union([z.int({ error: blockIdError }).min(0, { error: blockIdError }), z.string({ error: blockIdError }).refine(isBase58Of(32), { error: blockIdError })], {
  error: blockIdError,
});

/** `{finality}` or `{block_id}`; with neither, the head. */
const blockReference = { finality: finality.optional(), block_id: blockId.optional() };

/** Absent or null params mean "no parameters". */
const orEmpty = (params: unknown): unknown => params ?? {};

// ---- methods ----

/** nearcore ignores status's params; so does the node. */
const statusParams = z.unknown();

const blockParams = z.preprocess(
  (params) => (Array.isArray(params) ? { block_id: params[0] } : orEmpty(params)),
  z.object(blockReference, { error: expecting('{finality} or {block_id}, or [block_id]') }),
);

const protocolConfigParams = z.preprocess(orEmpty, z.object(blockReference, { error: expecting('{finality} or {block_id}') }));

const gasPriceParams = z.preprocess(
  (params) => (Array.isArray(params) ? { block_id: params[0] } : orEmpty(params)),
  z.object({ block_id: blockId.nullish() }, { error: expecting('[block_id], [null] or {block_id}') }),
);

const QUERY_TYPES = ['view_account', 'view_access_key', 'view_access_key_list', 'view_code', 'call_function', 'view_state'] as const;
const QUERY_SHAPE = 'an object {request_type, account_id, finality | block_id, …}';
const queryBase = { account_id: accountId, ...blockReference };
const queryParams = z.discriminatedUnion(
  'request_type',
  [
    z.object({ request_type: z.literal('view_account'), ...queryBase }),
    z.object({ request_type: z.literal('view_access_key'), ...queryBase, public_key: publicKey }),
    z.object({ request_type: z.literal('view_access_key_list'), ...queryBase }),
    z.object({ request_type: z.literal('view_code'), ...queryBase }),
    z.object({ request_type: z.literal('call_function'), ...queryBase, method_name: text('a method name'), args_base64: base64('the arguments').optional() }),
    z.object({
      request_type: z.literal('view_state'),
      ...queryBase,
      prefix_base64: base64('a key prefix').optional(),
      include_proof: z.boolean({ error: expecting('true or false') }).optional(),
    }),
  ],
  // A non-object is reported as such, an object as having a missing or unknown request_type.
  { error: (issue) => (isJsonObject(issue.input) ? expecting(oneOf(QUERY_TYPES))({ input: issue.input['request_type'] }) : `expected ${QUERY_SHAPE}`) },
);

const SIGNED_TRANSACTION = 'a signed transaction (borsh, base64)';
/** send_tx and broadcast_tx_*: `{signed_tx_base64, wait_until?}` or `[signed_tx_base64]`. */
const sendTransactionParams = z.preprocess(
  (params) => (Array.isArray(params) ? { signed_tx_base64: params[0] } : params),
  z.object({ signed_tx_base64: text(SIGNED_TRANSACTION), wait_until: waitUntil.optional() }, { error: expecting('{signed_tx_base64, wait_until} or [signed_tx_base64]') }),
);

/** tx and EXPERIMENTAL_tx_status: `{tx_hash, sender_account_id, wait_until?}` or `[tx_hash, sender_account_id]`. */
const transactionStatusParams = z.preprocess(
  (params) => (Array.isArray(params) ? { tx_hash: params[0], sender_account_id: params[1] } : params),
  z.object(
    { tx_hash: cryptoHash('a transaction hash (base58 of 32 bytes)'), sender_account_id: accountId, wait_until: waitUntil.optional() },
    { error: expecting('{tx_hash, sender_account_id, wait_until} or [tx_hash, sender_account_id]') },
  ),
);

// sandbox_patch_state records: nearcore's StateRecord shapes (reference doc §9).
const functionCallPermission = z.object({
  FunctionCall: z.object(
    {
      allowance: unsigned(128, 'an allowance in yoctoNEAR').nullish(),
      receiver_id: accountId,
      method_names: z.array(text('a method name'), { error: expecting('an array of method names') }).optional(),
    },
    { error: expecting('{allowance, receiver_id, method_names}') },
  ),
});
const PERMISSION = '"FullAccess" or {FunctionCall: {allowance, receiver_id, method_names}}';
const accessKeyRecord = z.object(
  {
    account_id: accountId,
    public_key: publicKey,
    access_key: z.object(
      {
        nonce: unsigned(64, 'a nonce').optional(),
        permission: z.union([z.literal('FullAccess'), functionCallPermission], { error: expecting(PERMISSION) }).optional(),
      },
      { error: expecting('an access key {nonce, permission}') },
    ),
  },
  { error: expecting('{account_id, public_key, access_key}') },
);
const accountRecord = z.object(
  {
    account_id: accountId,
    account: z.object(
      {
        amount: unsigned(128, 'a balance in yoctoNEAR').optional(),
        locked: unsigned(128, 'a balance in yoctoNEAR').optional(),
        code_hash: cryptoHash('a code hash (base58 of 32 bytes)').optional(),
        storage_usage: unsigned(64, 'a byte count').optional(),
      },
      { error: expecting('an account {amount, locked, code_hash, storage_usage}') },
    ),
  },
  { error: expecting('{account_id, account}') },
);
const contractRecord = z.object({ account_id: accountId, code: base64('contract code') }, { error: expecting('{account_id, code}') });
const dataRecord = z.object({ account_id: accountId, data_key: base64('a storage key'), value: base64('a storage value') }, { error: expecting('{account_id, data_key, value}') });

const RECORD_KINDS = ['Account', 'AccessKey', 'Contract', 'Data'] as const;
const stateRecord = z
  .object(
    { Account: accountRecord.optional(), AccessKey: accessKeyRecord.optional(), Contract: contractRecord.optional(), Data: dataRecord.optional() },
    { error: expecting('a state record {Account | AccessKey | Contract | Data: …}') },
  )
  .refine((record) => RECORD_KINDS.filter((kind) => record[kind] !== undefined).length === 1, {
    error: `expected a state record with exactly one of ${RECORD_KINDS.join(', ')}`,
  });
export type StateRecord = z.output<typeof stateRecord>;

const patchStateParams = z.object(
  { records: z.array(stateRecord, { error: expecting('an array of state records') }) },
  { error: expecting('{records: [...]}') },
);

const fastForwardParams = z.object(
  {
    delta_height: nonNegativeInteger().max(MAX_FAST_FORWARD_BLOCKS, {
      error: `expected at most ${MAX_FAST_FORWARD_BLOCKS} blocks per sandbox_fast_forward (the embedded node's bound); split a longer fast-forward into several calls`,
    }),
  },
  { error: expecting('{delta_height}') },
);

/** Every method the node serves, with the schema of its params. */
export const METHOD_PARAMS = {
  block: blockParams,
  status: statusParams,
  query: queryParams,
  send_tx: sendTransactionParams,
  broadcast_tx_commit: sendTransactionParams,
  broadcast_tx_async: sendTransactionParams,
  tx: transactionStatusParams,
  EXPERIMENTAL_tx_status: transactionStatusParams,
  EXPERIMENTAL_protocol_config: protocolConfigParams,
  gas_price: gasPriceParams,
  sandbox_patch_state: patchStateParams,
  sandbox_fast_forward: fastForwardParams,
} as const;

export type MethodName = keyof typeof METHOD_PARAMS;
export type ParamsOf<M extends MethodName> = z.output<(typeof METHOD_PARAMS)[M]>;
export const METHOD_NAMES = Object.keys(METHOD_PARAMS) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(METHOD_PARAMS, name);
}

/** The params `schema` describes, typed; PARSE_ERROR naming each wrong parameter otherwise. */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  throw invalidParams(describeIssues(parsed.error.issues));
}

/** At most three distinct problems, each as `params.<path>: <what was expected>`. */
function describeIssues(issues: z.ZodError['issues']): string {
  const lines = new Set(issues.map((issue) => `${pathText(issue.path)}: ${issue.message}`));
  return [...lines].slice(0, 3).join('; ');
}

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`), 'params');
}
