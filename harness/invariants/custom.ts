/** Custom: the scenario's own predicates over views and raw storage. */
import type { Invariant } from './types.js';

export const custom: Invariant = {
  name: 'custom',
  needs: ['findings'],
  check({ scenario, record }) {
    const names = new Set((scenario.invariants ?? []).map((i) => i.name));
    return record.findings
      .filter((f) => names.has(f.invariant))
      .map((f) => ({ invariant: f.invariant, block: f.block, message: `${f.message} (after block ${f.block})` }));
  },
};
