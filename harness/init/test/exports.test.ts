/** A contract's methods are the wasm's exported () → () functions; anything else is refused with what to do. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractExports } from '../exports.js';
import { ABI_ZSTD, abiContract, noMethodContract } from './contracts.js';

const wasm = (name: string) => new Uint8Array(readFileSync(`contract/build/${name}.wasm`));

describe('the methods of a wasm', () => {
  it('are its exported functions that take and return nothing, in export order, without the memory', () => {
    const vault = contractExports(wasm('vault'));
    expect(vault.methods).toContain('stake');
    expect(vault.methods).toContain('on_stake');
    expect(vault.methods).toContain('get_totals');
    expect(vault.methods).not.toContain('memory');
    expect(vault.methods).toHaveLength(22);
    expect(contractExports(wasm('router')).methods).toEqual(['get_account', 'get_config', 'get_swap', 'get_totals', 'init', 'on_swap', 'swap']);
  });

  it('tell a near-sdk-js contract by the QuickJS it embeds', () => {
    expect(contractExports(wasm('desk')).nearSdkJs).toBe(true);
    expect(contractExports(abiContract(ABI_ZSTD)).nearSdkJs).toBe(false);
  });

  it('leave out __contract_abi, and say that the wasm embeds an ABI', () => {
    const found = contractExports(abiContract(ABI_ZSTD));
    expect(found.embedsAbi).toBe(true);
    expect(found.methods).toEqual(['new', 'on_price', 'get_greeting', 'ping']);
    expect(contractExports(wasm('vault')).embedsAbi).toBe(false);
  });
});

describe('a file that is not a contract', () => {
  it('is refused when it is not wasm at all, naming the file and the bytes found', () => {
    expect(() => contractExports(new TextEncoder().encode('{"not": "wasm"}'), 'notes.json')).toThrow(
      /notes\.json is not a WebAssembly module: it does not start with the wasm magic bytes 00 61 73 6d \(found 7b 22 6e 6f\); give init the \.wasm/,
    );
    expect(() => contractExports(new Uint8Array(), 'empty.wasm')).toThrow(/found an empty file/);
  });

  it('is refused when it is truncated wasm, with where decoding stopped', () => {
    const cut = wasm('router').subarray(0, 200);
    expect(() => contractExports(cut, 'router.wasm')).toThrow(/router\.wasm is not a valid WebAssembly module: .*at byte \d+.*rebuild the contract/);
  });

  it('is refused when it exports no NEAR method, listing what it does export', () => {
    expect(() => contractExports(noMethodContract(), 'lib.wasm')).toThrow(
      'lib.wasm exports no NEAR method (an exported function taking and returning nothing); it exports memory (memory), helper (function). Is it a contract build (near-sdk-rs, near-sdk-js), not a library or a test binary?',
    );
  });
});
