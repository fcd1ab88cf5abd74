/** Running one plan and judging it: the step both searching and minimizing repeat. */
import type { Backend, RunOptions, RunRecord } from '../backend/index.js';
import type { Plan } from '../generate/index.js';
import { ALL_INVARIANTS, QUIESCENT, liabilityChecks, type Invariant, type Violation } from '../invariants/index.js';
import type { Scenario } from '../scenario/index.js';

export interface RunVerdict {
  plan: Plan;
  record: RunRecord;
  violations: Violation[];
}

/** The options that make a backend collect what the invariants need. */
export function runOptions(scenario: Scenario): RunOptions {
  const everyBlock = (scenario.invariants ?? []).filter((i) => (i.when ?? 'every-block') === 'every-block');
  const atEnd = (scenario.invariants ?? []).filter((i) => i.when === 'quiescent');
  const findings = (invariants: typeof everyBlock, state: Parameters<NonNullable<RunOptions['observe']>>[0]) =>
    invariants.flatMap((invariant) => {
      const message = invariant.check(state, scenario);
      return message ? [{ invariant: invariant.name, message }] : [];
    });
  const liabilities = scenario.liabilities?.length ? liabilityChecks(scenario) : undefined;
  return {
    atStart: liabilities?.start,
    observe: everyBlock.length || liabilities ? (state, touched) => [...findings(everyBlock, state), ...(liabilities?.check(state, touched) ?? [])] : undefined,
    finalChecks: (state) => {
      const quiescent = scenario.quiescent?.(state, scenario);
      return [...(quiescent ? [{ invariant: QUIESCENT, message: quiescent }] : []), ...findings(atEnd, state), ...(liabilities?.check(state) ?? [])];
    },
    probeCallbacks: scenario.callbacks.length > 0,
  };
}

/**
 * A rerun (state-restored's run without one operation) is compared by its steps, receipts,
 * final storage and projections only: it needs no per-block views, final checks or
 * callback probes, which would otherwise double the cost of checking every operation. It
 * starts from the checkpoint before the removed operation, so checking the last of n
 * operations costs one step, not n.
 */
const RERUN_OPTIONS: RunOptions = { probeCallbacks: false };

/** Runs one plan and judges it. */
export async function checkPlan(backend: Backend, plan: Plan, invariants: readonly Invariant[] = ALL_INVARIANTS): Promise<RunVerdict> {
  // The state before each step, so a rerun without a step starts there (where the backend can).
  const checkpoints = new Map<number, unknown>();
  const record = await backend.run(plan, { ...runOptions(backend.scenario), checkpoints });
  const violations: Violation[] = [];
  const context = {
    scenario: backend.scenario,
    plan,
    record,
    rerun: (other: Plan) => backend.run(other, RERUN_OPTIONS),
    rerunWithout: (index: number) => backend.rerunWithout(plan, index, checkpoints, RERUN_OPTIONS),
  };
  for (const invariant of invariants) violations.push(...(await invariant.check(context)));
  return { plan, record, violations };
}

