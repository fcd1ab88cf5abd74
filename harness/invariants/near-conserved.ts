/**
 * NEAR conserved: the sum of all balances, the NEAR held by receipts still in flight and
 * the tokens burnt (net of burnt-gas rewards) never changes, block after block.
 */
import type { Invariant, Violation } from './types.js';
import { near } from './types.js';

export const nearConserved: Invariant = {
  name: 'near-conserved',
  needs: ['nearTotalAtStart', 'blocks'],
  check({ record }) {
    if (record.nearTotalAtStart === undefined) return [];
    const start = BigInt(record.nearTotalAtStart);
    const violations: Violation[] = [];
    for (const block of record.blocks) {
      if (block.nearTotal === undefined) continue;
      const total = BigInt(block.nearTotal);
      if (total !== start) {
        violations.push({
          invariant: 'near-conserved',
          block: block.height,
          message: `after block ${block.height} balances + in flight + burnt = ${near(total)}, expected ${near(start)}: ${near(total - start)} appeared from nowhere`,
        });
        break;
      }
    }
    return violations;
  },
};
