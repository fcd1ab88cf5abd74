/**
 * The configurable mock external contract.
 *
 * Every catalogue method (bottom of this file) records the call and answers with the
 * behaviour the harness chose for that method, or the one given for this call in a
 * `__mock` argument: return a JSON value, fail, trap, delay, exhaust gas, or return
 * malformed data. Deploy it under as many account ids as a scenario needs.
 *
 * Setup and inspection methods are prefixed `mock_`.
 */
import { near, NearPromise } from 'near-sdk-js';
import { answer, continueHop, TRAP_AT, trapNowRequested, type Hop } from './lib/answer';
import { parseBehaviour, type MockBehaviour } from './lib/behaviour';
import { behaviourFor, behaviours, calls, clearBehaviour, recordCall, reset, setBehaviour } from './lib/store';

// A trap can only happen while the module loads (see lib/answer.ts): when the call asks
// for it, or when the harness has set `trap-at` (a countdown of actions in this receipt,
// so that exactly the chosen action of a batch traps).
if (trapNowRequested(near.input()) || trapAtThisAction()) {
  throw new Error('mock: trap requested');
}

function trapAtThisAction(): boolean {
  const countdown = near.storageRead(TRAP_AT);
  if (countdown === null) return false;
  if (countdown === '0') return true;
  near.storageWrite(TRAP_AT, String(Number(countdown) - 1));
  return false;
}

function args<T>(): T {
  const input = near.input();
  return (input === '' ? {} : JSON.parse(input)) as T;
}

function handle(method: string): void {
  const input = near.input();
  const deposit = near.attachedDeposit();
  const caller = near.predecessorAccountId();
  const signer = near.signerAccountId();
  const call = {
    method,
    args: input,
    deposit: deposit.toString(),
    predecessor: caller,
    signer,
    block_height: near.blockHeight().toString(),
  };
  // The log line survives a failing answer; the stored record does not (NEAR reverts it).
  near.log(`MOCK_CALL ${JSON.stringify(call)}`);
  recordCall(call);
  const override = input.includes('__mock') ? (JSON.parse(input) as { __mock?: unknown }).__mock : undefined;
  const behaviour: MockBehaviour = override !== undefined ? parseBehaviour(override, 'the __mock argument') : behaviourFor(method, signer);
  answer(behaviour, { method, deposit, caller });
}

// ---- setup and inspection ----

/**
 * Sets how `method` answers ("*" for every method without its own behaviour); with
 * `signer`, only in transactions that account signed.
 */
export function mock_set_behaviour(): void {
  const { method, behaviour, signer } = args<{ method?: string; behaviour?: unknown; signer?: unknown }>();
  if (typeof method !== 'string' || method === '') throw new Error('mock_set_behaviour needs a "method" (or "*")');
  if (signer !== undefined && typeof signer !== 'string') throw new Error('mock_set_behaviour: "signer" must be an account id');
  setBehaviour(method, parseBehaviour(behaviour, `mock_set_behaviour(${method})`), signer);
}

export function mock_clear_behaviour(): void {
  const { method, signer } = args<{ method?: string; signer?: unknown }>();
  if (typeof method !== 'string') throw new Error('mock_clear_behaviour needs a "method"');
  if (signer !== undefined && typeof signer !== 'string') throw new Error('mock_clear_behaviour: "signer" must be an account id');
  clearBehaviour(method, signer);
}

/** Forgets every behaviour and the call log. */
export function mock_reset(): void {
  reset();
}

export function mock_behaviours(): void {
  near.valueReturn(JSON.stringify(behaviours()));
}

/** Calls received (all, or those of one method), oldest first. */
export function mock_calls(): void {
  const { method } = args<{ method?: string }>();
  near.valueReturn(JSON.stringify(calls(method)));
}

export function mock_context(): void {
  near.valueReturn(
    JSON.stringify({
      account_id: near.currentAccountId(),
      balance: near.accountBalance().toString(),
      locked_balance: near.accountLockedBalance().toString(),
      attached_deposit: near.attachedDeposit().toString(),
      storage_usage: near.storageUsage().toString(),
      block_height: near.blockHeight().toString(),
    }),
  );
}

/**
 * Calls `receiver_id.method(args)` from this account with the attached deposit and
 * returns its result: a contract in the middle, so that signer != predecessor.
 */
export function mock_relay(): void {
  const { receiver_id, method, args: callArgs, gas } = args<{ receiver_id: string; method: string; args?: unknown; gas?: string }>();
  NearPromise.new(receiver_id)
    .functionCall(method, JSON.stringify(callArgs ?? {}), near.attachedDeposit(), BigInt(gas ?? '100000000000000'))
    .onReturn();
}

/** One hop of a delayed answer; private. */
export function mock_continue(): void {
  if (near.predecessorAccountId() !== near.currentAccountId()) throw new Error('mock_continue is private');
  continueHop(args<Hop>());
}

// ---- the catalogue: methods a contract under test may call on the mock ----

const method = (name: string) => () => handle(name);

export const deposit = method('deposit');
export const deposit_and_stake = method('deposit_and_stake');
export const stake = method('stake');
export const unstake = method('unstake');
export const unstake_all = method('unstake_all');
export const withdraw = method('withdraw');
export const withdraw_all = method('withdraw_all');
export const storage_deposit = method('storage_deposit');
export const storage_withdraw = method('storage_withdraw');
export const buy = method('buy');
export const sell = method('sell');
export const swap = method('swap');
export const approve = method('approve');
export const check = method('check');
export const execute = method('execute');
export const call = method('call');
export const ping = method('ping');
export const notify = method('notify');
export const claim = method('claim');
export const mint = method('mint');
export const burn = method('burn');
export const lock = method('lock');
export const unlock = method('unlock');
export const send = method('send');
export const get_price = method('get_price');
export const get_quote = method('get_quote');
export const on_transfer = method('on_transfer');
export const ft_transfer = method('ft_transfer');
export const ft_transfer_call = method('ft_transfer_call');
export const ft_on_transfer = method('ft_on_transfer');
export const nft_transfer = method('nft_transfer');
export const nft_transfer_call = method('nft_transfer_call');
export const nft_on_transfer = method('nft_on_transfer');
