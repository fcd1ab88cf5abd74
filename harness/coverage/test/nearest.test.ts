/** "Did you mean …?": the edit distance and the nearest name. */
import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from '../index.js';

describe('edit distance', () => {
  it('counts the fewest insertions, deletions and substitutions', () => {
    expect(editDistance('deposit_and_stake', 'deposit_and_stake')).toBe(0);
    expect(editDistance('deposit_and_stak', 'deposit_and_stake')).toBe(1);
    expect(editDistance('ft_transfr', 'ft_transfer')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('nearest', () => {
  it('picks the closest candidate, the first in sorted order on a tie, and none from none', () => {
    expect(nearest('pool.test.near.deposit_and_stak', ['pool.test.near.storage_deposit', 'pool.test.near.deposit_and_stake'])).toBe('pool.test.near.deposit_and_stake');
    expect(nearest('ab', ['bb', 'aa'])).toBe('aa');
    expect(nearest('anything', [])).toBeUndefined();
  });
});
