/** Callbacks private: a callback called directly from a foreign account must fail. */
import type { Invariant } from './types.js';

export const callbacksPrivate: Invariant = {
  name: 'callbacks-private',
  needs: ['probes'],
  check({ scenario, record }) {
    return record.probes
      .filter((p) => p.ok)
      .map((p) => ({
        invariant: 'callbacks-private',
        message:
          `callback ${scenario.contract.id}.${p.method} accepted a direct call from ${p.caller} with arguments ` +
          `${JSON.stringify(p.args)}; expected it to fail (e.g. "Function is private"), it succeeded`,
      }));
  },
};
