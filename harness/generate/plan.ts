/**
 * A generated run: the steps a test performs and every choice that shapes them. Plain
 * JSON (amounts as decimal strings), so it can be written to a counterexample file and
 * replayed exactly. The file's zod schema (counterexample/format.ts) must accept exactly
 * these types; it fails to compile when they drift apart.
 */
import type { Json, MockBehaviour } from '../scenario/behaviour.js';

/*
 * The bounds of a plan. A counterexample file is refused beyond them (so an edited file
 * cannot make a replay run for hours), and a scenario's `limits` may not ask the generator
 * for more (so everything the harness finds can be replayed). They sit far above what the
 * generator draws by default (6 steps, waits of 0-3 blocks, delays of 1-2 blocks, 2 receipt
 * delays a step, 12 order entries, one delay level) and low enough that the worst plan they
 * allow replays in about ten seconds (measured on the vault scenario with every bound at its
 * maximum): empty blocks cost well under a millisecond on the embedded runtime, and a run
 * settles within 400 blocks after its last step anyway.
 */
/** The most steps in a plan. */
export const MAX_PLAN_STEPS = 64;
/** The longest `wait` before a step, in blocks. */
export const MAX_WAIT_BLOCKS = 100;
/** The longest delay, in blocks: a receipt held by `delays`, or a mock's `delay` answer. */
export const MAX_DELAY_BLOCKS = 100;
/** The most receipt `delays` of one step. */
export const MAX_DELAYS_PER_STEP = 16;
/** The most `order` entries (one per block, from the first block of the run). */
export const MAX_ORDER_ENTRIES = 256;
/** The deepest nesting of `delay` answers in one mock behaviour (`delay … then delay …`). */
export const MAX_DELAY_NESTING = 8;

export interface PlannedDelay {
  /** Which receipt of this step's receipt tree, in creation order (0 = the first). */
  receipt: number;
  /** Extra blocks to hold it. */
  blocks: number;
}

export interface Step {
  caller: string;
  method: string;
  /** The account called (the contract unless the method says otherwise). */
  receiver: string;
  args: Json;
  /** yoctoNEAR, decimal. */
  deposit: string;
  /** Gas, decimal. */
  gas: string;
  /** Called through this relay mock: the contract sees it as predecessor, the caller as signer. */
  via?: string;
  /** Blocks produced before this step is submitted. 0: the same block as the previous step, so it lands in any gap that step opened. */
  wait: number;
  /** How each mock method answers this step's calls, by "account.method". */
  answers: Record<string, MockBehaviour>;
  /** Token contracts for which the caller is unregistered when this step's transfer to it runs. */
  unregisteredAt?: string[];
  delays: PlannedDelay[];
}

export interface Plan {
  steps: Step[];
  /**
   * Receipt order within blocks, one entry per block of the run (missing: 0). 0 runs a
   * block's receipts in emission order; another number picks a permutation NEAR could
   * also produce (FIFO between each sender and receiver kept).
   */
  order: number[];
}

export function planSize(plan: Plan): number {
  return plan.steps.length;
}
