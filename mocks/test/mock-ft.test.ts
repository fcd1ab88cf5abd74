/**
 * The mock fungible token: NEP-141 transfers and NEP-145 registration, with
 * near-contract-standards' error texts. Transfers to unregistered accounts fail.
 */
import { describe, expect, it } from 'vitest';
import { failed, OneContract, succeeded } from '../../harness/runtime/test/index.js';

const TOKEN = 'token.test.near';
const MIN_STORAGE = 1_250_000_000_000_000_000_000n;

function newToken(): OneContract {
  const token = new OneContract(TOKEN, 'mocks/build/mock-ft.wasm');
  expect(token.call('init', { args: { owner_id: 'owner.test.near', total_supply: '1000' } }).errorText).toBeUndefined();
  return token;
}

function register(token: OneContract, accountId: string): void {
  expect(token.call('storage_deposit', { args: { account_id: accountId }, deposit: MIN_STORAGE, predecessor: accountId }).errorText).toBeUndefined();
}

describe('mock fungible token', () => {
  it('gives the whole supply to the owner', () => {
    const token = newToken();
    expect(token.view('ft_total_supply')).toBe('1000');
    expect(token.view('ft_balance_of', { account_id: 'owner.test.near' })).toBe('1000');
  });

  it('fails ft_transfer to an account that never registered storage (NEP-145)', () => {
    const token = newToken();
    const result = token.call('ft_transfer', { args: { receiver_id: 'bob.test.near', amount: '10' }, deposit: 1n, predecessor: 'owner.test.near' });
    expect(result.errorText).toMatch(/^Smart contract panicked: The account bob\.test\.near is not registered/);
  });

  it('moves tokens to a registered account, with exactly 1 yoctoNEAR attached', () => {
    const token = newToken();
    register(token, 'bob.test.near');
    const noYocto = token.call('ft_transfer', { args: { receiver_id: 'bob.test.near', amount: '10' }, predecessor: 'owner.test.near' });
    expect(noYocto.errorText).toMatch(/Requires attached deposit of exactly 1 yoctoNEAR/);
    token.call('ft_transfer', { args: { receiver_id: 'bob.test.near', amount: '10' }, deposit: 1n, predecessor: 'owner.test.near' });
    expect(token.view('ft_balance_of', { account_id: 'bob.test.near' })).toBe('10');
    expect(token.view('ft_balance_of', { account_id: 'owner.test.near' })).toBe('990');
  });

  it('refuses overdrafts, self-transfers and non-positive amounts with the standard texts', () => {
    const token = newToken();
    register(token, 'bob.test.near');
    const send = (args: object, from = 'owner.test.near') => token.call('ft_transfer', { args, deposit: 1n, predecessor: from }).errorText;
    expect(send({ receiver_id: 'owner.test.near', amount: '1' }, 'bob.test.near')).toMatch(/The account doesn't have enough balance/);
    expect(send({ receiver_id: 'owner.test.near', amount: '1' })).toMatch(/Sender and receiver should be different/);
    expect(send({ receiver_id: 'bob.test.near', amount: '0' })).toMatch(/The amount should be a positive number/);
  });

  it('registers storage once, refunding the excess and any repeat deposit', () => {
    const token = newToken();
    const first = token.call('storage_deposit', { args: {}, deposit: MIN_STORAGE + 5n, predecessor: 'bob.test.near' });
    expect(first.newReceipts).toEqual([{ receiverId: 'bob.test.near', actions: [{ type: 'Transfer', deposit: 5n }], inputReceipts: [], gasWeights: new Map() }]);
    expect(token.view('storage_balance_of', { account_id: 'bob.test.near' })).toEqual({ total: MIN_STORAGE.toString(), available: '0' });
    const again = token.call('storage_deposit', { args: {}, deposit: MIN_STORAGE, predecessor: 'bob.test.near' });
    expect(again.newReceipts[0]?.actions).toEqual([{ type: 'Transfer', deposit: MIN_STORAGE }]);
    const tooLittle = token.call('storage_deposit', { args: {}, deposit: 1n, predecessor: 'carol.test.near' });
    expect(tooLittle.errorText).toMatch(/less than the minimum storage balance/);
  });

  it('ft_transfer_call calls ft_on_transfer, then resolves through a private callback', () => {
    const token = newToken();
    register(token, 'vault.test.near');
    const result = token.call('ft_transfer_call', { args: { receiver_id: 'vault.test.near', amount: '100', msg: '' }, deposit: 1n, predecessor: 'owner.test.near' });
    expect(result.newReceipts.map((r) => [r.receiverId, r.actions[0]?.type === 'FunctionCall' ? r.actions[0].methodName : '', r.inputReceipts])).toEqual([
      ['vault.test.near', 'ft_on_transfer', []],
      [TOKEN, 'ft_resolve_transfer', [0]],
    ]);
    expect(token.call('ft_resolve_transfer', { args: { sender_id: 'owner.test.near', receiver_id: 'vault.test.near', amount: '100' } }).errorText).toMatch(
      /Function is private/,
    );
  });

  it('ft_resolve_transfer keeps what the receiver used and refunds the rest, or everything if it failed', () => {
    const token = newToken();
    register(token, 'vault.test.near');
    token.call('ft_transfer_call', { args: { receiver_id: 'vault.test.near', amount: '100', msg: '' }, deposit: 1n, predecessor: 'owner.test.near' });
    const resolve = (result: Parameters<OneContract['call']>[1]) =>
      token.call('ft_resolve_transfer', { args: { sender_id: 'owner.test.near', receiver_id: 'vault.test.near', amount: '50' }, predecessor: TOKEN, ...result });
    expect(resolve({ promiseResults: [succeeded('20')] }).json()).toBe('30');
    expect(token.view('ft_balance_of', { account_id: 'vault.test.near' })).toBe('80');
    expect(resolve({ promiseResults: [failed] }).json()).toBe('0');
    expect(token.view('ft_balance_of', { account_id: 'vault.test.near' })).toBe('30');
    expect(token.view('ft_balance_of', { account_id: 'owner.test.near' })).toBe('970');
  });

  it('ft_resolve_transfer treats an answer that is not a U128 string as "refund everything" (NEP-141)', () => {
    const token = newToken();
    register(token, 'vault.test.near');
    token.call('ft_transfer_call', { args: { receiver_id: 'vault.test.near', amount: '100', msg: '' }, deposit: 1n, predecessor: 'owner.test.near' });
    const resolve = (answer: unknown) =>
      token.call('ft_resolve_transfer', { args: { sender_id: 'owner.test.near', receiver_id: 'vault.test.near', amount: '10' }, predecessor: TOKEN, promiseResults: [succeeded(answer)] });
    expect(resolve(7).json()).toBe('0');
    expect(resolve('0x5').json()).toBe('0');
    expect(token.view('ft_balance_of', { account_id: 'vault.test.near' })).toBe('80');
  });

  it('ft_resolve_transfer burns the refund when the sender has unregistered since, and counts it as used (near-contract-standards)', () => {
    const token = newToken();
    register(token, 'vault.test.near');
    register(token, 'carol.test.near');
    token.call('ft_transfer', { args: { receiver_id: 'carol.test.near', amount: '40' }, deposit: 1n, predecessor: 'owner.test.near' });
    token.call('ft_transfer_call', { args: { receiver_id: 'vault.test.near', amount: '40', msg: '' }, deposit: 1n, predecessor: 'carol.test.near' });
    expect(token.call('storage_unregister', { args: {}, deposit: 1n, predecessor: 'carol.test.near' }).json()).toBe(true);
    const supply = BigInt(token.view('ft_total_supply', {}) as string);
    const result = token.call('ft_resolve_transfer', { args: { sender_id: 'carol.test.near', receiver_id: 'vault.test.near', amount: '40' }, predecessor: TOKEN, promiseResults: [succeeded('15')] });
    expect(result.json()).toBe('40');
    expect(token.view('ft_balance_of', { account_id: 'vault.test.near' })).toBe('25');
    expect(BigInt(token.view('ft_total_supply', {}) as string)).toBe(supply - 15n);
  });
});
