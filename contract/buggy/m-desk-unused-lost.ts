/**
 * Defect (m): the unused amount of a forward never credited back.
 *
 * When ft_transfer_call succeeds, the callback books the whole amount as used and ignores
 * the used amount the token returned. The receiver's unused tokens come back to the desk
 * (ft_resolve_transfer refunds them), but the user is never credited: the desk holds
 * tokens it owes nobody. (A failed call is still credited back in full.)
 */
import { closeForward, creditBalance } from '../desk/ledger';
import { steps } from '../desk/steps';

export * from '../desk/desk';

steps.settleForward = (ledger, forward, called, used) => {
  closeForward(ledger, forward);
  const amount = BigInt(forward.amount);
  if (used === undefined) creditBalance(ledger, forward.account_id, amount);
  if (!called) steps.refund(forward, 1n);
  return used === undefined ? 0n : amount;
};
