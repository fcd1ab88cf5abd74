/**
 * Defect (d): callback not private.
 *
 * The callbacks no longer check that the vault itself called them. Anyone can call
 * on_stake({account_id, amount}) directly: with no promise result it takes the failure
 * branch and "refunds" any amount to any account, draining the vault.
 */
import { steps } from '../vault/steps';

export * from '../vault/vault';

steps.requireCallerIsVault = () => {};
