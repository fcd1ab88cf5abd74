/**
 * Defect (i): a pending lock never cleared when the call fails.
 *
 * stake's callback refunds a failed stake but releases the user's lock only on success,
 * so after one failed pool call the user can never stake again.
 */
import { creditStake, unlock } from '../vault/ledger';
import { steps } from '../vault/steps';

export * from '../vault/vault';

steps.settleStake = (ledger, op, succeeded) => {
  if (succeeded) {
    creditStake(ledger, op.account_id, BigInt(op.amount));
    unlock(ledger, op.account_id);
  } else {
    steps.refund(op, BigInt(op.amount));
  }
};
