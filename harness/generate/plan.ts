/**
 * A generated run: the steps a test performs and every choice that shapes them. Plain
 * JSON (amounts as decimal strings), so it can be written to a counterexample file and
 * replayed exactly. The file's zod schema (counterexample/format.ts) must accept exactly
 * these types; it fails to compile when they drift apart.
 */
import type { Json, MockBehaviour } from '../scenario/index.js';

export { MAX_DELAY_BLOCKS, MAX_DELAY_NESTING, MAX_DELAYS_PER_STEP, MAX_ORDER_ENTRIES, MAX_PLAN_STEPS, MAX_WAIT_BLOCKS } from '../scenario/index.js';

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
  via?: string | undefined;
  /** Blocks produced before this step is submitted. 0: the same block as the previous step, so it lands in any gap that step opened. */
  wait: number;
  /** How each mock method answers this step's calls, by "account.method". */
  answers: Record<string, MockBehaviour>;
  /** Token contracts for which the caller is unregistered when this step's transfer to it runs. */
  unregisteredAt?: string[] | undefined;
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

/** The plan without one step; the removed step's waiting stays, so later steps keep their blocks. */
export function withoutStep(plan: Plan, index: number): Plan {
  const steps = plan.steps.filter((_, i) => i !== index);
  const removed = plan.steps[index]!;
  const next = steps[index];
  if (next) steps[index] = { ...next, wait: next.wait + removed.wait };
  return { ...plan, steps };
}
