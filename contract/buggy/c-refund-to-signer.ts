/**
 * Defect (c): refund sent to the wrong account.
 *
 * Refunds go to the transaction's signer instead of the account that called the vault
 * (the predecessor recorded with the operation). They are the same account for a direct
 * call, but not when a contract calls the vault on a user's behalf: then the contract's
 * deposit is refunded to the user who signed, and the contract loses it.
 * (aurora-is-near/aurora-engine#330 swapped refund sender and receiver the same way.)
 */
import { near } from 'near-sdk-js';
import { sendNear } from '../vault/ledger';
import { steps } from '../vault/steps';

export * from '../vault/vault';

steps.refund = (_op, amount) => {
  sendNear(near.signerAccountId(), amount);
};
