/**
 * Scenario validation: every mistake a scenario can make is reported at once, with what
 * is wrong and what to do, before anything runs. First the shape (the schema of types.ts:
 * each problem names the field, what it must be and what was found); once the shape is
 * right, what only a whole scenario can tell (the wasm and its exports, account ids, the
 * arbitraries its methods return, bounds).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeModule, isValidAccountId } from '../runtime/index.js';
import { isPlainObject } from './duck-types.js';
import { MAX_DELAY_BLOCKS, MAX_PLAN_STEPS, MAX_WAIT_BLOCKS } from './limits.js';
import { methodArbitraryProblems } from './method-arbitraries.js';
import { issueText } from './problems.js';
import { MOCK_OWN_METHODS, scenarioSchema, type Scenario } from './types.js';

/**
 * Why a scenario (or a scenario module) cannot be used. `problems` lists each thing wrong;
 * the message gives each its own line, starting with what it is about:
 * `scenario "market": mocks[1].methods must be the mock's interface, an object: method name → { behaviour?, default?, returns? }; found "buy"`.
 */
export class ScenarioError extends Error {
  constructor(
    /** The scenario's name; for a module's own problems, or a scenario without a name, where it is. */
    readonly scenario: string,
    readonly problems: string[],
    subject = `scenario ${JSON.stringify(scenario)}`,
  ) {
    super(problems.map((p) => `${subject}: ${p}`).join('\n'));
    this.name = 'ScenarioError';
  }
}

/** Exported function names of a wasm file, or a problem description. */
function contractMethods(path: string): string[] | string {
  if (!existsSync(path)) return `wasm not found: ${path} (build it, or fix the path; relative paths start at the project root)`;
  try {
    return decodeModule(new Uint8Array(readFileSync(path))).exports.filter((e) => e.kind === 'function').map((e) => e.name);
  } catch (error) {
    return `${path} is not a valid wasm module: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The most each generation bound may ask for: what a counterexample file can still hold. */
const LIMIT_CEILINGS = [
  { limit: 'maxSteps', max: MAX_PLAN_STEPS, constant: 'MAX_PLAN_STEPS' },
  { limit: 'maxWait', max: MAX_WAIT_BLOCKS, constant: 'MAX_WAIT_BLOCKS' },
  { limit: 'maxDelay', max: MAX_DELAY_BLOCKS, constant: 'MAX_DELAY_BLOCKS' },
] as const;

/** Generation bounds beyond the counterexample format's limits would find failures no file can replay. */
function limitProblems(limits: Scenario['limits']): string[] {
  return LIMIT_CEILINGS.flatMap(({ limit, max, constant }) => {
    const value = limits?.[limit];
    if (value === undefined || (Number.isInteger(value) && value >= 0 && value <= max)) return [];
    return [`limits.${limit} is ${value}: it must be a whole number from 0 to ${max}, the most a counterexample file can hold (${constant})`];
  });
}

/** What only a scenario of the right shape can be checked for. */
function semanticProblems(scenario: Scenario, folder: string): string[] {
  const problems: string[] = [];
  const wasmPath = resolve(folder, scenario.contract.wasm);
  const methods = contractMethods(wasmPath);
  if (typeof methods === 'string') problems.push(methods);

  const ids = [scenario.contract.id, ...scenario.users.map((u) => u.id), ...scenario.mocks.map((m) => m.id)];
  for (const id of ids) {
    if (!isValidAccountId(id)) problems.push(`"${id}" is not a valid NEAR account id (2-64 chars of a-z, 0-9, and - _ . between them)`);
  }
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) problems.push(`account "${id}" is declared twice (contract, users and mocks must all differ)`);
    seen.add(id);
  }
  if (scenario.users.length === 0) problems.push('the scenario needs at least one user to make calls');
  if (scenario.methods.length === 0) problems.push('the scenario declares no callable methods');

  if (Array.isArray(methods)) {
    const exported = new Set(methods);
    for (const method of scenario.methods) {
      if ((method.receiver ?? scenario.contract.id) !== scenario.contract.id) continue;
      if (!exported.has(method.name)) problems.push(`unknown method "${method.name}": ${scenario.contract.wasm} exports ${[...exported].sort().join(', ')}`);
    }
    for (const callback of scenario.callbacks) {
      if (!exported.has(callback)) problems.push(`callback "${callback}" is not a method of the contract (${scenario.contract.wasm} exports ${[...exported].sort().join(', ')})`);
    }
    if (scenario.contract.init && !exported.has(scenario.contract.init.method)) {
      problems.push(`init method "${scenario.contract.init.method}" is not a method of the contract`);
    }
  }
  for (const method of scenario.methods) {
    if (method.receiver && !ids.includes(method.receiver)) problems.push(`method "${method.name}" targets "${method.receiver}", which is not an account of the scenario`);
    if (method.relayable && !scenario.mocks.some((m) => m.kind === 'mock' && m.relay)) {
      problems.push(`method "${method.name}" is relayable but no mock is marked relay: true`);
    }
  }
  problems.push(...mockInterfaceProblems(scenario));
  problems.push(...limitProblems(scenario.limits));
  return problems;
}

/** A mock's interface: declared for a mock, absent for a token, no name the mock uses itself, a valid NEAR method name. */
function mockInterfaceProblems(scenario: Scenario): string[] {
  return scenario.mocks.flatMap((mock, index) => {
    const names = Object.keys(mock.methods ?? {});
    if (mock.kind === 'fungible-token') {
      return mock.methods ? [`mocks[${index}] ("${mock.id}") is a fungible token: its interface is NEP-141/145 and cannot be declared (use kind "mock")`] : [];
    }
    const problems: string[] = [];
    if (names.length === 0 && !mock.relay) {
      problems.push(`mocks[${index}] ("${mock.id}") declares no methods: list in \`methods\` every method the contract calls on it, e.g. methods: { swap: {} }`);
    }
    const declared = scenario.mocks.flatMap((m) => Object.keys(m.methods ?? {}).map((method) => `${m.id}.${method}`));
    for (const name of names) {
      if ((MOCK_OWN_METHODS as readonly string[]).includes(name)) problems.push(`mocks[${index}].methods.${name}: the mock uses "${name}" itself; the contract under test cannot call it`);
      else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) problems.push(`mocks[${index}].methods["${name}"]: not a method name a wasm contract can export here (letters, digits and _ , not starting with a digit)`);
      for (const target of mock.methods?.[name]?.answersWith ?? []) {
        if (!declared.includes(target) || target === `${mock.id}.${name}`) {
          problems.push(`mocks[${index}].methods.${name}.answersWith: "${target}" is not another declared mock method (declared: ${declared.join(', ')})`);
        }
      }
    }
    return problems;
  });
}

/**
 * Whether a value has a scenario's shape. The module's own object is what the harness then
 * uses, not zod's copy: a mock's default answers go to its storage as JSON, and their key
 * order costs gas, so they must stay as the module wrote them.
 */
function isScenario(value: unknown): value is Scenario {
  return scenarioSchema.safeParse(value).success;
}

/** The name a scenario gives itself, if it gives a usable one. */
function nameOf(value: unknown): string | undefined {
  const name = isPlainObject(value) ? value['name'] : undefined;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * The scenario, checked; a ScenarioError listing every problem otherwise. A relative wasm
 * path is looked for from `folder` (a scenario module's own folder; the current folder
 * for a scenario built in code). `unnamed` says where a scenario without a usable name is
 * (`scenarios[2] of properties/market.ts`).
 */
export function validateScenario(value: unknown, folder: string = process.cwd(), unnamed = 'the unnamed scenario'): Scenario {
  const name = nameOf(value);
  const refuse = (problems: string[]) => new ScenarioError(name ?? unnamed, problems, name === undefined ? unnamed : undefined);
  if (!isScenario(value)) {
    const issues = scenarioSchema.safeParse(value).error?.issues ?? [];
    throw refuse(issues.map((issue) => issueText(value, issue)));
  }
  const problems = [...methodArbitraryProblems(value), ...semanticProblems(value, folder)];
  if (problems.length > 0) throw refuse(problems);
  return value;
}
