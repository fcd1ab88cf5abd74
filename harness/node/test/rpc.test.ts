/**
 * The JSON-RPC node's answers to bad input: each gets the JSON-RPC error a client expects
 * (nearcore's shapes), and the node keeps serving.
 */
import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha256';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base58, fromBase58 } from '../../runtime/index.js';
import { EmbeddedNode, keyPairFromSeed } from '../index.js';

let node: EmbeddedNode;
let url: string;
const root = keyPairFromSeed(new Uint8Array(32).fill(7));
const rootSeed = new Uint8Array(32).fill(7);

beforeAll(async () => {
  node = new EmbeddedNode();
  url = (await node.listen(0)).url;
});
afterAll(async () => {
  await node.close();
});

async function rpc(body: unknown, raw?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const call = (method: string, params: unknown) => rpc({ jsonrpc: '2.0', id: 1, method, params });

/** Borsh of a transfer from test.near to itself, signed with `seed`. */
function signedTransfer(nonce: bigint, blockHash: string, seed = rootSeed): string {
  const str = (s: string) => [...u32(Buffer.byteLength(s)), ...Buffer.from(s)];
  const u32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];
  const u64 = (n: bigint) => Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(8 * i)) & 255n));
  const publicKey = fromBase58(root.publicKey.slice('ed25519:'.length));
  const tx = new Uint8Array([
    ...str('test.near'),
    0,
    ...publicKey,
    ...u64(nonce),
    ...str('test.near'),
    ...fromBase58(blockHash),
    ...u32(1),
    3,
    ...u64(5n),
    ...u64(0n),
  ]);
  const signature = ed25519.sign(sha256(tx), seed);
  return Buffer.from(new Uint8Array([...tx, 0, ...signature])).toString('base64');
}

describe('JSON-RPC errors', () => {
  it('malformed JSON: HTTP 400 with a parse error', async () => {
    const { status, json } = await rpc(undefined, '{"jsonrpc": "2.0", "method": ');
    expect(status).toBe(400);
    expect(json['error']).toMatchObject({ code: -32700, cause: { name: 'PARSE_ERROR' } });
  });

  it('an unknown method: METHOD_NOT_FOUND', async () => {
    const { json } = await call('teleport', {});
    expect(json['error']).toMatchObject({ name: 'REQUEST_VALIDATION_ERROR', code: -32601, cause: { name: 'METHOD_NOT_FOUND', info: { method_name: 'teleport' } } });
  });

  it('an unknown account: UNKNOWN_ACCOUNT with the "does not exist while viewing" text', async () => {
    const { json } = await call('query', { request_type: 'view_account', account_id: 'ghost.test.near', finality: 'final' });
    expect(json['error']).toMatchObject({ name: 'HANDLER_ERROR', cause: { name: 'UNKNOWN_ACCOUNT' }, data: 'account ghost.test.near does not exist while viewing' });
  });

  it('a missing access key: a success body carrying the error text, as nearcore answers it', async () => {
    const { json } = await call('query', { request_type: 'view_access_key', account_id: 'test.near', public_key: 'ed25519:11111111111111111111111111111111', finality: 'final' });
    expect((json['result'] as Record<string, unknown>)['error']).toBe('access key ed25519:11111111111111111111111111111111 does not exist while viewing');
  });

  it('bad base64 and bad borsh: parse errors', async () => {
    expect((await call('send_tx', { signed_tx_base64: '!!!not base64', wait_until: 'NONE' })).json['error']).toMatchObject({ cause: { name: 'PARSE_ERROR' } });
    expect((await call('send_tx', { signed_tx_base64: Buffer.from([1, 2, 3]).toString('base64'), wait_until: 'NONE' })).json['error']).toMatchObject({
      cause: { name: 'PARSE_ERROR' },
      data: expect.stringMatching(/not valid borsh/),
    });
  });

  it('a wrong signature: INVALID_TRANSACTION InvalidSignature', async () => {
    const blockHash = node.chain.head.hash;
    const { json } = await call('send_tx', { signed_tx_base64: signedTransfer(100n, blockHash, new Uint8Array(32).fill(9)), wait_until: 'NONE' });
    expect(json['error']).toMatchObject({ cause: { name: 'INVALID_TRANSACTION' }, data: { TxExecutionError: { InvalidTxError: 'InvalidSignature' } } });
  });

  it('a stale nonce: structured InvalidNonce (near-api-js retries on it)', async () => {
    const ok = await call('send_tx', { signed_tx_base64: signedTransfer(1_000n, node.chain.head.hash), wait_until: 'EXECUTED_OPTIMISTIC' });
    expect((ok.json['result'] as Record<string, unknown>)['status']).toEqual({ SuccessValue: '' });
    const { json } = await call('send_tx', { signed_tx_base64: signedTransfer(999n, node.chain.head.hash), wait_until: 'NONE' });
    expect(json['error']).toMatchObject({ data: { TxExecutionError: { InvalidTxError: { InvalidNonce: { tx_nonce: 999, ak_nonce: 1000 } } } } });
  });

  it('an unknown block hash is InvalidChain; one older than the validity period is Expired', async () => {
    const unknown = base58(new Uint8Array(32).fill(1));
    expect((await call('send_tx', { signed_tx_base64: signedTransfer(2_000n, unknown), wait_until: 'NONE' })).json['error']).toMatchObject({
      data: { TxExecutionError: { InvalidTxError: 'InvalidChain' } },
    });
    const old = node.chain.head.hash;
    await call('sandbox_fast_forward', { delta_height: 101 });
    expect((await call('send_tx', { signed_tx_base64: signedTransfer(2_001n, old), wait_until: 'NONE' })).json['error']).toMatchObject({
      data: { TxExecutionError: { InvalidTxError: 'Expired' } },
    });
  });

  it('the same transaction twice is answered idempotently', async () => {
    const tx = signedTransfer(3_000n, node.chain.head.hash);
    const first = await call('send_tx', { signed_tx_base64: tx, wait_until: 'EXECUTED_OPTIMISTIC' });
    const second = await call('send_tx', { signed_tx_base64: tx, wait_until: 'EXECUTED_OPTIMISTIC' });
    expect((second.json['result'] as { transaction_outcome: { id: string } }).transaction_outcome.id).toBe(
      (first.json['result'] as { transaction_outcome: { id: string } }).transaction_outcome.id,
    );
  });

  it('wait_until NONE returns at once; tx then follows the transaction to its final outcome', async () => {
    const tx = signedTransfer(4_000n, node.chain.head.hash);
    const sent = await call('send_tx', { signed_tx_base64: tx, wait_until: 'NONE' });
    expect(sent.json['result']).toEqual({ final_execution_status: 'NONE' });
    const hash = base58(sha256(Buffer.from(tx, 'base64').subarray(0, -65)));
    const status = await call('tx', { tx_hash: hash, sender_account_id: 'test.near', wait_until: 'FINAL' });
    expect(status.json['result']).toMatchObject({ final_execution_status: 'FINAL', status: { SuccessValue: '' }, transaction_outcome: { id: hash } });
  });

  it('the node keeps serving after errors, and refuses requests while shutting down with a clear error', async () => {
    expect((await call('status', [])).json['result']).toMatchObject({ chain_id: 'sandbox' });
    const other = new EmbeddedNode();
    const { url: otherUrl } = await other.listen(0);
    const closing = other.close();
    await closing;
    await expect(fetch(otherUrl, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('a port already in use gives a clear message', async () => {
    const port = Number(new URL(url).port);
    await expect(new EmbeddedNode().listen(port)).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
  });
});
