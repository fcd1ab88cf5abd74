/**
 * The settled state is read by projections, `quiescent`, final checks and liabilities, which
 * often ask the same view: each distinct view runs once, and every caller gets its own copy.
 */
import { describe, expect, it } from 'vitest';
import type { Json, StateView } from '../../scenario/index.js';
import { viewsOnce } from '../index.js';

function countingState(answer: (method: string) => Json): { state: StateView; calls: string[] } {
  const calls: string[] = [];
  const state: StateView = {
    height: 7,
    busy: false,
    view<T>(accountId: string, method: string, args?: Json): T {
      calls.push(`${accountId}.${method}(${JSON.stringify(args ?? null)})`);
      return answer(method) as T;
    },
    storage: () => new Map(),
    balance: () => 5n,
    netReceived: () => 0n,
    inFlightTo: () => 0n,
    storageUsage: () => 100n,
  };
  return { state, calls };
}

describe('viewsOnce', () => {
  it('runs each (account, method, args) once', () => {
    const { state, calls } = countingState(() => ({ total: '1' }));
    const once = viewsOnce(state);
    once.view('vault.test.near', 'get_totals');
    once.view('vault.test.near', 'get_totals');
    once.view('vault.test.near', 'get_account', { account_id: 'alice.test.near' });
    once.view('vault.test.near', 'get_account', { account_id: 'bob.test.near' });
    once.view('vault.test.near', 'get_account', { account_id: 'alice.test.near' });
    expect(calls).toEqual([
      'vault.test.near.get_totals(null)',
      'vault.test.near.get_account({"account_id":"alice.test.near"})',
      'vault.test.near.get_account({"account_id":"bob.test.near"})',
    ]);
  });

  it('gives every caller its own copy: one caller changing its answer cannot change another’s', () => {
    const once = viewsOnce(countingState(() => ({ balances: ['1'] })).state);
    once.view<{ balances: string[] }>('vault.test.near', 'get_totals').balances.push('2');
    expect(once.view('vault.test.near', 'get_totals')).toEqual({ balances: ['1'] });
  });

  it('throws a failed view’s error again without running it again', () => {
    const { state, calls } = countingState(() => {
      throw new Error('Smart contract panicked: no such account');
    });
    const once = viewsOnce(state);
    expect(() => once.view('vault.test.near', 'get_account')).toThrow('no such account');
    expect(() => once.view('vault.test.near', 'get_account')).toThrow('no such account');
    expect(calls).toHaveLength(1);
  });

  it('passes everything else through', () => {
    const once = viewsOnce(countingState(() => null).state);
    expect([once.height, once.busy, once.balance('a'), once.storageUsage('a')]).toEqual([7, false, 5n, 100n]);
  });
});
