/**
 * The invariants library. Each invariant is usable alone; ALL_INVARIANTS is the set the
 * harness checks by default.
 */
import { callbacksPrivate } from './callbacks-private.js';
import { custom } from './custom.js';
import { depositRefunded } from './deposit-refunded.js';
import { nearConserved } from './near-conserved.js';
import { QUIESCENT, quiescentUnlocked } from './quiescent.js';
import { stateRestored } from './state-restored.js';
import type { Invariant } from './types.js';

export const ALL_INVARIANTS: readonly Invariant[] = [nearConserved, depositRefunded, callbacksPrivate, quiescentUnlocked, custom, stateRestored];

export { callbacksPrivate, custom, depositRefunded, nearConserved, quiescentUnlocked, stateRestored, QUIESCENT };
export type { Invariant, InvariantContext, Violation } from './types.js';
export { near, describeStep, firstLine } from './types.js';
