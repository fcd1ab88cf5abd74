/**
 * The vault's rollback-critical steps: what happens before each external call, and how
 * its callback settles the operation when the call succeeded or failed.
 *
 * They are gathered here, rather than inlined in the contract methods, so that each
 * variant in contract/buggy/ can replace exactly the step its defect lives in and stay
 * otherwise identical to this, the correct vault.
 */
import { near } from 'near-sdk-js';
import {
  creditBalance,
  creditStake,
  creditTokens,
  debitBalance,
  debitTokens,
  lock,
  sendNear,
  unlock,
  type Ledger,
} from './ledger';

export const TGAS = 1_000_000_000_000n;

/** An operation waiting for its callback: who started it and with how much. */
export interface PendingOperation {
  id: number;
  account_id: string;
  amount: string;
}

export interface Leg {
  pool: string;
  amount: string;
}

export const steps = {
  /** Gas reserved for each callback; enough for a near-sdk-js method to settle. */
  callbackGas: 30n * TGAS,

  /** Callbacks accept calls only from the vault itself. */
  requireCallerIsVault(): void {
    if (near.predecessorAccountId() !== near.currentAccountId()) throw new Error('Function is private');
  },

  /** Who started an operation, recorded before the call and refunded on failure. */
  originalCaller(): string {
    return near.predecessorAccountId();
  },

  /** Returns NEAR the vault holds for a failed operation to the account that sent it. */
  refund(op: PendingOperation, amount: bigint): void {
    sendNear(op.account_id, amount);
  },

  // ---- withdraw: NEAR from the vault balance to the caller's account ----
  beginWithdraw(l: Ledger, accountId: string, amount: bigint): void {
    debitBalance(l, accountId, amount);
  },
  settleWithdraw(l: Ledger, op: PendingOperation, succeeded: boolean): void {
    // The transfer fails only if the account no longer exists; NEAR refunds it to us.
    if (!succeeded) creditBalance(l, op.account_id, BigInt(op.amount));
  },

  // ---- stake: the attached deposit, to a pool, one staking operation per account ----
  beginStake(l: Ledger, op: PendingOperation): void {
    lock(l, op.account_id, `stake#${op.id}`);
  },
  settleStake(l: Ledger, op: PendingOperation, succeeded: boolean): void {
    if (succeeded) creditStake(l, op.account_id, BigInt(op.amount));
    else steps.refund(op, BigInt(op.amount));
    unlock(l, op.account_id);
  },

  // ---- batch stake: storage_deposit + deposit_and_stake in one atomic batch ----
  settleBatchStake(l: Ledger, op: PendingOperation, storageFee: bigint, succeeded: boolean): void {
    // Only the batch's last action feeds the callback, but the batch is atomic:
    // a failure reverted both actions and NEAR returned the whole deposit to us.
    if (succeeded) creditStake(l, op.account_id, BigInt(op.amount) - storageFee);
    else steps.refund(op, BigInt(op.amount));
    unlock(l, op.account_id);
  },

  // ---- split stake: two pools in parallel, joined with `and` ----
  settleSplitStake(l: Ledger, op: PendingOperation, legs: Leg[], succeeded: boolean[]): void {
    legs.forEach((leg, i) => {
      if (succeeded[i]) creditStake(l, op.account_id, BigInt(leg.amount));
      else steps.refund(op, BigInt(leg.amount));
    });
    unlock(l, op.account_id);
  },

  // ---- relay stake: gate.check().then(vault.on_relay_gate).then(vault.on_relay_done) ----
  settleRelayGate(l: Ledger, op: PendingOperation, gateApproved: boolean): boolean {
    if (gateApproved) return true;
    steps.refund(op, BigInt(op.amount));
    unlock(l, op.account_id);
    return false;
  },
  settleRelayDone(l: Ledger, op: PendingOperation, succeeded: boolean): void {
    if (succeeded) creditStake(l, op.account_id, BigInt(op.amount));
    else steps.refund(op, BigInt(op.amount));
    unlock(l, op.account_id);
  },

  // ---- pay: from the vault balance to a merchant ----
  beginPay(l: Ledger, accountId: string, amount: bigint): void {
    debitBalance(l, accountId, amount);
  },
  settlePay(l: Ledger, op: PendingOperation, succeeded: boolean): void {
    if (!succeeded) creditBalance(l, op.account_id, BigInt(op.amount));
  },

  // ---- withdraw tokens: through the fungible token, 1 yocto attached ----
  beginTokenWithdraw(l: Ledger, accountId: string, amount: bigint): void {
    debitTokens(l, accountId, amount);
  },
  settleTokenWithdraw(l: Ledger, op: PendingOperation, succeeded: boolean): void {
    if (succeeded) return;
    // ft_transfer failed (e.g. the receiver never registered storage): give the tokens
    // back, and the yocto NEAR returned to us.
    creditTokens(l, op.account_id, BigInt(op.amount));
    steps.refund(op, 1n);
  },
};

export type VaultSteps = typeof steps;
