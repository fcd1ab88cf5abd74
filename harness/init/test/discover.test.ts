/**
 * Discovery runs each method once on the embedded runtime and records the promises it
 * creates: the external contracts and methods a contract calls, and the callbacks it
 * schedules on itself. On the example contracts (near-sdk-js, no ABI) and a purpose-made
 * near-sdk-rs-style contract with an embedded ABI.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverContract, InitError, type ContractDescription, type DescribedMethod } from '../index.js';
import { ABI_ZSTD, abiContract, loopingContract } from './contracts.js';

const wasm = (name: string) => new Uint8Array(readFileSync(`contract/build/${name}.wasm`));
const method = (d: ContractDescription, name: string): DescribedMethod => d.methods.find((m) => m.name === name)!;
const roles = (d: ContractDescription) => Object.fromEntries(d.methods.map((m) => [m.name, m.role]));
const externals = (d: ContractDescription) => Object.fromEntries(d.externals.map((e) => [e.account, e.methods]));

describe('the vault with {} for every argument', () => {
  let vault: ContractDescription;
  beforeAll(() => {
    vault = discoverContract(wasm('vault'), { contractId: 'vault.test.near' });
  });

  it('tells init, calls, views and callbacks apart, saying how each is known', () => {
    expect(vault.sdk).toBe('near-sdk-js');
    expect(vault.init).toEqual({ method: 'init', args: {} });
    expect(roles(vault)).toMatchObject({
      init: 'init',
      deposit: 'call',
      stake: 'call',
      withdraw: 'call',
      get_account: 'view',
      get_totals: 'view',
      get_config: 'view',
      on_stake: 'callback',
      on_withdraw_tokens: 'callback',
    });
    expect(method(vault, 'withdraw').evidence).toBe('run as a view it called predecessor_account_id, which NEAR refuses in views');
    expect(method(vault, 'stake')).toMatchObject({ role: 'call', guessed: true });
    expect(method(vault, 'stake').evidence).toMatch(/^it failed in every run before doing anything only a call may \(Smart contract panicked: cannot read property 'join' of undefined\), and is not named like a view$/);
    expect(method(vault, 'deposit')).toMatchObject({ guessed: false, payable: true, evidence: "run as a transaction it changed the contract's storage" });
    expect(method(vault, 'transfer_stake')).toMatchObject({ role: 'call', payable: false, evidence: 'it refused a deposit, as only calls do' });
    expect(method(vault, 'get_totals')).toMatchObject({ guessed: true, evidence: 'it ran as a view to the end, doing nothing that needs a transaction' });
    expect(method(vault, 'on_stake').evidence).toMatch(/^called by a user it answered "Smart contract panicked: Function is private"/);
  });

  it('finds no external contract: with init({}) the vault knows none, and refuses every pool, gate and shop', () => {
    expect(vault.externals).toEqual([]);
    expect(method(vault, 'stake').runs.every((r) => r.failure?.includes("cannot read property 'join' of undefined") === true)).toBe(true);
  });
});

describe('the vault, run with the arguments its scenario uses', () => {
  let vault: ContractDescription;
  beforeAll(() => {
    vault = discoverContract(wasm('vault'), {
      contractId: 'vault.test.near',
      init: { method: 'init', args: { token_id: 'token.test.near', externals: ['pool.test.near', 'pool-b.test.near', 'gate.test.near', 'shop.test.near'] } },
      args: {
        stake: { pool: 'pool.test.near' },
        batch_stake: { pool: 'pool.test.near' },
        split_stake: { pools: ['pool.test.near', 'pool-b.test.near'] },
        relay_stake: { gate: 'gate.test.near', pool: 'pool.test.near' },
        pay: { merchant: 'shop.test.near', amount: '1' },
        withdraw: { amount: '1' },
        withdraw_tokens: { amount: '1' },
      },
    });
  });

  it('finds the pools, the gate and the shop, with the methods the vault calls on each', () => {
    expect(method(vault, 'stake')).toMatchObject({ guessed: false, evidence: 'run as a view it called predecessor_account_id, which NEAR refuses in views' });
    expect(externals(vault)).toEqual({
      'gate.test.near': ['check'],
      'pool-b.test.near': ['deposit_and_stake'],
      'pool.test.near': ['deposit_and_stake', 'storage_deposit'],
      'shop.test.near': ['buy'],
    });
    expect(vault.externals.find((e) => e.account === 'pool.test.near')?.calledBy).toEqual(['batch_stake', 'relay_stake', 'split_stake', 'stake']);
  });

  it('sees the pool call on_relay_gate makes only once the gate answers: a later round mocks the gate with success', () => {
    expect(method(vault, 'relay_stake').calls).toEqual(['gate.test.near.check', 'pool.test.near.deposit_and_stake']);
    expect(method(vault, 'relay_stake').callbacks).toEqual(['on_relay_gate', 'on_relay_done']);
  });

  it('names the callbacks the contract schedules on itself with promise_then', () => {
    expect(method(vault, 'stake').callbacks).toEqual(['on_stake']);
    expect(method(vault, 'on_split_stake').evidence).toBe('the contract schedules it on itself with promise_then');
  });

  it('tries a method that failed alone again after the others: pay and withdraw need a deposit first', () => {
    expect(method(vault, 'pay')).toMatchObject({ calls: ['shop.test.near.buy'], callbacks: ['on_pay'] });
    expect(method(vault, 'pay').runs.at(-1)).toMatchObject({ afterOthers: true, deposit: 0n });
    expect(method(vault, 'pay').runs.at(-1)?.failure).toBeUndefined();
  });

  it('misses the token: withdraw_tokens needs tokens, which only the token can credit (ft_on_transfer)', () => {
    expect(externals(vault)['token.test.near']).toBeUndefined();
    expect(method(vault, 'withdraw_tokens').runs.some((r) => r.failure?.includes('not enough tokens') === true)).toBe(true);
  });
});

describe('the router and the desk', () => {
  it('the router calls its pool\'s swap_exact_in and then on_swap, once init names the pool', () => {
    const router = discoverContract(wasm('router'), { init: { method: 'init', args: { pools: ['amm.test.near'] } }, args: { swap: { pool: 'amm.test.near', min_out: '0' } } });
    expect(externals(router)).toEqual({ 'amm.test.near': ['swap_exact_in'] });
    expect(method(router, 'swap')).toMatchObject({ role: 'call', payable: true, callbacks: ['on_swap'] });
    expect(method(router, 'on_swap').role).toBe('callback');
  });

  it('the desk\'s token call is not found: forward needs tokens credited by the token first', () => {
    const desk = discoverContract(wasm('desk'), { init: { method: 'init', args: { token_id: 'token.test.near', cap: '500' } }, args: { forward: { receiver_id: 'receiver.test.near', amount: '1', msg: '' } } });
    expect(desk.externals).toEqual([]);
    expect(roles(desk)).toMatchObject({ init: 'init', forward: 'call', ft_on_transfer: 'call', on_forward: 'callback', get_totals: 'view' });
  });
});

describe('a contract with an embedded ABI', () => {
  const oracle = discoverContract(abiContract(ABI_ZSTD));

  it('takes kinds, modifiers and parameters from the ABI, and runs init and the calls with placeholder arguments', () => {
    expect(oracle).toMatchObject({ sdk: 'near-sdk-rs', abiVersion: '0.4.0', init: { method: 'new', args: { oracle_id: 'oracle.test.near' } } });
    expect(roles(oracle)).toEqual({ new: 'init', ping: 'call', on_price: 'callback', get_greeting: 'view' });
    expect(method(oracle, 'ping')).toMatchObject({ payable: true, evidence: 'the ABI says call', runs: [{ args: { amount: '1', times: 1, memo: '' }, deposit: 10n ** 24n }] });
    expect(method(oracle, 'on_price').evidence).toBe('the ABI marks it private');
    expect(method(oracle, 'get_greeting').runs).toEqual([]);
  });

  it('finds the external call and the callback the method schedules', () => {
    expect(oracle.externals).toEqual([{ account: 'oracle.test.near', methods: ['get_price'], calledBy: ['ping'] }]);
    expect(method(oracle, 'ping').callbacks).toEqual(['on_price']);
  });
});

describe('bad input', () => {
  it('a wasm whose every method loops forever is refused, naming the gas limit it burnt', () => {
    let refused: unknown;
    try {
      discoverContract(loopingContract(), { source: 'spin.wasm' });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(InitError);
    expect(String(refused)).toMatch(
      /every method of spin\.wasm burnt all the gas it was given when run once \(spin, whirl\): it loops forever, or needs more than the 300 Tgas a view may burn/,
    );
  });

  it('a contract account that is not a NEAR account id is refused', () => {
    expect(() => discoverContract(wasm('router'), { contractId: 'My Router' })).toThrow('"My Router" cannot be the contract\'s account: it is not a valid NEAR account id');
  });

  it('an init method the wasm does not export is refused, with the methods it does', () => {
    expect(() => discoverContract(wasm('router'), { init: { method: 'setup' }, source: 'router.wasm' })).toThrow(
      'init method "setup" is not a method of router.wasm; it exports get_account, get_config, get_swap, get_totals, init, on_swap, swap',
    );
  });
});
