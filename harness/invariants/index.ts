/**
 * The invariants library. Each invariant is usable alone; ALL_INVARIANTS is the set the
 * harness checks by default.
 */
import { callbacksPrivate } from './callbacks-private.js';
import { CALLBACKS_SUCCEED, callbacksSucceed } from './callbacks-succeed.js';
import { custom } from './custom.js';
import { depositRefunded } from './deposit-refunded.js';
import { LIABILITIES_BACKED, LiabilityViewError, liabilitiesBacked, liabilityChecks } from './liabilities-backed.js';
import { nearConserved } from './near-conserved.js';
import { QUIESCENT, quiescentUnlocked } from './quiescent.js';
import { stateRestored } from './state-restored.js';
import { RECORD_OVERHEAD_BYTES, STORAGE_BYTE_COST, STORAGE_PAID, storageBytes, storagePaid } from './storage-paid.js';
import type { Invariant } from './types.js';

export const ALL_INVARIANTS: readonly Invariant[] = [
  nearConserved,
  callbacksSucceed,
  depositRefunded,
  callbacksPrivate,
  liabilitiesBacked,
  storagePaid,
  quiescentUnlocked,
  custom,
  stateRestored,
];

export { callbacksPrivate, callbacksSucceed, custom, depositRefunded, liabilitiesBacked, nearConserved, quiescentUnlocked, stateRestored, storagePaid };
export { CALLBACKS_SUCCEED, LIABILITIES_BACKED, QUIESCENT, STORAGE_PAID };
export { liabilityChecks, LiabilityViewError, RECORD_OVERHEAD_BYTES, STORAGE_BYTE_COST, storageBytes };
export type { Invariant, InvariantContext, Violation } from './types.js';
export { near, describeStep, firstLine } from './types.js';
