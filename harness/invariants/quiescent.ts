/**
 * Quiescent and unlocked: every chain of receipts finishes, and once it has, the scenario's
 * predicate finds no pending or locked state left behind.
 */
import type { Invariant, Violation } from './types.js';

export const QUIESCENT = 'quiescent-unlocked';

export const quiescentUnlocked: Invariant = {
  name: QUIESCENT,
  needs: ['settled', 'findings'],
  check({ record }) {
    const violations: Violation[] = [];
    if (!record.settled) {
      violations.push({ invariant: QUIESCENT, message: 'receipts were still pending when the block budget ran out: the run never settled' });
    }
    for (const finding of record.findings.filter((f) => f.invariant === QUIESCENT)) {
      violations.push({ invariant: QUIESCENT, block: finding.block, message: finding.message });
    }
    return violations;
  },
};
