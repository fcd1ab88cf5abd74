/**
 * Defect (q): a forward's tokens debited only in its callback.
 *
 * forward checks that the user has the tokens but leaves the balance alone; the callback
 * debits the used amount, clamped to what the user still has. Forwards landing in the gap
 * all pass the same check, so one user can send out more tokens than they were credited,
 * paid with other users' tokens: once everything settles the desk owes more than it holds.
 */
import { balanceOf, closeForward, debitBalance, openForward } from '../desk/ledger';
import { min } from '../lib/u128';
import { steps } from '../desk/steps';

export * from '../desk/desk';

steps.beginForward = (ledger, forward) => {
  const held = balanceOf(ledger, forward.account_id);
  if (held < BigInt(forward.amount)) throw new Error(`not enough tokens: ${forward.account_id} has ${held}, needs ${forward.amount}`);
  openForward(ledger, forward);
};

steps.settleForward = (ledger, forward, called, used) => {
  closeForward(ledger, forward);
  const spent = used ?? 0n;
  debitBalance(ledger, forward.account_id, min(spent, balanceOf(ledger, forward.account_id)));
  if (!called) steps.refund(forward, 1n);
  return spent;
};
