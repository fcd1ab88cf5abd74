/** The answer program format (program-format.md) as encodeAnswer writes it, and what it refuses. */
import { describe, expect, it } from 'vitest';
import { accountId, answerKey, ANY_METHOD, AnswerProgramError, CURRENT_ACCOUNT, encodeAnswer, MAX_PROGRAM_BYTES, op, PREDECESSOR, SIGNER } from '../index.js';

const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
const text = (s: string) => [...u32(s.length), ...new TextEncoder().encode(s)];
const uint = (value: bigint, width: number) => Array.from({ length: width }, (_, i) => Number((value >> BigInt(8 * i)) & 0xffn));

describe('encodeAnswer', () => {
  it('writes the format version, then each op: its code and operands, little-endian', () => {
    expect([...encodeAnswer([])]).toEqual([1]);
    expect([...encodeAnswer([op.return('ok')])]).toEqual([1, 0x01, ...text('ok')]);
    expect([...encodeAnswer([op.returnJson({ a: 1 })])]).toEqual([1, 0x01, ...text('{"a":1}')]);
    expect([...encodeAnswer([op.panic('no')])]).toEqual([1, 0x02, ...text('no')]);
    expect([...encodeAnswer([op.trap()])]).toEqual([1, 0x03]);
    expect([...encodeAnswer([op.burnGas()])]).toEqual([1, 0x04]);
    expect([...encodeAnswer([op.log('hi'), op.end()])]).toEqual([1, 0x09, ...text('hi'), 0x0a]);
  });

  it('writes accounts as a kind byte, with the id only for a literal one', () => {
    const amount = 10n ** 24n + 5n;
    expect([...encodeAnswer([op.transfer(accountId('bob.near'), amount)])]).toEqual([1, 0x05, 0x00, ...text('bob.near'), ...uint(amount, 16)]);
    expect([...encodeAnswer([op.transfer(PREDECESSOR, 1n)])]).toEqual([1, 0x05, 0x01, ...uint(1n, 16)]);
    expect([...encodeAnswer([op.transfer(CURRENT_ACCOUNT, 1n)])]).toEqual([1, 0x05, 0x02, ...uint(1n, 16)]);
    expect([...encodeAnswer([op.transfer(SIGNER, 1n)])]).toEqual([1, 0x05, 0x03, ...uint(1n, 16)]);
  });

  it('writes calls as account, method, args, deposit (u128), gas (u64), weight (u64)', () => {
    const call = { account: accountId('pool.near'), method: 'stake', args: '{}', deposit: 3n, gas: 5n * 10n ** 12n, weight: 2n };
    const operands = [0x00, ...text('pool.near'), ...text('stake'), ...text('{}'), ...uint(3n, 16), ...uint(5n * 10n ** 12n, 8), ...uint(2n, 8)];
    expect([...encodeAnswer([op.call(call), op.thenCall(call), op.returnPromise()])]).toEqual([1, 0x06, ...operands, 0x07, ...operands, 0x08]);
  });

  it('defaults a call to no args, no deposit, no static gas and weight 1', () => {
    expect([...encodeAnswer([op.call({ account: SIGNER, method: 'm' })])]).toEqual([1, 0x06, 0x03, ...text('m'), ...text(''), ...uint(0n, 16), ...uint(0n, 8), ...uint(1n, 8)]);
  });

  it('refuses an op after one that ends the program', () => {
    expect(() => encodeAnswer([op.return('1'), op.log('never')])).toThrow('answer program op 1 (log): follows "return", which ends the program');
    expect(() => encodeAnswer([op.burnGas(), op.end()])).toThrow('answer program op 1 (end): follows "burn_gas", which ends the program');
  });

  it('refuses THEN_CALL and RETURN_PROMISE with no earlier call', () => {
    expect(() => encodeAnswer([op.thenCall({ account: SIGNER, method: 'm' })])).toThrow('answer program op 0 (then_call): needs an earlier call to follow');
    expect(() => encodeAnswer([op.transfer(SIGNER, 1n), op.returnPromise()])).toThrow('answer program op 1 (return_promise): needs an earlier call whose result to return');
  });

  it('refuses invalid account ids, empty method names, and amounts or gas out of range', () => {
    expect(() => encodeAnswer([op.transfer(accountId('Not An Id'), 1n)])).toThrow('answer program op 0 (transfer): "Not An Id" is not a valid account id');
    expect(() => encodeAnswer([op.call({ account: SIGNER, method: '' })])).toThrow('answer program op 0 (call): the method name is empty');
    expect(() => encodeAnswer([op.transfer(SIGNER, 1n << 128n)])).toThrow(`answer program op 0 (transfer): amount ${1n << 128n} is not a u128`);
    expect(() => encodeAnswer([op.transfer(SIGNER, -1n)])).toThrow('answer program op 0 (transfer): amount -1 is not a u128');
    expect(() => encodeAnswer([op.call({ account: SIGNER, method: 'm', gas: 1n << 64n })])).toThrow(`answer program op 0 (call): gas ${1n << 64n} is not a u64`);
  });

  it('refuses a program larger than the mock\'s memory holds, naming its size and the limit', () => {
    const fits = new Uint8Array(MAX_PROGRAM_BYTES - 6);
    expect(encodeAnswer([op.return(fits)])).toHaveLength(MAX_PROGRAM_BYTES);
    const tooLarge = () => encodeAnswer([op.return(new Uint8Array(MAX_PROGRAM_BYTES - 5))]);
    expect(tooLarge).toThrow(AnswerProgramError);
    expect(tooLarge).toThrow(`answer program is ${MAX_PROGRAM_BYTES + 1} bytes; the mock's memory holds programs of at most ${MAX_PROGRAM_BYTES} bytes`);
  });
});

describe('answerKey', () => {
  const key = (method: string, signer?: string) => new TextDecoder().decode(answerKey(method, signer));

  it('names the program for a method, for a method and signer, or for every method', () => {
    expect(key('swap')).toBe('a:swap');
    expect(key('swap', 'alice.near')).toBe('a:swap@alice.near');
    expect(key(ANY_METHOD)).toBe('a:*');
  });

  it('refuses what the mock never looks up', () => {
    expect(() => key(ANY_METHOD, 'alice.near')).toThrow('the "*" program applies to every signer');
    expect(() => key('bad@name')).toThrow('"bad@name" is not a method name a mock can export');
    expect(() => key('swap', 'Alice')).toThrow('"Alice" is not a valid account id');
  });
});
