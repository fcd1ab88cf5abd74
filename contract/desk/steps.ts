/**
 * The desk's rollback-critical steps: what it credits for the tokens it keeps, and how the
 * callback of a forward settles it from the token's answer. Each variant in contract/buggy/
 * (m, n) replaces exactly one of them and is otherwise this, the correct desk.
 */
import { near } from 'near-sdk-js';
import { parseU128 } from '../lib/u128';
import { sendNear } from '../vault/ledger';
import { callSucceeded, callValue } from '../vault/results';
import { closeForward, creditBalance, debitBalance, openForward, type Ledger, type PendingForward } from './ledger';

export const TGAS = 1_000_000_000_000n;

export const steps = {
  /** Gas reserved for the callback; enough for a near-sdk-js method to settle. */
  callbackGas: 30n * TGAS,

  /** The callback accepts calls only from the desk itself. */
  requireCallerIsDesk(): void {
    if (near.predecessorAccountId() !== near.currentAccountId()) throw new Error('Function is private');
  },

  /** Who started a forward: unused tokens are credited back to it. */
  originalCaller(): string {
    return near.predecessorAccountId();
  },

  /** Returns yoctoNEAR the desk holds for a forward to the account that attached it. */
  refund(forward: PendingForward, amount: bigint): void {
    sendNear(forward.account_id, amount);
  },

  // ---- receiving: ft_on_transfer ----

  /**
   * Credits the sender with the tokens the desk keeps, and returns the rest: the token
   * gives that much back to the sender (NEP-141), so credit + unused must be the amount.
   */
  receiveTokens(l: Ledger, senderId: string, amount: bigint, keep: bigint): bigint {
    creditBalance(l, senderId, keep);
    return amount - keep;
  },

  // ---- sending: forward through ft_transfer_call ----

  /** The tokens leave the user's balance before the call, so they cannot be spent twice. */
  beginForward(l: Ledger, forward: PendingForward): void {
    debitBalance(l, forward.account_id, BigInt(forward.amount));
    openForward(l, forward);
  },

  /**
   * The amount the token says the receiver used (ft_transfer_call's result is
   * ft_resolve_transfer's: a U128 string, at most the amount sent), or undefined if the
   * call failed or the answer is not that.
   */
  readUsed(forward: PendingForward): bigint | undefined {
    if (!callSucceeded(0)) {
      near.log(`forward #${forward.id}: ft_transfer_call failed; crediting back ${forward.amount}`);
      return undefined;
    }
    const used = parseU128(callValue(0));
    if (used !== undefined && used <= BigInt(forward.amount)) return used;
    near.log(`forward #${forward.id}: unusable answer from the token; crediting back ${forward.amount}`);
    return undefined;
  },

  /** Credits the unused tokens back to the user (all of them without a usable answer); returns the used amount. */
  settleForward(l: Ledger, forward: PendingForward, called: boolean, used: bigint | undefined): bigint {
    closeForward(l, forward);
    const amount = BigInt(forward.amount);
    const unused = used === undefined ? amount : amount - used;
    creditBalance(l, forward.account_id, unused);
    // ft_transfer_call itself failed: NEAR returned the attached yocto to us.
    if (!called) steps.refund(forward, 1n);
    return amount - unused;
  },
};

export type DeskSteps = typeof steps;
