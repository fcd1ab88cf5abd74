/**
 * The files of a sandbox home come from other programs (neard, near-sandbox 0.3.x, a user's
 * edits): each is checked by a schema, and a wrong one is refused naming the file, every
 * field wrong, what it must be and what it holds, instead of a JavaScript error later.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { configSchema, genesisSchema, parseHomeFile, validatorKeySchema, type JsonObject } from '../home-files.js';
import { initHome } from '../sandbox-home.js';
import { SandboxUsageError } from '../sandbox-usage-error.js';

mkdirSync(join(PACKAGE_ROOT, '.build'), { recursive: true });
const home = mkdtempSync(join(PACKAGE_ROOT, '.build', 'home-files-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const ACCOUNT = { Account: { account_id: 'test.near', account: { amount: '10', locked: '0' } } };
const genesis = (fields: JsonObject): JsonObject => ({ total_supply: '10', records: [ACCOUNT], ...fields });
const accessKey = (access_key: unknown) => ({ AccessKey: { account_id: 'test.near', public_key: 'ed25519:x', access_key } });

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SandboxUsageError) return error.message;
    throw error;
  }
  throw new Error('the file was accepted');
}

const STATE_RECORD = 'a state record {"Account" | "AccessKey" | "Contract" | "Data": {...}}';
const U128 = 'a non-negative integer below 2^128 (a decimal string)';

describe('genesis.json', () => {
  it('reads what `init` writes: its records, as the runtime takes them', () => {
    initHome(home, true);
    const read = parseHomeFile(join(home, 'genesis.json'), genesisSchema);
    expect(read.records.map((r) => r.kind)).toEqual(['Account', 'AccessKey']);
    expect(read.records[1]).toMatchObject({ kind: 'AccessKey', accountId: 'test.near', accessKey: { nonce: 0n } });
    expect(read.epoch_length).toBe(60);
  });

  it.each([
    {
      what: 'an amount that is not a number',
      json: genesis({ records: [{ Account: { account_id: 'test.near', account: { amount: 'lots' } } }] }),
      problem: `records[0].Account.account.amount must be ${U128}, got "lots"`,
    },
    { what: 'a missing total supply', json: { records: [] }, problem: `total_supply is missing (it must be ${U128})` },
    { what: 'records that are not an array', json: genesis({ records: {} }), problem: 'records must be an array of state records, got {}' },
    { what: 'a record of an unsupported kind', json: genesis({ records: [{ Validator: {} }] }), problem: 'records[0] must be a state record of a supported kind (Account, AccessKey, Contract, Data), got {"Validator":{}}' },
    { what: 'a record of two kinds at once', json: genesis({ records: [{ ...ACCOUNT, Contract: { account_id: 'test.near', code: '' } }] }), problem: `records[0] must be ${STATE_RECORD}, got {"Account":{"account_id":"test.near","account":{"amount":"10…` },
    { what: 'a record that is no object', json: genesis({ records: ['x'] }), problem: `records[0] must be ${STATE_RECORD}, got "x"` },
    {
      what: 'an invalid account id',
      json: genesis({ records: [{ Account: { account_id: 'Alice', account: { amount: '10' } } }] }),
      problem: 'records[0].Account.account_id must be a valid NEAR account id (2-64 chars of a-z, 0-9, and - _ . between them), got "Alice"',
    },
    {
      what: 'an unknown access key permission',
      json: genesis({ records: [ACCOUNT, accessKey({ nonce: 0, permission: 'Some' })] }),
      problem: 'records[1].AccessKey.access_key.permission must be "FullAccess" or {"FunctionCall": {receiver_id, allowance, method_names}}, got "Some"',
    },
    { what: 'a negative nonce', json: genesis({ records: [ACCOUNT, accessKey({ nonce: -1, permission: 'FullAccess' })] }), problem: 'records[1].AccessKey.access_key.nonce must be a non-negative integer, got -1' },
    { what: 'contract code that is not base64', json: genesis({ records: [ACCOUNT, { Contract: { account_id: 'test.near', code: '*' } }] }), problem: 'records[1].Contract.code must be base64, got "*"' },
    { what: 'a genesis time that is not RFC 3339', json: genesis({ genesis_time: 'yesterday' }), problem: 'genesis_time must be an RFC 3339 time, got "yesterday"' },
    { what: 'an epoch length that is a string', json: genesis({ epoch_length: '60' }), problem: 'epoch_length must be a non-negative integer, got "60"' },
  ])('refuses $what', ({ json, problem }) => {
    expect(refusal(() => parseHomeFile('/h/genesis.json', genesisSchema, json))).toBe(`/h/genesis.json: ${problem}`);
  });

  it('lists every problem, up to ten, then how many more', () => {
    const json = genesis({ records: Array.from({ length: 12 }, () => 'x'), total_supply: -1 });
    const lines = refusal(() => parseHomeFile('/h/genesis.json', genesisSchema, json)).split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe(`/h/genesis.json: records[0] must be ${STATE_RECORD}, got "x"`);
    expect(lines[10]).toBe('/h/genesis.json: … and 3 more');
  });
});

describe('config.json and validator_key.json', () => {
  it('refuses an RPC address that is not a string', () => {
    expect(refusal(() => parseHomeFile('/h/config.json', configSchema, { rpc: { addr: 3030 } }))).toBe('/h/config.json: rpc.addr must be a non-empty string, got 3030');
  });

  it('takes the fields it does not interpret as they are', () => {
    expect(parseHomeFile('/h/config.json', configSchema, { rpc: { addr: '0.0.0.0:3030', limits_config: {} }, store: {} }).rpc?.addr).toBe('0.0.0.0:3030');
    expect(parseHomeFile('/h/validator_key.json', validatorKeySchema, { account_id: 'sandbox', public_key: 'ed25519:a', private_key: 'ed25519:b' }).private_key).toBe('ed25519:b');
  });
});
