/**
 * Defect (g): an `and` join settled from one leg.
 *
 * split_stake's callback reads only the first leg's result and applies it to both legs:
 * if only the second pool failed, its half is credited as stake and never refunded; if
 * only the first failed, the second half is refunded although that pool kept it.
 */
import { creditStake, unlock } from '../vault/ledger';
import { steps } from '../vault/steps';

export * from '../vault/vault';

steps.settleSplitStake = (ledger, op, legs, succeeded) => {
  const allSucceeded = succeeded[0] === true;
  for (const leg of legs) {
    if (allSucceeded) creditStake(ledger, op.account_id, BigInt(leg.amount));
    else steps.refund(op, BigInt(leg.amount));
  }
  unlock(ledger, op.account_id);
};
