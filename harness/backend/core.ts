/**
 * The one run procedure both backends follow. A backend says only how it starts a run,
 * submits, advances and observes (a RunSession); everything else — the order of the
 * phases, what the record holds, final state, checks and callback probes — happens here,
 * once:
 *
 *   start      a fresh start: the scenario's accounts, code and setup calls (a snapshot
 *              the embedded backend restores; fresh accounts on a node)
 *   submit     per step: advance its `wait` blocks, then send its transaction
 *   settle     produce blocks until nothing is pending (or the budget runs out)
 *   outcomes   every receipt's outcome and what each step became
 *   final      the settled state: storage, balances, projections; the scenario's checks
 *   probes     each callback called by a foreign account
 *   finish     the backend lets go of the run (hooks removed, nothing left behind)
 */
import { withoutStep, type Plan, type Step } from '../generate/index.js';
import type { Json, Scenario, StateView } from '../scenario/index.js';
import type { Backend, RunOptions } from './backend.js';
import { captureFinalState, type SettledState } from './final-state.js';
import { probeCallbacks, type ProbeOutcome } from './probes.js';
import { emptyRunRecord, type RunRecord, type StepRecord } from './record.js';

export const RUN_PHASES = ['start', 'submit', 'settle', 'outcomes', 'final', 'probes', 'finish'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

/** One run on one backend, from its fresh start to its end. */
export interface RunSession {
  /** Whether `observe` checks run after every block (the embedded runtime) or once the run settled (a node). */
  readonly observesEveryBlock: boolean;
  /** Produce this many blocks (recording them, and observing after each, where the backend can). */
  advance(blocks: number): Promise<void>;
  /** Send a step's transaction without waiting for it; refused transactions are recorded as such. */
  submit(step: Step, index: number): Promise<StepRecord>;
  /** Produce blocks until nothing is pending; false if the budget ran out first. */
  settle(): Promise<boolean>;
  /** Every receipt of the steps' transactions into record.receipts, and each step's outcome. */
  collectOutcomes(record: RunRecord): Promise<void>;
  settledState(): Promise<SettledState>;
  /** Call a callback as the attacker on the settled state (undone afterwards where the backend can). */
  probe(method: string, args: Json): Promise<ProbeOutcome>;
  /** The current block height. */
  height(): number;
  /** Everything a run from this point needs, where the backend can restore it. */
  checkpoint?(): unknown;
  finish(): Promise<void>;
}

export abstract class BackendCore implements Backend {
  abstract readonly name: string;

  constructor(readonly scenario: Scenario) {}

  /** Phase `start`: a fresh run of this backend, recording into `record`. */
  protected abstract start(plan: Plan, record: RunRecord, options: RunOptions): Promise<RunSession>;

  /**
   * A run resumed at a checkpoint its session took, recording into `record` (which gets
   * what the run had recorded up to there); undefined where the backend cannot resume.
   */
  protected resume(_plan: Plan, _record: RunRecord, _options: RunOptions, _checkpoint: unknown): Promise<RunSession> | undefined {
    return undefined;
  }

  async run(plan: Plan, options: RunOptions = {}): Promise<RunRecord> {
    const record = emptyRunRecord(this.name);
    const session = await this.start(plan, record, options);
    return this.complete(session, plan, 0, record, options);
  }

  async rerunWithout(plan: Plan, index: number, checkpoints: ReadonlyMap<number, unknown> | undefined, options: RunOptions = {}): Promise<RunRecord> {
    const other = withoutStep(plan, index);
    const checkpoint = checkpoints?.get(index);
    const record = emptyRunRecord(this.name);
    const session = checkpoint === undefined ? undefined : await this.resume(other, record, options, checkpoint);
    // Up to the removed step both plans are the same, so their runs are too (runs are deterministic).
    return session ? this.complete(session, other, index, record, options) : this.run(other, options);
  }

  /** Runs the steps from `first` on, then settles, collects and judges. */
  private async complete(session: RunSession, plan: Plan, first: number, record: RunRecord, options: RunOptions): Promise<RunRecord> {
    try {
      if (options.atStart && first === 0) options.atStart((await session.settledState()).view);
      for (let index = first; index < plan.steps.length; index++) {
        const step = plan.steps[index]!;
        if (options.checkpoints && session.checkpoint) options.checkpoints.set(index, session.checkpoint());
        await session.advance(step.wait);
        record.steps.push(await session.submit(step, index));
      }
      record.settled = await session.settle();
      await session.collectOutcomes(record);

      // Projections, `quiescent`, final checks and liabilities often ask the same view of the
      // same settled state (get_account of each user, get_totals): each is computed once.
      const settled = await session.settledState();
      const state = { ...settled, view: viewsOnce(settled.view) };
      captureFinalState(this.scenario, state, record);
      const block = session.height();
      const checks = [...(session.observesEveryBlock ? [] : (options.observe?.(state.view) ?? [])), ...(options.finalChecks?.(state.view) ?? [])];
      for (const finding of checks) record.findings.push({ ...finding, block });

      if (options.probeCallbacks) await probeCallbacks(this.scenario, record, (method, args) => session.probe(method, args));
    } finally {
      await session.finish();
    }
    return record;
  }

  async close(): Promise<void> {}
}

/**
 * A view of a state that does not change while it is read: each (account, method, args)
 * runs once; callers get their own copy of the answer (or the same error again).
 */
export function viewsOnce(state: StateView): StateView {
  const answers = new Map<string, { value: unknown } | { error: unknown }>();
  return {
    get height() {
      return state.height;
    },
    get busy() {
      return state.busy;
    },
    view<T>(accountId: string, method: string, args?: Json): T {
      const key = JSON.stringify([accountId, method, args ?? null]);
      let answer = answers.get(key);
      if (!answer) {
        try {
          answer = { value: state.view<T>(accountId, method, args) };
        } catch (error) {
          answer = { error };
        }
        answers.set(key, answer);
      }
      if ('error' in answer) throw answer.error;
      // The view's own contract: its answer is the JSON the contract returned, typed by the caller.
      return structuredClone(answer.value) as T;
    },
    storage: (accountId) => state.storage(accountId),
    balance: (accountId) => state.balance(accountId),
    netReceived: (accountId) => state.netReceived(accountId),
    inFlightTo: (accountId, from) => state.inFlightTo(accountId, from),
    storageUsage: (accountId) => state.storageUsage(accountId),
  };
}
