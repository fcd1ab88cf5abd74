/**
 * Whether a plan could have come from its scenario: every caller, method, relay, mock answer
 * and token the plan names must be one the generator could have drawn for that scenario
 * (generate/arbitraries.ts). Anything else would replay "fine" while testing nothing the
 * scenario describes.
 */
import type { Plan, Step } from '../generate/index.js';
import type { MockBehaviour, Scenario } from '../scenario/index.js';
import { notA, type FieldPath } from './problem.js';

/** What the scenario lets a plan name, with the wording of its problems. */
interface Vocabulary {
  scenario: Scenario;
  /** `scenario "vault"` */
  named: string;
  users: string[];
  relays: string[];
  tokens: string[];
  /** "<mock account>.<method>" of every mock method a step may choose the answer of. */
  answerKeys: string[];
  /** Methods of the contract under test a re-entrant answer may call. */
  contractMethods: string[];
}

const listed = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : 'none');

function vocabularyOf(scenario: Scenario): Vocabulary {
  const mocks = scenario.mocks.filter((m) => m.kind === 'mock');
  return {
    scenario,
    named: `scenario "${scenario.name}"`,
    users: scenario.users.map((u) => u.id),
    relays: mocks.filter((m) => m.relay).map((m) => m.id),
    tokens: scenario.mocks.filter((m) => m.kind === 'fungible-token').map((m) => m.id),
    // Every method of a mock's declared interface can be told how to answer.
    answerKeys: mocks.flatMap((m) => Object.keys(m.methods ?? {}).map((method) => `${m.id}.${method}`)),
    contractMethods: [...new Set(scenario.methods.filter((m) => (m.receiver ?? scenario.contract.id) === scenario.contract.id).map((m) => m.name))],
  };
}

function callProblems(step: Step, at: FieldPath, words: Vocabulary): string[] {
  const { scenario, named } = words;
  const sameName = scenario.methods.filter((m) => m.name === step.method);
  if (sameName.length === 0) {
    return [notA([...at, 'method'], step.method, `a method of ${named} (its methods: ${listed([...new Set(scenario.methods.map((m) => m.name))])})`)];
  }
  const receivers = sameName.map((m) => m.receiver ?? scenario.contract.id);
  const method = sameName.find((m) => (m.receiver ?? scenario.contract.id) === step.receiver);
  if (!method) return [notA([...at, 'receiver'], step.receiver, `the account ${named} calls "${step.method}" on (${listed(receivers)})`)];
  if (step.via === undefined) return [];
  if (!method.relayable) return [notA([...at, 'via'], step.via, `allowed here: method "${step.method}" of ${named} is not relayable, so it is never called through a relay`)];
  if (!words.relays.includes(step.via)) return [notA([...at, 'via'], step.via, `a relay mock of ${named} (its relays: ${listed(words.relays)})`)];
  return [];
}

function stepProblems(step: Step, index: number, words: Vocabulary): string[] {
  const at = ['plan', 'steps', index] as const;
  const problems: string[] = [];
  if (!words.users.includes(step.caller)) problems.push(notA([...at, 'caller'], step.caller, `a user of ${words.named} (its users: ${listed(words.users)})`));
  problems.push(...callProblems(step, at, words));
  for (const [key, answer] of Object.entries(step.answers)) {
    if (!words.answerKeys.includes(key)) {
      problems.push(notA([...at, 'answers', key], key, `"<mock account>.<method>" of a mock of ${words.named} (one of: ${listed(words.answerKeys)})`));
    }
    problems.push(...answerProblems(answer, [...at, 'answers', key], words));
  }
  for (const [i, token] of (step.unregisteredAt ?? []).entries()) {
    if (!words.tokens.includes(token)) problems.push(notA([...at, 'unregisteredAt', i], token, `a fungible-token mock of ${words.named} (its tokens: ${listed(words.tokens)})`));
  }
  return problems;
}

/** What an answer names: a promise's target must be a mock method, a re-entrant call a method of the contract. */
function answerProblems(answer: MockBehaviour, at: FieldPath, words: Vocabulary): string[] {
  switch (answer.kind) {
    case 'promise': {
      const target = `${answer.account}.${answer.method}`;
      return words.answerKeys.includes(target) ? [] : [notA([...at, 'account'], target, `a mock method of ${words.named} to answer with (one of: ${listed(words.answerKeys)})`)];
    }
    case 'reenter':
      return [
        ...(words.contractMethods.includes(answer.method) ? [] : [notA([...at, 'method'], answer.method, `a method of the contract under test (one of: ${listed(words.contractMethods)})`)]),
        ...answerProblems(answer.then, [...at, 'then'], words),
      ];
    case 'delay':
      return answerProblems(answer.then, [...at, 'then'], words);
    default:
      return [];
  }
}

/** Every way the plan names something its scenario does not have; empty when it fits. */
export function scenarioMisfits(plan: Plan, scenario: Scenario): string[] {
  const words = vocabularyOf(scenario);
  return plan.steps.flatMap((step, index) => stepProblems(step, index, words));
}
