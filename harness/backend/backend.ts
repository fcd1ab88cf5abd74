/** A backend runs plans against real contracts: embedded (in-process) or a near-workspaces node. */
import type { Plan } from '../generate/index.js';
import type { Scenario, StateView } from '../scenario/index.js';
import type { RunRecord } from './record.js';

export interface RunOptions {
  /** Called once before the first step, with read access to the state every run starts from. */
  atStart?: ((state: StateView) => void) | undefined;
  /**
   * Called after every block with read access to the state. Returns findings to record.
   * `touched`: the accounts whose storage or balance receipts changed in that block, or that
   * received NEAR (ending its flight), where the backend knows them (a view reads only its own
   * account); undefined: anything may have changed.
   */
  observe?: ((state: StateView, touched?: ReadonlySet<string>) => { invariant: string; message: string }[]) | undefined;
  /** Called once everything has settled (or the block budget ran out). Returns findings. */
  finalChecks?: (state: StateView) => { invariant: string; message: string }[];
  /** Call every callback from a foreign account once the run has settled. */
  probeCallbacks?: boolean;
  /**
   * Filled, where the backend can, with the state just before each step (keyed by step
   * index), so `rerunWithout` can start there instead of from the beginning.
   */
  checkpoints?: Map<number, unknown> | undefined;
}

export interface Backend {
  readonly name: string;
  readonly scenario: Scenario;
  run(plan: Plan, options?: RunOptions): Promise<RunRecord>;
  /**
   * Runs `plan` without step `index`: from the checkpoint the run of `plan` kept before
   * that step when there is one (the run up to there is the same), else from the start.
   */
  rerunWithout(plan: Plan, index: number, checkpoints: ReadonlyMap<number, unknown> | undefined, options?: RunOptions): Promise<RunRecord>;
  close(): Promise<void>;
}
