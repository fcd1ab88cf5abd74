/** The settled state of a run, as both backends record it: raw storage, balances and the scenario's projections. */
import type { Json, Scenario, StateView } from '../scenario/index.js';
import type { RunRecord } from './record.js';

/** What a backend shows of a run once it has settled, in the scenario's account names. */
export interface SettledState {
  /** What custom invariants, `quiescent` and projections read. */
  view: StateView;
  /** An account's raw contract storage: latin1 key → value. */
  storage(accountId: string): Map<string, Uint8Array>;
  /** Every account's balance (yoctoNEAR, decimal) that the backend can see. */
  balances(): Record<string, string>;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** Fills finalStorage (contract and mocks, keys sorted, hex), finalBalances and finalProjections (each user, each projection). */
export function captureFinalState(scenario: Scenario, state: SettledState, record: RunRecord): void {
  for (const id of [scenario.contract.id, ...scenario.mocks.map((m) => m.id)]) {
    const entries = [...state.storage(id).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    record.finalStorage[id] = Object.fromEntries(entries.map(([key, value]) => [Buffer.from(key, 'latin1').toString('hex'), hex(value)]));
  }
  record.finalBalances = state.balances();
  for (const projection of scenario.projections ?? []) {
    for (const user of scenario.users) {
      const name = `${projection.method}(${user.id})`;
      try {
        record.finalProjections[name] = state.view.view<Json>(scenario.contract.id, projection.method, projection.args(user.id));
      } catch (error) {
        record.finalProjections[name] = `view failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
  }
}
