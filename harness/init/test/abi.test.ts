/**
 * The ABI near-sdk-rs embeds: `__contract_abi` returns it as a zstd frame. Decoded, checked,
 * and turned into placeholder arguments (to run a method once) and arbitraries (to write).
 */
import { describe, expect, it } from 'vitest';
import { abiParams, arbitrarySource, decodeAbi, placeholderArgs, type ContractAbi } from '../abi.js';
import { ABI_JSON, ABI_ZSTD, zstdStoredFrame } from './contracts.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const fn = (abi: ContractAbi, name: string) => abi.functions.find((f) => f.name === name)!;

describe('reading an embedded ABI', () => {
  it('decompresses a real zstd frame (made once with the zstd CLI) and reads kinds, modifiers and parameters', () => {
    const abi = decodeAbi(ABI_ZSTD);
    expect(abi.schemaVersion).toBe('0.4.0');
    expect(abi.functions.map((f) => [f.name, f.kind, f.modifiers ?? []])).toEqual([
      ['new', 'call', ['init']],
      ['ping', 'call', ['payable']],
      ['on_price', 'call', ['private']],
      ['get_greeting', 'view', []],
    ]);
    expect(Object.keys(abi.definitions)).toEqual(['AccountId', 'U128']);
  });

  it('reads the same ABI from a frame of stored blocks, as from the compressed one', () => {
    expect(decodeAbi(zstdStoredFrame(bytes(ABI_JSON)))).toEqual(decodeAbi(ABI_ZSTD));
  });

  it('refuses bytes that are not a zstd frame, that are not JSON, or that are not a NEAR ABI, saying which', () => {
    expect(() => decodeAbi(bytes(ABI_JSON))).toThrow(/__contract_abi returned \d+ bytes that are not a zstd frame \(near-sdk-rs embeds the ABI zstd-compressed\)/);
    expect(() => decodeAbi(zstdStoredFrame(bytes('{"schema_version": ')))).toThrow(/the ABI __contract_abi returned is not JSON/);
    const pure = JSON.parse(ABI_JSON) as { body: { functions: { kind: string }[] } };
    pure.body.functions[1]!.kind = 'pure';
    expect(() => decodeAbi(zstdStoredFrame(bytes(JSON.stringify(pure))))).toThrow(/is not a NEAR ABI .*body\.functions\.1\.kind/);
  });
});

describe('an ABI function\'s parameters', () => {
  const abi = decodeAbi(ABI_ZSTD);

  it('are typed from their JSON schemas: AccountId an account, U128 an amount, integers with their bounds, Option<T> as T', () => {
    expect(abiParams(fn(abi, 'ping'), abi)).toEqual([
      { name: 'amount', type: { kind: 'amount' } },
      { name: 'times', type: { kind: 'integer', min: 0, max: 1_000_000 } },
      { name: 'memo', type: { kind: 'string' } },
    ]);
    expect(abiParams(fn(abi, 'new'), abi)).toEqual([{ name: 'oracle_id', type: { kind: 'account' } }]);
    expect(abiParams(fn(abi, 'on_price'), abi)).toEqual([]);
  });

  it('give placeholder arguments to run the method with: an account named after the parameter, amount "1"', () => {
    expect(placeholderArgs(abiParams(fn(abi, 'new'), abi))).toEqual({ oracle_id: 'oracle.test.near' });
    expect(placeholderArgs(abiParams(fn(abi, 'ping'), abi))).toEqual({ amount: '1', times: 1, memo: '' });
  });

  it('give fast-check arbitraries as source: amountText() for U128, fc.integer within bounds, fc.string()', () => {
    expect(abiParams(fn(abi, 'ping'), abi).map((p) => arbitrarySource(p.type, p.name))).toEqual(['amountText()', 'fc.integer({ min: 0, max: 1000000 })', 'fc.string()']);
    expect(arbitrarySource({ kind: 'array', items: { kind: 'account' } }, 'pools')).toBe("fc.array(fc.constant(\"pool.test.near\"), { maxLength: 3 })");
  });
});
