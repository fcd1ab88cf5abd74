/**
 * Test helper: the router and the desk (or a buggy variant of either) at the VM level, one
 * call at a time, with the answers their external contracts return fed to the callbacks.
 */
import { expect } from 'vitest';
import { OneContract, succeeded } from '../../harness/runtime/test/index.js';
import type { PromiseResult } from '../../harness/runtime/index.js';
import { receipts } from './vault-harness.js';

export const ROUTER = 'router.test.near';
export const POOL = 'pool.test.near';
export const POOL_B = 'pool-b.test.near';
export const DESK = 'desk.test.near';
export const TOKEN = 'token.test.near';
export const ALICE = 'alice.test.near';
export const BOB = 'bob.test.near';
export const NEAR = 10n ** 24n;
/** Each account may have at most this many tokens credited at the desk. */
export const CAP = 1000n;

const encoder = new TextEncoder();

/** A Successful promise result whose bytes are given as they are (garbage, invalid UTF-8, …). */
export const returnedBytes = (data: string | Uint8Array): PromiseResult => ({
  status: 'Successful',
  data: typeof data === 'string' ? encoder.encode(data) : data,
});

export function newRouter(wasm = 'contract/build/router.wasm'): OneContract {
  const router = new OneContract(ROUTER, wasm);
  expect(router.call('init', { args: { pools: [POOL, POOL_B] } }).errorText).toBeUndefined();
  return router;
}

export function newDesk(wasm = 'contract/build/desk.wasm', cap = CAP): OneContract {
  const desk = new OneContract(DESK, wasm);
  expect(desk.call('init', { args: { token_id: TOKEN, cap: cap.toString() } }).errorText).toBeUndefined();
  return desk;
}

/** Calls a callback as NEAR would: from the contract itself, with the given promise results. */
export function settle(contract: OneContract, method: string, args: unknown, results: PromiseResult[]) {
  return contract.call(method, { args, predecessor: contract.accountId, signer: ALICE, promiseResults: results });
}

// ---- the router ----

export interface RouterAccount {
  output: string;
  in_flight: string;
}

export const routerAccount = (router: OneContract, accountId = ALICE) => router.view<RouterAccount>('get_account', { account_id: accountId });

/** Starts a swap and returns the id its callback will settle. */
export function startSwap(router: OneContract, amountIn: bigint, minOut: bigint | string = 0n, predecessor = ALICE): number {
  const result = router.call('swap', { args: { pool: POOL, min_out: minOut.toString() }, deposit: amountIn, predecessor });
  const [, callback] = receipts(result);
  return (callback!.args[0] as { id: number }).id;
}

/** The pool's answer to swap_exact_in, as a correct pool writes it. */
export const poolAnswer = (amountInUsed: bigint, amountOut: bigint) =>
  succeeded({ amount_in_used: amountInUsed.toString(), amount_out: amountOut.toString() });

/** Settles a swap and returns the refunds it sent (receiver and yocto) and its outcome. */
export function settleSwap(router: OneContract, id: number, result: PromiseResult) {
  const settled = settle(router, 'on_swap', { id }, [result]);
  return {
    refunds: receipts(settled).map((r) => ({ receiver: r.receiver, actions: r.actions, deposits: r.deposits })),
    outcome: settled.json<{ amount_in_used: string; amount_out: string; refunded: string }>(),
    logs: settled.logs,
  };
}

// ---- the desk ----

export interface DeskAccount {
  balance: string;
  in_flight: string;
}

export const deskAccount = (desk: OneContract, accountId = ALICE) => desk.view<DeskAccount>('get_account', { account_id: accountId });

/** The token calling ft_on_transfer, as NEP-141's ft_transfer_call does. */
export const onTransfer = (desk: OneContract, amount: bigint | string, msg = '', sender = ALICE, predecessor = TOKEN) =>
  desk.call('ft_on_transfer', { args: { sender_id: sender, amount: amount.toString(), msg }, predecessor });

/** Starts a forward (1 yocto attached) and returns the id its callback will settle. */
export function startForward(desk: OneContract, amount: bigint, receiverId = BOB, msg = ''): number {
  const result = desk.call('forward', { args: { receiver_id: receiverId, amount: amount.toString(), msg }, deposit: 1n });
  const [, callback] = receipts(result);
  return (callback!.args[0] as { id: number }).id;
}

/** Settles a forward and returns the refunds it sent and the used amount it returned. */
export function settleForward(desk: OneContract, id: number, result: PromiseResult) {
  const settled = settle(desk, 'on_forward', { id }, [result]);
  return {
    refunds: receipts(settled).map((r) => ({ receiver: r.receiver, actions: r.actions, deposits: r.deposits })),
    used: settled.json<string>(),
    logs: settled.logs,
  };
}
