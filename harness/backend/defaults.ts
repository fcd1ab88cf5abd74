/**
 * What both backends assume unless the scenario says otherwise: where the harness lives,
 * how much gas a call gets, what accounts start with, how long a run may take to settle.
 */
/** The harness package's own root (this repository, or node_modules/near-rollback-harness). */
export { PACKAGE_ROOT } from '../node/index.js';

/** Gas of a setup call, a probe, and a step whose method names none: 300 Tgas. */
export const DEFAULT_GAS = 300_000_000_000_000n;
/** Gas a relay mock forwards with a relayed call. */
export const RELAY_FORWARD_GAS = 200_000_000_000_000n;
/** What the contract and mock accounts start with unless the scenario says. */
export const DEFAULT_CONTRACT_BALANCE = 100n * 10n ** 24n;
/** What the probing attacker starts with when the scenario does not create it. */
export const ATTACKER_BALANCE = 1_000n * 10n ** 24n;
/** Blocks a run may take to settle after its last step before it counts as unsettled. */
export const MAX_SETTLE_BLOCKS = 400;
