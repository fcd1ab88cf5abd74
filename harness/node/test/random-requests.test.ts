/**
 * Over a thousand random and malformed requests, generated from a fixed seed, sent to the node
 * on 127.0.0.1 one after another: every one is answered with JSON-RPC, none with an internal
 * error or a JavaScript error text, and afterwards the node still answers `status` correctly.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedNode, MAX_FAST_FORWARD_BLOCKS, type NodeDiagnostic } from '../index.js';
import { METHOD_NAMES } from '../rpc-params.js';
import { call, postRaw, responses, type RawReply } from './json-rpc-client.js';

const SEED = 20_240_607;
const SAMPLES = 1_200;

/** Texts that only a JavaScript exception would put in an answer. */
const JS_ERROR_TEXTS = [/TypeError/, /RangeError/, /ReferenceError/, /SyntaxError/, /Cannot read properties/, /is not a function/, /Cannot convert/, /\[object Object\]/, /\bat .*:\d+:\d+/, /\n\s+at /];

/** Every field name a method takes, so random objects hit real parameters with wrong values. */
const PARAM_NAMES = [
  'finality', 'block_id', 'request_type', 'account_id', 'public_key', 'method_name', 'args_base64', 'prefix_base64', 'include_proof',
  'signed_tx_base64', 'wait_until', 'tx_hash', 'sender_account_id', 'records', 'delta_height',
];
const RECORD_FIELDS = ['account_id', 'account', 'amount', 'locked', 'code_hash', 'storage_usage', 'public_key', 'access_key', 'nonce', 'permission', 'code', 'data_key', 'value'];

/** Values that are almost right, or typical of what clients get wrong. */
const nearMisses = fc.constantFrom<unknown>(
  'lots', '', '-1', '1e3', '0x10', -1, 1.5, 2 ** 64, 1e300, MAX_FAST_FORWARD_BLOCKS + 1, 0, 1, null, true, {}, [], [[]], { height: 5 },
  'optimistic', 'FINAL', 'view_account', 'view_access_key', 'call_function', 'view_state', 'test.near', 'Test.Near', 'ed25519:xyz',
  'ed25519:11111111111111111111111111111111', 'AAAA', '!!!', '11111111111111111111111111111111', 'FullAccess', 'NONE',
);
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nearMisses);

const stateRecord = fc.dictionary(
  fc.constantFrom('Account', 'AccessKey', 'Contract', 'Data', 'PostponedReceipt'),
  fc.oneof(anyValue, fc.dictionary(fc.constantFrom(...RECORD_FIELDS), fc.oneof(anyValue, fc.dictionary(fc.constantFrom(...RECORD_FIELDS), anyValue)))),
  { maxKeys: 2 },
);

const params = fc.oneof(
  anyValue,
  fc.dictionary(fc.constantFrom(...PARAM_NAMES), anyValue, { maxKeys: 5 }),
  fc.record({ records: fc.oneof(anyValue, fc.array(stateRecord, { maxLength: 3 })) }),
  fc.array(anyValue, { maxLength: 3 }),
);

/** A fast-forward that asks for many blocks is valid and slow; the fast-forward tests cover it. */
function isLongFastForward(request: { method: string; params: unknown }): boolean {
  if (request.method !== 'sandbox_fast_forward' || typeof request.params !== 'object' || request.params === null) return false;
  const delta = Object.entries(request.params).find(([key]) => key === 'delta_height')?.[1];
  return typeof delta === 'number' && delta > 1_000 && delta <= MAX_FAST_FORWARD_BLOCKS;
}

const requestObject = fc
  .record(
    {
      jsonrpc: fc.oneof(fc.constant('2.0'), anyValue),
      id: fc.oneof({ weight: 8, arbitrary: fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.constant(null)) }, anyValue),
      method: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...METHOD_NAMES) }, fc.string({ maxLength: 12 }), anyValue),
      params,
    },
    { requiredKeys: ['method'] },
  )
  .filter((request) => !isLongFastForward({ method: String(request.method), params: request.params }));

const text = (value: unknown) => Buffer.from(JSON.stringify(value));

const body = fc.oneof(
  { weight: 2, arbitrary: fc.jsonValue().map(text) },
  { weight: 6, arbitrary: requestObject.map(text) },
  { weight: 2, arbitrary: fc.array(fc.oneof({ weight: 3, arbitrary: requestObject }, anyValue), { maxLength: 6 }).map(text) },
  { weight: 1, arbitrary: fc.tuple(requestObject, fc.nat()).map(([request, cut]) => truncated(text(request), cut)) },
  { weight: 1, arbitrary: fc.tuple(requestObject, fc.nat(), invalidUtf8()).map(([request, at, bad]) => spliced(text(request), at, bad)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
);

function invalidUtf8() {
  return fc.constantFrom([0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x28, 0x8c, 0x28]);
}

function truncated(bytes: Buffer, cut: number): Buffer {
  return bytes.subarray(0, cut % Math.max(1, bytes.length));
}

function spliced(bytes: Buffer, at: number, bad: readonly number[]): Buffer {
  const position = at % (bytes.length + 1);
  return Buffer.concat([bytes.subarray(0, position), Buffer.from(bad), bytes.subarray(position)]);
}

/** One big body (about 2 MB, under the limit) and one big batch. */
function bigBodies(): Buffer[] {
  const bigParams = text({ jsonrpc: '2.0', id: 'big', method: 'query', params: { request_type: 'call_function', account_id: 'test.near', method_name: 'x'.repeat(2_000_000) } });
  const bigBatch = text(Array.from({ length: 2_000 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: i % 2 ? 'status' : 'block', params: i % 3 ? { finality: 'final' } : { block_id: {} } })));
  return [bigParams, bigBatch];
}

/** What is wrong with the reply, if anything. */
function problemsWith(reply: RawReply): string[] {
  const problems: string[] = [];
  let answers;
  try {
    answers = responses(reply);
  } catch (error) {
    return [`not a JSON-RPC answer (HTTP ${reply.status}): ${reply.text.slice(0, 300)} (${String(error).slice(0, 200)})`];
  }
  for (const answer of answers) {
    if (answer.error?.name === 'INTERNAL_ERROR' || answer.error?.cause.name === 'INTERNAL_ERROR') problems.push(`an internal error: ${JSON.stringify(answer.error)}`);
  }
  for (const pattern of JS_ERROR_TEXTS) {
    if (pattern.test(reply.text)) problems.push(`a JavaScript error text (${pattern}): ${reply.text.slice(0, 300)}`);
  }
  return problems;
}

let node: EmbeddedNode;
let url: string;
const diagnostics: NodeDiagnostic[] = [];

beforeAll(async () => {
  node = new EmbeddedNode({ onDiagnostic: (d) => diagnostics.push(d) });
  url = (await node.listen(0, '127.0.0.1')).url;
});
afterAll(async () => {
  await node.close();
});

describe('random and malformed requests', () => {
  it(`${SAMPLES} of them from seed ${SEED}: each answered with JSON-RPC, none internal, none with a JavaScript error text; the node still answers status`, async () => {
    const bodies = [...fc.sample(body, { seed: SEED, numRuns: SAMPLES }), ...bigBodies()];
    expect(bodies.length).toBeGreaterThanOrEqual(1_000);

    const failures: string[] = [];
    for (const [index, sent] of bodies.entries()) {
      const reply = await postRaw(url, new Uint8Array(sent));
      for (const problem of problemsWith(reply)) failures.push(`#${index} ${sent.subarray(0, 200).toString('utf8')}\n  → ${problem}`);
    }

    expect(failures).toEqual([]);
    expect(diagnostics).toEqual([]);
    const status = await call(url, 'status');
    expect(status.result).toMatchObject({ chain_id: 'sandbox', sync_info: { latest_block_height: node.chain.height, latest_block_hash: node.chain.head.hash } });
  });
});
