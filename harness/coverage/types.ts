/**
 * What a set of runs exercised: per user method, per external method, per callback, how
 * many calls landed in an open call→callback gap, and the scheduling choices applied. Plain
 * JSON (counts only, no times), so the same runs give the same bytes (`coverage.json`).
 */
import type { Scenario } from '../scenario/index.js';

export interface UserMethodCoverage {
  /** Steps that called it. */
  calls: number;
  /** Transactions that ended in success. */
  succeeded: number;
  /** Transactions that ended in failure (a receipt of its tree failed the outcome). */
  failed: number;
  /** Transactions refused before they became a receipt (too large, not enough balance, …). */
  refused: number;
  /** Transactions whose receipts had not all run when the run ended. */
  unfinished: number;
  /** Calls whose first receipt on the contract ran while another step's call was waiting for its callback. */
  inGap: number;
  /** Why calls did not succeed: the first line of the error → how many calls. */
  reasons: Record<string, number>;
}

export interface ExternalMethodCoverage {
  /**
   * 'mock': a generated mock, whose answers the harness injects; 'fungible-token': the
   * NEP-141 mock, which answers for itself (only unregistered receivers are injected).
   */
  kind: 'mock' | 'fungible-token';
  /** Receipts calling it (from the contract, or from another external contract). */
  calls: number;
  /** mock: the answers injected, by kind ("return", "fail", "delay/fail", "reenter/return", …). */
  answers: Record<string, number>;
  /** mock: answers injected that fail the call (fail, trap, exhaust-gas, also after a delay or a re-entry); fungible token: calls whose receipt failed. */
  failures: number;
}

export interface CallbackCoverage {
  /** Receipts running it. */
  calls: number;
  /** Every awaited promise it received succeeded. */
  allSucceeded: number;
  /** Some succeeded, some failed. */
  someFailed: number;
  /** Every one failed. */
  allFailed: number;
  /** It ran with no promise results (called directly, not as a callback). */
  withoutResults: number;
}

/** Calls the contract made that the scenario does not declare. */
export interface UndeclaredCall {
  calls: number;
  /** Why it is not declared: the mock does not declare the method, the token does not export it, or no scenario account has that id. */
  why: 'not-in-interface' | 'not-exported' | 'unknown-account';
  /** The declared external method closest to it (edit distance), if any is declared. */
  nearest?: string;
}

export interface SchedulingCoverage {
  /** Extra receipt delays of the plan that had a receipt to hold (embedded backend only), and their blocks. */
  receiptDelays: number;
  receiptDelayBlocks: number;
  /** Blocks the plan reordered (a non-zero `plan.order` entry for a block that ran two or more receipts; embedded backend only). */
  reorderedBlocks: number;
  /** `delay` answers injected, and the blocks they held the answer back. */
  delayAnswers: number;
  delayAnswerBlocks: number;
}

export interface Coverage {
  scenario: string;
  /** Runs counted (the search's; shrinking reruns are not). */
  runs: number;
  /** Steps over those runs. */
  steps: number;
  /** Per user method (scenario.methods), by name. */
  methods: Record<string, UserMethodCoverage>;
  /** Per external method, "<mock account>.<method>": every declared mock method, and every token method called. */
  external: Record<string, ExternalMethodCoverage>;
  /** Per callback (scenario.callbacks). */
  callbacks: Record<string, CallbackCoverage>;
  /** External methods called that the scenario does not declare, "<account>.<method>". */
  undeclared: Record<string, UndeclaredCall>;
  /** Calls whose first receipt on the contract landed in another call's open call→callback gap. */
  gapCalls: number;
  scheduling: SchedulingCoverage;
}

export const emptyUserMethod = (): UserMethodCoverage => ({ calls: 0, succeeded: 0, failed: 0, refused: 0, unfinished: 0, inGap: 0, reasons: {} });
export const emptyCallback = (): CallbackCoverage => ({ calls: 0, allSucceeded: 0, someFailed: 0, allFailed: 0, withoutResults: 0 });

/** The coverage of no runs: every user method, declared mock method and callback of the scenario at zero. */
export function emptyCoverage(scenario: Scenario): Coverage {
  const external: Record<string, ExternalMethodCoverage> = {};
  for (const mock of scenario.mocks) {
    if (mock.kind !== 'mock') continue;
    for (const method of Object.keys(mock.methods ?? {})) external[`${mock.id}.${method}`] = { kind: 'mock', calls: 0, answers: {}, failures: 0 };
  }
  return {
    scenario: scenario.name,
    runs: 0,
    steps: 0,
    methods: Object.fromEntries(scenario.methods.map((m) => [m.name, emptyUserMethod()])),
    external,
    callbacks: Object.fromEntries(scenario.callbacks.map((c) => [c, emptyCallback()])),
    undeclared: {},
    gapCalls: 0,
    scheduling: { receiptDelays: 0, receiptDelayBlocks: 0, reorderedBlocks: 0, delayAnswers: 0, delayAnswerBlocks: 0 },
  };
}
