/**
 * u128 values cross the wasm boundary intact in both directions: host -> contract
 * (attached_deposit, account_balance: u128 written to guest memory, turned into a JS
 * BigInt by near-sdk-js's glue) and contract -> host (a BigInt deposit attached to a
 * promise). The values with bit 63 of a half set (2^63+1, 2^127+2^64) were corrupted by
 * QuickJS's libbf bf_set_ui on 32-bit limbs before our fix.
 */
import { describe, expect, it } from 'vitest';
import { OneContract } from './one-contract.js';

const VALUES = [
  0n,
  2n ** 32n - 1n,
  2n ** 63n + 1n,
  2n ** 64n + 5n,
  10n ** 24n + 2n ** 64n + 7n,
  2n ** 127n + 2n ** 64n,
  2n ** 128n - 1n,
];

describe.each(VALUES)('u128 %s', (value) => {
  it('arrives in the contract as the attached deposit', () => {
    const mock = new OneContract('mock.test.near', 'mocks/build/mock.wasm');
    const context = mock.call('mock_context', { deposit: value, balance: 0n }).json<{ attached_deposit: string; balance: string }>();
    expect(context.attached_deposit).toBe(value.toString());
    // account_balance includes the attached deposit during the call.
    expect(context.balance).toBe(value.toString());
  });

  it('arrives in the contract as the account balance', () => {
    const mock = new OneContract('mock.test.near', 'mocks/build/mock.wasm');
    expect(mock.call('mock_context', { balance: value }).json<{ balance: string }>().balance).toBe(value.toString());
  });

  it('leaves the contract as a deposit attached to a promise', () => {
    const mock = new OneContract('mock.test.near', 'mocks/build/mock.wasm');
    const result = mock.call('mock_relay', {
      args: { receiver_id: 'vault.test.near', method: 'deposit', gas: '30000000000000' },
      deposit: value,
      balance: 0n,
    });
    expect(result.errorText).toBeUndefined();
    const [receipt] = result.newReceipts;
    expect(receipt?.receiverId).toBe('vault.test.near');
    expect(receipt?.actions).toEqual([{ type: 'FunctionCall', methodName: 'deposit', args: new TextEncoder().encode('{}'), gas: 30_000_000_000_000n, deposit: value }]);
  });
});
