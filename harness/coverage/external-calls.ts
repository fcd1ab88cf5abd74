/**
 * The external calls of a run, read from its record: every call a receipt made on a mock
 * or token account (from the contract, or from another external contract answering with
 * its answer), and for a generated mock the answer injected into it — the step's answer
 * for "mock.method", else the method's default behaviour, else success — as the backend
 * applied it:
 *   embedded (harness/backend/embedded.ts)  per receipt, from the receipt's own step; given
 *       at once inside a batch; a re-entrant answer re-enters once per operation;
 *   a node (harness/backend/workspaces.ts)  per signer, set when a step is submitted: a
 *       receipt gets the answers of its signer's latest step submitted by the block it runs
 *       in (so two steps of one user in flight share the later one's); storage_deposit is
 *       answered at once.
 * The record does not say which answer a receipt got; this follows each backend's rule.
 */
import { answerFor, attackerOf, type ReceiptRecord, type RunRecord } from '../backend/index.js';
import type { Plan } from '../generate/index.js';
import { immediateBehaviour, MOCK_OWN_METHODS, type MockBehaviour, type MockSpec, type Scenario } from '../scenario/index.js';

/** What the NEP-141/145 mock token (mocks/mock-ft.ts) exports; a test checks this against its wasm. */
export const FUNGIBLE_TOKEN_METHODS: readonly string[] = [
  'ft_balance_of',
  'ft_metadata',
  'ft_resolve_transfer',
  'ft_total_supply',
  'ft_transfer',
  'ft_transfer_call',
  'init',
  'storage_balance_bounds',
  'storage_balance_of',
  'storage_deposit',
  'storage_unregister',
];

export type ExternalCall =
  /** A declared method of a generated mock, and the answer injected into this call. */
  | { kind: 'mock'; key: string; receipt: ReceiptRecord; answer: MockBehaviour }
  /** A method of a fungible-token mock, which answers for itself. */
  | { kind: 'fungible-token'; key: string; receipt: ReceiptRecord }
  /** A call the scenario does not declare. */
  | { kind: 'undeclared'; key: string; receipt: ReceiptRecord; why: 'not-in-interface' | 'not-exported' | 'unknown-account' };

/** Every external method the scenario declares, "<account>.<method>": each mock's interface and each token's exports. */
export function declaredExternalMethods(scenario: Scenario): string[] {
  return scenario.mocks.flatMap((mock) =>
    mock.kind === 'mock' ? Object.keys(mock.methods ?? {}).map((m) => `${mock.id}.${m}`) : FUNGIBLE_TOKEN_METHODS.map((m) => `${mock.id}.${m}`),
  );
}

/** The accounts that are not external contracts: the contract under test, the users, the attacker, and NEAR's `system` (refunds). */
function ownAccounts(scenario: Scenario): Set<string> {
  return new Set([scenario.contract.id, ...scenario.users.map((u) => u.id), attackerOf(scenario), 'system']);
}

/** The external calls of one run, in the order the record lists its receipts (execution order). */
export function externalCalls(scenario: Scenario, plan: Plan, record: RunRecord): ExternalCall[] {
  const answer = record.backend === 'embedded' ? perReceiptAnswers(plan) : perSignerAnswers(plan, record);
  const mocks = new Map(scenario.mocks.map((m) => [m.id, m]));
  const own = ownAccounts(scenario);
  const users = new Set(scenario.users.map((u) => u.id));
  const calls: ExternalCall[] = [];
  for (const receipt of Object.values(record.receipts)) {
    if (receipt.step === undefined || own.has(receipt.receiver) || receipt.predecessor === receipt.receiver || users.has(receipt.predecessor)) continue;
    const methods = receipt.actions.filter((a) => a.kind === 'call').map((a) => a.name);
    const mock = mocks.get(receipt.receiver);
    for (const method of methods) {
      if ((MOCK_OWN_METHODS as readonly string[]).includes(method) && mock?.kind === 'mock') continue;
      const key = `${receipt.receiver}.${method}`;
      if (!mock) {
        calls.push({ kind: 'undeclared', key, receipt, why: 'unknown-account' });
      } else if (mock.kind === 'fungible-token') {
        calls.push(FUNGIBLE_TOKEN_METHODS.includes(method) ? { kind: 'fungible-token', key, receipt } : { kind: 'undeclared', key, receipt, why: 'not-exported' });
      } else if (mock.methods?.[method] === undefined) {
        calls.push({ kind: 'undeclared', key, receipt, why: 'not-in-interface' });
      } else {
        calls.push({ kind: 'mock', key, receipt, answer: answer(receipt, receipt.step, mock, method, methods.length > 1) });
      }
    }
  }
  return calls;
}

type AnswerRule = (receipt: ReceiptRecord, step: number, mock: MockSpec, method: string, batch: boolean) => MockBehaviour;

/** The answer the plan gives a step's call: the backends' own rule (answerFor). */
const planned = (plan: Plan, step: number, mock: MockSpec, method: string): MockBehaviour => answerFor(plan.steps[step], mock, method);

/** The embedded runtime's rule: the receipt's own step's answer; at once inside a batch; a re-entrant answer re-enters once per operation. */
function perReceiptAnswers(plan: Plan): AnswerRule {
  /** Steps whose operation a mock has already re-entered. */
  const reentered = new Set<number>();
  return (_receipt, step, mock, method, batch) => {
    let answer = planned(plan, step, mock, method);
    if (batch) answer = immediateBehaviour(answer);
    if (answer.kind === 'reenter') {
      if (reentered.has(step)) answer = answer.then;
      else reentered.add(step);
    }
    return answer;
  };
}

/** A node's rule: the answers of the signer's latest step submitted by the receipt's block; storage_deposit at once. */
function perSignerAnswers(plan: Plan, record: RunRecord): AnswerRule {
  const submitted = new Map(record.steps.map((s) => [s.index, s.submittedAtBlock]));
  return (receipt, step, mock, method) => {
    const signer = plan.steps[step]?.caller;
    let inEffect = step;
    plan.steps.forEach((other, index) => {
      if (index > inEffect && other.caller === signer && (submitted.get(index) ?? Infinity) <= receipt.block) inEffect = index;
    });
    const answer = planned(plan, inEffect, mock, method);
    return method === 'storage_deposit' ? immediateBehaviour(answer) : answer;
  };
}

/** An answer's kind as coverage counts it: "fail", "delay/fail", "reenter/return". */
export function answerKind(answer: MockBehaviour): string {
  return answer.kind === 'delay' || answer.kind === 'reenter' ? `${answer.kind}/${answerKind(answer.then)}` : answer.kind;
}

/** The blocks a `delay` answer (nested ones added up) holds the answer back; 0 for an answer given at once. */
export function delayBlocks(answer: MockBehaviour): number {
  if (answer.kind === 'delay') return answer.blocks + delayBlocks(answer.then);
  return answer.kind === 'reenter' ? delayBlocks(answer.then) : 0;
}
