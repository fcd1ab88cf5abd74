/**
 * Answers that take several receipts, on the embedded runtime, seen from the contract
 * that called the mock (its callback's promise result) and from the blocks they ran in.
 */
import { describe, expect, it } from 'vitest';
import { accountId, continuation, CURRENT_ACCOUNT, delayed, forwarded, MOCK_CONTINUE, op, PREDECESSOR, reentrant } from '../index.js';
import { PROMISE_FAILED } from './caller.js';
import { CALLER, failureText, MOCK, MockChain, NEAR, OTHER, ran, ranOnce, successText } from './fixture.js';

describe('delayed(blocks, program)', () => {
  for (const blocks of [0, 1, 3, 8]) {
    it(`answers ${blocks} block(s) later than the mock would`, () => {
      const t = new MockChain().answer(MOCK, 'swap', delayed(blocks, [op.return('"late"')]));
      const result = t.viaCaller(MOCK, 'swap');
      expect(successText(result)).toBe('"late"');
      const asked = ranOnce(result, MOCK, 'swap').blockHeight;
      const hops = ran(result, MOCK, MOCK_CONTINUE).map((o) => o.blockHeight);
      expect(hops).toEqual(Array.from({ length: blocks }, (_, i) => asked + i + 1));
      // Without a delay the callback runs the block after the mock answered.
      expect(ranOnce(result, CALLER, 'on_result').blockHeight).toBe(asked + blocks + 1);
    });
  }

  it('delays a failure: the callback sees it, blocks later', () => {
    const t = new MockChain().answer(MOCK, 'swap', delayed(2, [op.panic('too late')]));
    const result = t.viaCaller(MOCK, 'swap');
    expect(successText(result)).toBe(PROMISE_FAILED);
    expect(failureText(result)).toBe('Smart contract panicked: too late');
    const asked = ranOnce(result, MOCK, 'swap').blockHeight;
    expect(ranOnce(result, CALLER, 'on_result')).toMatchObject({ blockHeight: asked + 3, promiseResults: ['Failed'] });
  });

  it('keeps part of the deposit at once and answers later', () => {
    const t = new MockChain().answer(MOCK, 'swap', [op.transfer(PREDECESSOR, 4n * NEAR), ...delayed(2, [op.return('"kept 6"')])]);
    const before = t.balance(MOCK);
    const result = t.viaCaller(MOCK, 'swap', { deposit: 10n * NEAR });
    t.settle();
    expect(successText(result)).toBe('"kept 6"');
    expect(t.balance(MOCK) - before - t.rewards(MOCK)).toBe(6n * NEAR);
  });

  it('refuses a delayed program that names PREDECESSOR (in mock_continue that is the mock itself)', () => {
    expect(() => delayed(1, [op.transfer(PREDECESSOR, 1n)])).toThrow(
      'op 0 (transfer) names PREDECESSOR, but a continuation runs in mock_continue, whose predecessor is the mock itself: name the account by id',
    );
    expect(() => delayed(1, [op.transfer(accountId(CALLER), 1n), op.end()])).not.toThrow();
  });

  it('refuses a negative or fractional delay', () => {
    expect(() => delayed(-1, [])).toThrow(RangeError);
    expect(() => delayed(1.5, [])).toThrow(RangeError);
  });
});

describe('reentrant(call, program)', () => {
  it('calls back into the calling contract, which completes before the mock answers', () => {
    const t = new MockChain().answer(MOCK, 'swap', reentrant({ account: accountId(CALLER), method: 'poke' }, [op.return('"after poke"')]));
    const result = t.viaCaller(MOCK, 'swap');
    expect(successText(result)).toBe('"after poke"');
    const asked = ranOnce(result, MOCK, 'swap');
    const poke = ranOnce(result, CALLER, 'poke');
    const answer = ranOnce(result, MOCK, MOCK_CONTINUE);
    const callback = ranOnce(result, CALLER, 'on_result');
    expect(poke).toMatchObject({ blockHeight: asked.blockHeight + 1, predecessorId: MOCK, logs: ['poked'] });
    expect(answer.blockHeight).toBeGreaterThan(poke.blockHeight);
    expect(callback.blockHeight).toBeGreaterThan(answer.blockHeight);
  });

  it('answers even when the re-entrant call fails', () => {
    const t = new MockChain().answer(MOCK, 'swap', reentrant({ account: accountId(CALLER), method: 'no_such_method' }, [op.return('"answered anyway"')]));
    const result = t.viaCaller(MOCK, 'swap');
    expect(successText(result)).toBe('"answered anyway"');
    expect(ranOnce(result, MOCK, MOCK_CONTINUE).promiseResults).toEqual(['Failed']);
  });

  it('passes a deposit and args to the re-entrant call', () => {
    const t = new MockChain().answer(MOCK, 'swap', reentrant({ account: accountId(CALLER), method: 'poke', args: '{"x":1}', deposit: 1n * NEAR }, [op.end()]));
    const result = t.viaCaller(MOCK, 'swap', { deposit: 2n * NEAR });
    const poke = ranOnce(result, CALLER, 'poke').receipt!.actions[0]!;
    expect(poke).toMatchObject({ type: 'FunctionCall', deposit: 1n * NEAR, args: new TextEncoder().encode('{"x":1}') });
  });
});

describe('forwarded(call)', () => {
  it('answers with another contract\'s result', () => {
    const t = new MockChain().answer(OTHER, 'price', [op.return('"42"')]).answer(MOCK, 'swap', forwarded({ account: accountId(OTHER), method: 'price' }));
    const result = t.viaCaller(MOCK, 'swap');
    expect(successText(result)).toBe('"42"');
    expect(ranOnce(result, OTHER, 'price').predecessorId).toBe(MOCK);
  });

  it('answers with another contract\'s failure', () => {
    const t = new MockChain().answer(OTHER, 'price', [op.panic('oracle down')]).answer(MOCK, 'swap', forwarded({ account: accountId(OTHER), method: 'price' }));
    const result = t.viaCaller(MOCK, 'swap');
    expect(successText(result)).toBe(PROMISE_FAILED);
    expect(failureText(result)).toBe('Smart contract panicked: oracle down');
  });

  it('composes with a delay: the other contract is asked two blocks later', () => {
    const t = new MockChain().answer(OTHER, 'price', [op.return('"7"')]).answer(MOCK, 'swap', delayed(2, forwarded({ account: accountId(OTHER), method: 'price' })));
    const result = t.viaCaller(MOCK, 'swap');
    expect(successText(result)).toBe('"7"');
    expect(ranOnce(result, OTHER, 'price').blockHeight).toBe(ranOnce(result, MOCK, 'swap').blockHeight + 3);
  });
});

describe('continuation(program)', () => {
  it('is a call to the mock\'s own mock_continue with no deposit and all the spare gas', () => {
    expect(continuation([op.end()])).toEqual({ account: CURRENT_ACCOUNT, method: MOCK_CONTINUE, args: Uint8Array.of(1, 0x0a), deposit: 0n, gas: 0n, weight: 1n });
  });
});
