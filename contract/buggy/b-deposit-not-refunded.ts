/**
 * Defect (b): deposit not refunded.
 *
 * When the batch to the pool fails, NEAR returns the whole deposit to the vault. The
 * callback releases the user's lock but never sends the deposit back: the vault keeps it.
 */
import { creditStake, unlock } from '../vault/ledger';
import { steps } from '../vault/steps';

export * from '../vault/vault';

steps.settleBatchStake = (ledger, op, storageFee, succeeded) => {
  if (succeeded) creditStake(ledger, op.account_id, BigInt(op.amount) - storageFee);
  unlock(ledger, op.account_id);
};
