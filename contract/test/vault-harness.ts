/** Test helper: the vault (or a buggy variant) at the VM level, one call at a time. */
import { expect } from 'vitest';
import { OneContract, type CallResult } from '../../harness/runtime/test/index.js';
import type { NewReceipt, PromiseResult } from '../../harness/runtime/index.js';

export const VAULT = 'vault.test.near';
export const TOKEN = 'token.test.near';
export const POOL = 'pool.test.near';
export const POOL_B = 'pool-b.test.near';
export const GATE = 'gate.test.near';
export const MERCHANT = 'shop.test.near';
export const NEAR = 10n ** 24n;
const decoder = new TextDecoder();

export function newVault(wasm = 'contract/build/vault.wasm'): OneContract {
  const vault = new OneContract(VAULT, wasm);
  const init = vault.call('init', { args: { token_id: TOKEN, externals: [POOL, POOL_B, GATE, MERCHANT] } });
  expect(init.errorText).toBeUndefined();
  return vault;
}

export interface ReceiptView {
  receiver: string;
  /** "method" for a function call, "transfer" for a transfer; one entry per action. */
  actions: string[];
  deposits: bigint[];
  gas: bigint[];
  args: unknown[];
  inputReceipts: number[];
}

export function receipts(result: CallResult): ReceiptView[] {
  expect(result.errorText).toBeUndefined();
  return result.newReceipts.map((r: NewReceipt) => ({
    receiver: r.receiverId,
    actions: r.actions.map((a) => (a.type === 'FunctionCall' ? a.methodName : a.type.toLowerCase())),
    deposits: r.actions.map((a) => (a.type === 'FunctionCall' || a.type === 'Transfer' ? a.deposit : 0n)),
    gas: r.actions.map((a) => (a.type === 'FunctionCall' ? a.gas : 0n)),
    args: r.actions.map((a) => (a.type === 'FunctionCall' ? (JSON.parse(decoder.decode(a.args)) as unknown) : undefined)),
    inputReceipts: r.inputReceipts,
  }));
}

/** The arguments the vault passed to its own callback (the last receipt of a flow). */
export function callbackArgs(result: CallResult): Record<string, unknown> {
  const all = receipts(result);
  return all[all.length - 1]!.args[0] as Record<string, unknown>;
}

export function account(vault: OneContract, accountId: string) {
  return vault.view<{ balance: string; staked: string; tokens: string; in_flight: string | null }>('get_account', { account_id: accountId });
}

/** Calls a callback as NEAR would: from the vault itself, with the given promise results. */
export function settle(vault: OneContract, method: string, args: unknown, results: PromiseResult[]) {
  return vault.call(method, { args, predecessor: VAULT, signer: 'alice.test.near', promiseResults: results });
}
