/**
 * Counting what one run exercised into a Coverage (from its scenario, plan and record),
 * and adding up the coverage of several sets of runs (a fuzz session's rounds).
 */
import type { RunRecord, StepRecord } from '../backend/index.js';
import type { Plan } from '../generate/index.js';
import { behaviourFails, type Scenario } from '../scenario/index.js';
import { answerKind, declaredExternalMethods, delayBlocks, externalCalls } from './external-calls.js';
import { stepsInGap } from './gap.js';
import { nearest } from './nearest.js';
import { emptyCallback, emptyUserMethod, type Coverage, type ExternalMethodCoverage, type UserMethodCoverage } from './types.js';

/** Distinct failure reasons kept per method; any further ones are counted together (a long fuzz session must not grow without bound). */
export const MAX_REASONS = 50;
export const OTHER_REASONS = '(other reasons)';
/** A reason longer than this is cut, with an ellipsis. */
const MAX_REASON_LENGTH = 200;

/** The backends that apply a plan's extra receipt delays and block orders (a node does not). */
const SCHEDULING_BACKENDS = new Set(['embedded']);

function count(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

function countReason(reasons: Record<string, number>, reason: string, by = 1): void {
  const known = reason in reasons || Object.keys(reasons).filter((r) => r !== OTHER_REASONS).length < MAX_REASONS;
  count(reasons, known ? reason : OTHER_REASONS, by);
}

/**
 * A reason as coverage groups it: the first line of the error text, its numbers (amounts,
 * ids, heights) written `<n>` so that one cause is one group, cut to a readable length.
 */
export function reasonText(text: string): string {
  const line = text.split('\n')[0]!.trim().replace(/\b\d+\b/g, '<n>');
  return line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH - 1)}…` : line;
}

function whyNot(step: StepRecord): string {
  switch (step.outcome) {
    case 'refused':
      return `refused: ${reasonText(step.refused ?? 'the transaction was refused')}`;
    case 'unfinished':
      return 'unfinished: the run ended before all its receipts ran';
    default:
      return reasonText(step.result ?? 'failed without an error text');
  }
}

/** Adds one run to `coverage`. */
export function addRun(coverage: Coverage, scenario: Scenario, plan: Plan, record: RunRecord): void {
  coverage.runs++;
  coverage.steps += plan.steps.length;

  const gap = stepsInGap(scenario, record);
  for (const [index, step] of plan.steps.entries()) {
    const method = (coverage.methods[step.method] ??= emptyUserMethod());
    const outcome = record.steps.find((s) => s.index === index);
    method.calls++;
    if (gap.has(index)) {
      method.inGap++;
      coverage.gapCalls++;
    }
    if (outcome?.outcome === 'success') method.succeeded++;
    else {
      if (outcome?.outcome === 'refused') method.refused++;
      else if (outcome?.outcome === 'failure') method.failed++;
      else method.unfinished++;
      countReason(method.reasons, outcome ? whyNot(outcome) : 'unfinished: never submitted');
    }
  }

  const declared = declaredExternalMethods(scenario);
  for (const call of externalCalls(scenario, plan, record)) {
    if (call.kind === 'undeclared') {
      const entry = (coverage.undeclared[call.key] ??= { calls: 0, why: call.why, ...withNearest(call.key, declared) });
      entry.calls++;
      continue;
    }
    const external = (coverage.external[call.key] ??= { kind: call.kind, calls: 0, answers: {}, failures: 0 });
    external.calls++;
    if (call.kind === 'fungible-token') {
      if (!call.receipt.ok) external.failures++;
      continue;
    }
    count(external.answers, answerKind(call.answer));
    if (behaviourFails(call.answer)) external.failures++;
    const held = delayBlocks(call.answer);
    if (held > 0) {
      coverage.scheduling.delayAnswers++;
      coverage.scheduling.delayAnswerBlocks += held;
    }
  }

  const callbacks = new Set(scenario.callbacks);
  for (const receipt of Object.values(record.receipts)) {
    if (receipt.step === undefined || receipt.receiver !== scenario.contract.id) continue;
    for (const action of receipt.actions) {
      if (action.kind !== 'call' || !callbacks.has(action.name)) continue;
      const callback = (coverage.callbacks[action.name] ??= emptyCallback());
      callback.calls++;
      const inputs = receipt.inputs ?? [];
      const failed = inputs.filter((i) => i === 'Failed').length;
      if (inputs.length === 0) callback.withoutResults++;
      else if (failed === 0) callback.allSucceeded++;
      else if (failed === inputs.length) callback.allFailed++;
      else callback.someFailed++;
    }
  }

  if (SCHEDULING_BACKENDS.has(record.backend)) {
    for (const [index, step] of plan.steps.entries()) {
      const tree = record.steps.find((s) => s.index === index)?.receipts.length ?? 0;
      for (const delay of step.delays) {
        if (delay.blocks <= 0 || delay.receipt >= tree) continue;
        coverage.scheduling.receiptDelays++;
        coverage.scheduling.receiptDelayBlocks += delay.blocks;
      }
    }
    record.blocks.forEach((block, index) => {
      if ((plan.order[index] ?? 0) !== 0 && block.receipts.length >= 2) coverage.scheduling.reorderedBlocks++;
    });
  }
}

function withNearest(key: string, declared: readonly string[]): { nearest?: string } {
  const found = nearest(key, declared);
  return found === undefined ? {} : { nearest: found };
}

function addUserMethod(into: UserMethodCoverage, from: UserMethodCoverage): void {
  into.calls += from.calls;
  into.succeeded += from.succeeded;
  into.failed += from.failed;
  into.refused += from.refused;
  into.unfinished += from.unfinished;
  into.inGap += from.inGap;
  for (const [reason, n] of Object.entries(from.reasons)) countReason(into.reasons, reason, n);
}

function addExternal(into: ExternalMethodCoverage, from: ExternalMethodCoverage): void {
  into.calls += from.calls;
  into.failures += from.failures;
  for (const [kind, n] of Object.entries(from.answers)) count(into.answers, kind, n);
}

/** Adds the coverage of more runs of the same scenario (a fuzz session's rounds) to `into`. */
export function mergeCoverage(into: Coverage, from: Coverage): void {
  into.runs += from.runs;
  into.steps += from.steps;
  into.gapCalls += from.gapCalls;
  for (const [name, method] of Object.entries(from.methods)) addUserMethod((into.methods[name] ??= emptyUserMethod()), method);
  for (const [key, external] of Object.entries(from.external)) addExternal((into.external[key] ??= { kind: external.kind, calls: 0, answers: {}, failures: 0 }), external);
  for (const [name, callback] of Object.entries(from.callbacks)) {
    const target = (into.callbacks[name] ??= emptyCallback());
    target.calls += callback.calls;
    target.allSucceeded += callback.allSucceeded;
    target.someFailed += callback.someFailed;
    target.allFailed += callback.allFailed;
    target.withoutResults += callback.withoutResults;
  }
  for (const [key, call] of Object.entries(from.undeclared)) {
    const target = (into.undeclared[key] ??= { ...call, calls: 0 });
    target.calls += call.calls;
  }
  for (const field of ['receiptDelays', 'receiptDelayBlocks', 'reorderedBlocks', 'delayAnswers', 'delayAnswerBlocks'] as const) into.scheduling[field] += from.scheduling[field];
}
