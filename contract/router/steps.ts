/**
 * The router's rollback-critical steps: reading the pool's answer and settling the swap
 * from it. Each variant in contract/buggy/ (j, k, l) replaces exactly one of them and is
 * otherwise this, the correct router.
 */
import { near } from 'near-sdk-js';
import { parseU128 } from '../lib/u128';
import { sendNear } from '../vault/ledger';
import { callSucceeded, callValue } from '../vault/results';
import { closeSwap, creditOutput, openSwap, recordUsed, type Ledger, type PendingSwap } from './ledger';

export const TGAS = 1_000_000_000_000n;

/** The pool's answer to swap_exact_in, once checked. */
export interface SwapAnswer {
  amountInUsed: bigint;
  amountOut: bigint;
}

/** What on_swap returns (and so what the user's swap transaction returns). */
export interface SwapOutcome {
  amount_in_used: string;
  amount_out: string;
  refunded: string;
}

export const steps = {
  /** Gas reserved for the callback; enough for a near-sdk-js method to settle. */
  callbackGas: 30n * TGAS,

  /** The callback accepts calls only from the router itself. */
  requireCallerIsRouter(): void {
    if (near.predecessorAccountId() !== near.currentAccountId()) throw new Error('Function is private');
  },

  /** Who started a swap: refunds and output go to the account that attached the NEAR. */
  originalCaller(): string {
    return near.predecessorAccountId();
  },

  /** Returns yoctoNEAR the router holds for a swap to the account that sent it. */
  refund(swap: PendingSwap, amount: bigint): void {
    sendNear(swap.account_id, amount);
  },

  /** An amount in the pool's answer: a U128 string, read exactly. */
  answerAmount(value: unknown): bigint | undefined {
    return parseU128(value);
  },

  beginSwap(l: Ledger, swap: PendingSwap): void {
    openSwap(l, swap);
  },

  /**
   * The pool's answer `{ amount_in_used, amount_out }` checked against the swap, or why it
   * cannot be used. An answer outside the bounds the router asked for is as unusable as
   * one that does not parse.
   */
  checkAnswer(swap: PendingSwap, value: unknown): SwapAnswer | string {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the answer is not a JSON object';
    const answer = value as Record<string, unknown>;
    const amountInUsed = steps.answerAmount(answer['amount_in_used']);
    const amountOut = steps.answerAmount(answer['amount_out']);
    if (amountInUsed === undefined) return 'amount_in_used is not a U128 string';
    if (amountOut === undefined) return 'amount_out is not a U128 string';
    if (amountInUsed > BigInt(swap.amount_in)) return `amount_in_used ${amountInUsed} exceeds amount_in ${swap.amount_in}`;
    if (amountOut < BigInt(swap.min_out)) return `amount_out ${amountOut} is below min_out ${swap.min_out}`;
    return { amountInUsed, amountOut };
  },

  /** What the callback acts on: the checked answer, or undefined to refund the whole input. */
  readAnswer(swap: PendingSwap): SwapAnswer | undefined {
    if (!callSucceeded(0)) {
      near.log(`swap #${swap.id}: ${swap.pool} failed; refunding ${swap.amount_in}`);
      return undefined;
    }
    const checked = steps.checkAnswer(swap, callValue(0));
    if (typeof checked !== 'string') return checked;
    near.log(`swap #${swap.id}: unusable answer from ${swap.pool} (${checked}); refunding ${swap.amount_in}`);
    return undefined;
  },

  /** The input the pool used: what it says it used, since it sent the rest back. */
  inputUsed(_swap: PendingSwap, answer: SwapAnswer): bigint {
    return answer.amountInUsed;
  },

  settleSwap(l: Ledger, swap: PendingSwap, answer: SwapAnswer | undefined): SwapOutcome {
    closeSwap(l, swap);
    const amountIn = BigInt(swap.amount_in);
    if (answer === undefined) {
      // A failed call: NEAR returned the whole deposit to us. An unusable answer: we
      // cannot tell what the pool did, so the user is made whole and the router bears it.
      steps.refund(swap, amountIn);
      return { amount_in_used: '0', amount_out: '0', refunded: amountIn.toString() };
    }
    const used = steps.inputUsed(swap, answer);
    recordUsed(l, used);
    creditOutput(l, swap.account_id, answer.amountOut);
    // The pool sent the unused input back to the router in a transfer of its own.
    steps.refund(swap, amountIn - used);
    return { amount_in_used: used.toString(), amount_out: answer.amountOut.toString(), refunded: (amountIn - used).toString() };
  },
};

export type RouterSteps = typeof steps;
