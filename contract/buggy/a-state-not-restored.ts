/**
 * Defect (a): state not restored when the external call fails.
 *
 * When ft_transfer fails (e.g. the user never registered storage with the token), the
 * callback returns the attached yocto but forgets to give the tokens back to the user's
 * vault balance: they were debited before the call and are now lost. This is
 * ref-finance/ref-contracts#13 and the USN v2.0 incident.
 */
import { steps } from '../vault/steps';

export * from '../vault/vault';

steps.settleTokenWithdraw = (_ledger, op, succeeded) => {
  if (succeeded) return;
  steps.refund(op, 1n);
};
