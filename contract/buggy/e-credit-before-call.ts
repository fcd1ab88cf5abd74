/**
 * Defect (e): value credited before the external call.
 *
 * stake credits the user's stake as soon as it sends the deposit to the pool, and takes
 * the credit back only if the pool fails. A call landing in the gap between the call and
 * its callback can move that stake away (transfer_stake); when the pool then fails, the
 * deposit is refunded as well, so the user is paid twice.
 */
import { creditStake, debitStake, lock, stakeOf, unlock } from '../vault/ledger';
import { steps } from '../vault/steps';

export * from '../vault/vault';

steps.beginStake = (ledger, op) => {
  lock(ledger, op.account_id, `stake#${op.id}`);
  creditStake(ledger, op.account_id, BigInt(op.amount));
};

steps.settleStake = (ledger, op, succeeded) => {
  if (!succeeded) {
    const amount = BigInt(op.amount);
    const held = stakeOf(ledger, op.account_id);
    debitStake(ledger, op.account_id, held < amount ? held : amount);
    steps.refund(op, amount);
  }
  unlock(ledger, op.account_id);
};
