/**
 * Parameters of the wrong type or out of range get nearcore's PARSE_ERROR ("Failed parsing
 * args: …") whose text names the parameter and what it takes, for every method; never a JavaScript error from inside the node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedNode } from '../index.js';
import { call } from './json-rpc-client.js';

let node: EmbeddedNode;
let url: string;

beforeAll(async () => {
  node = new EmbeddedNode();
  url = (await node.listen(0)).url;
});
afterAll(async () => {
  await node.close();
});

const BLOCK_ID = 'expected a block height (a non-negative integer) or a block hash (base58 of 32 bytes)';
const FINALITY = 'expected one of "optimistic", "near-final", "final"';
const ACCOUNT_ID = 'expected a NEAR account id';

/** [method, params, the text's start]. */
const cases: [string, unknown, string][] = [
  ['block', { finality: 'soon' }, `params.finality: ${FINALITY}`],
  ['block', { block_id: { height: 5 } }, `params.block_id: ${BLOCK_ID}`],
  ['block', { block_id: -1 }, `params.block_id: ${BLOCK_ID}`],
  ['block', { block_id: 'not a hash' }, `params.block_id: ${BLOCK_ID}`],
  ['query', null, 'params: expected an object {request_type, account_id, finality | block_id, …}'],
  ['query', { request_type: 'teleport', account_id: 'test.near' }, 'params.request_type: expected one of "view_account", "view_access_key"'],
  ['query', { account_id: 'test.near', finality: 'final' }, 'params.request_type: missing; expected one of "view_account"'],
  ['query', { request_type: 'view_account', account_id: 42, finality: 'final' }, `params.account_id: ${ACCOUNT_ID}`],
  ['query', { request_type: 'view_account', account_id: 'Not An Account', finality: 'final' }, `params.account_id: ${ACCOUNT_ID}`],
  ['query', { request_type: 'view_account', account_id: 'test.near', finality: 7 }, `params.finality: ${FINALITY}`],
  ['query', { request_type: 'view_access_key', account_id: 'test.near', finality: 'final' }, 'params.public_key: missing; expected a public key'],
  ['query', { request_type: 'view_access_key', account_id: 'test.near', public_key: 'ed25519:xyz', finality: 'final' }, 'params.public_key: expected a public key'],
  ['query', { request_type: 'call_function', account_id: 'test.near', method_name: ['get'], finality: 'final' }, 'params.method_name: expected a method name'],
  ['query', { request_type: 'call_function', account_id: 'test.near', method_name: 'get', args_base64: '{}', finality: 'final' }, 'params.args_base64: expected the arguments (base64)'],
  ['send_tx', { signed_tx_base64: 12345 }, 'params.signed_tx_base64: expected a signed transaction (borsh, base64)'],
  ['send_tx', { signed_tx_base64: 'AAAA', wait_until: 'SOON' }, 'params.wait_until: expected one of "NONE", "INCLUDED", "EXECUTED_OPTIMISTIC"'],
  ['broadcast_tx_commit', [null], 'params.signed_tx_base64: expected a signed transaction'],
  ['broadcast_tx_async', 'AAAA', 'params: expected {signed_tx_base64, wait_until} or [signed_tx_base64]'],
  ['tx', { tx_hash: 'abc', sender_account_id: 'test.near' }, 'params.tx_hash: expected a transaction hash (base58 of 32 bytes)'],
  ['EXPERIMENTAL_tx_status', { tx_hash: '11111111111111111111111111111111', sender_account_id: {} }, `params.sender_account_id: ${ACCOUNT_ID}`],
  ['EXPERIMENTAL_protocol_config', { finality: true }, `params.finality: ${FINALITY}`],
  ['gas_price', [{}], `params.block_id: ${BLOCK_ID}`],
  ['sandbox_patch_state', { records: {} }, 'params.records: expected an array of state records'],
  ['sandbox_patch_state', { records: [{ Account: { account_id: 'lots.test.near', account: { amount: 'lots', locked: '0' } } }] }, 'params.records[0].Account.account.amount: expected a balance in yoctoNEAR: a decimal string'],
  [
    'sandbox_patch_state',
    { records: [{ AccessKey: { account_id: 'test.near', public_key: 'ed25519:11111111111111111111111111111111', access_key: { nonce: 'lots', permission: 'FullAccess' } } }] },
    'params.records[0].AccessKey.access_key.nonce: expected a nonce: a decimal string or non-negative integer below 2^64',
  ],
  ['sandbox_patch_state', { records: [{ Data: { account_id: 'test.near', data_key: 5, value: 'AA==' } }] }, 'params.records[0].Data.data_key: expected a storage key (base64)'],
  ['sandbox_patch_state', { records: [{ PostponedReceipt: {} }] }, 'params.records[0]: expected a state record with exactly one of Account, AccessKey, Contract, Data'],
  ['sandbox_fast_forward', { delta_height: 'ten' }, 'params.delta_height: expected a non-negative integer'],
  ['sandbox_fast_forward', { delta_height: 1.5 }, 'params.delta_height: expected a non-negative integer'],
  ['sandbox_fast_forward', { delta_height: -3 }, 'params.delta_height: expected a non-negative integer'],
  ['sandbox_fast_forward', {}, 'params.delta_height: missing; expected a non-negative integer'],
];

describe('wrong parameters: nearcore\'s PARSE_ERROR "Failed parsing args: …", naming each parameter', () => {
  it.each(cases)('%s %j: "%s…"', async (method, params, text) => {
    const { error } = await call(url, method, params);
    expect(error).toMatchObject({ name: 'REQUEST_VALIDATION_ERROR', code: -32700, message: 'Parse error', cause: { name: 'PARSE_ERROR' } });
    expect(error?.data).toEqual(expect.stringMatching(/^Failed parsing args: /));
    expect(error?.data).toEqual(expect.stringContaining(text));
    expect(error?.cause.info['error_message']).toBe(error?.data);
  });

  it('a bad parameter changes nothing: a patch with one bad record applies none of them', async () => {
    const good = { Account: { account_id: 'good.test.near', account: { amount: '5', locked: '0' } } };
    const bad = { Account: { account_id: 'bad.test.near', account: { amount: 'lots', locked: '0' } } };
    expect((await call(url, 'sandbox_patch_state', { records: [good, bad] })).error?.cause.name).toBe('PARSE_ERROR');
    expect(node.chain.state.has('good.test.near')).toBe(false);
  });

  it('several problems are listed, each with its parameter', async () => {
    const { error } = await call(url, 'query', { request_type: 'view_access_key', account_id: 'X', public_key: 5, finality: 'soon' });
    expect(error?.data).toEqual(expect.stringContaining(`params.account_id: ${ACCOUNT_ID}`));
    expect(error?.data).toEqual(expect.stringContaining('params.public_key: expected a public key'));
    expect(error?.data).toEqual(expect.stringContaining(`params.finality: ${FINALITY}`));
  });

  it('unknown fields are ignored, as nearcore ignores them (near-workspaces sends a stray account_id); known ones are still checked', async () => {
    expect(await call(url, 'sandbox_patch_state', { records: [], account_id: 'test.near' })).toMatchObject({ result: {} });
    const { error } = await call(url, 'sandbox_patch_state', { records: 'none', account_id: 'test.near' });
    expect(error).toMatchObject({ cause: { name: 'PARSE_ERROR' }, data: 'Failed parsing args: params.records: expected an array of state records' });
  });
});
