/** What every invariant gets, and what it reports. */
import type { ReceiptRecord, RunRecord } from '../backend/index.js';
import type { Plan } from '../generate/index.js';
import type { Scenario } from '../scenario/index.js';

export interface Violation {
  invariant: string;
  /** Says which account, which call, which block, what was expected and what was seen. */
  message: string;
  step?: number | undefined;
  block?: number | undefined;
  /** The receipt that caused it (a failing callback, the receipt whose block broke a balance), when one did. */
  receipt?: string | undefined;
}

export interface InvariantContext {
  scenario: Scenario;
  plan: Plan;
  record: RunRecord;
  /** Runs another plan from the same start (for comparisons such as state-restored). */
  rerun(plan: Plan): Promise<RunRecord>;
  /**
   * Runs this plan without step `index`, as `rerun(withoutStep(plan, index))` would, but
   * from the state just before that step where the backend kept it.
   */
  rerunWithout?(index: number): Promise<RunRecord>;
}

/** A field of the run record: what a backend fills in (backend/record.ts). */
export type RecordField = Exclude<keyof RunRecord, 'backend'>;

export interface Invariant {
  name: string;
  /**
   * The run-record fields the invariant reads (of the run, and of reruns): a backend that
   * cannot fill one of them cannot support this invariant. Checked by a test that blanks
   * every other field and expects the same verdict.
   */
  needs: readonly RecordField[];
  check(context: InvariantContext): Violation[] | Promise<Violation[]>;
}

export const NEAR = 10n ** 24n;

/** yoctoNEAR as a readable amount: "1.5 NEAR (1500000000000000000000000 yocto)". */
export function near(yocto: bigint | string): string {
  const value = BigInt(yocto);
  const whole = value / NEAR;
  const fraction = (value < 0n ? -value : value) % NEAR;
  const decimals = fraction === 0n ? '' : `.${fraction.toString().padStart(24, '0').replace(/0+$/, '')}`;
  return `${whole}${decimals} NEAR (${value} yocto)`;
}

export function describeStep(plan: Plan, index: number): string {
  const step = plan.steps[index]!;
  const via = step.via ? ` via ${step.via}` : '';
  return `step ${index} (${step.caller}${via} → ${step.receiver}.${step.method}, deposit ${step.deposit})`;
}

/** The first line of an error text (near-sdk-js appends a JS stack after a newline). */
export function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]!.trim();
}

/** yoctoNEAR a receipt carries, over all its actions. */
export const deposits = (r: ReceiptRecord) => r.actions.reduce((sum, a) => sum + BigInt(a.deposit), 0n);
/** yoctoNEAR a receipt carries in Transfer actions only (change sent back, refunds paid out). */
export const transfers = (r: ReceiptRecord) => r.actions.filter((a) => a.kind === 'transfer').reduce((sum, a) => sum + BigInt(a.deposit), 0n);
