/**
 * Defect (f): debit done only in the callback.
 *
 * pay checks the balance before calling the merchant but debits it only when the
 * callback sees success. Every pay landing in the gap passes the same check, so a user
 * can pay out far more than their balance: the vault is drained with other users' NEAR.
 */
import { balanceOf, debitBalance } from '../vault/ledger';
import { steps } from '../vault/steps';

export * from '../vault/vault';

steps.beginPay = (ledger, accountId, amount) => {
  const balance = balanceOf(ledger, accountId);
  if (balance < amount) throw new Error(`not enough balance: ${accountId} has ${balance}, needs ${amount}`);
};

steps.settlePay = (ledger, op, succeeded) => {
  if (!succeeded) return;
  const amount = BigInt(op.amount);
  const balance = balanceOf(ledger, op.account_id);
  debitBalance(ledger, op.account_id, balance < amount ? balance : amount);
};
