/**
 * A method's `args` and `deposit` are functions returning fast-check arbitraries. The schema
 * can only see that they are functions; here each is called once with the scenario's
 * accounts, as the generator will call it, and what it returns must look like an arbitrary.
 */
import * as fc from 'fast-check';
import { argContext } from './context.js';
import { isArbitrary } from './duck-types.js';
import { described, fieldName } from './problems.js';
import type { Json } from './behaviour.js';
import type { Scenario } from './types.js';

const ARGUMENTS = "a fast-check arbitrary of the call's JSON arguments (e.g. () => fc.constant({}))";
const DEPOSIT = 'a fast-check arbitrary of the yoctoNEAR to attach (e.g. () => fc.constant(10n ** 24n))';

function returnsArbitrary(path: PropertyKey[], make: () => unknown, expected: string): string[] {
  let made: unknown;
  try {
    made = make();
  } catch (error) {
    return [`${fieldName(path)} threw when called with the scenario's accounts: ${error instanceof Error ? error.message : String(error)}`];
  }
  return isArbitrary(made) ? [] : [`${fieldName(path)} must return ${expected}; it returned ${described(made)}`];
}

export function methodArbitraryProblems(scenario: Scenario): string[] {
  const context = argContext(scenario);
  return scenario.methods.flatMap((method, index) => {
    const { args, deposit } = method;
    const argsProblems = returnsArbitrary(['methods', index, 'args'], () => args(context), ARGUMENTS);
    if (!deposit) return argsProblems;
    // The deposit may depend on the arguments: it is checked with arguments drawn from `args`
    // (or none, when they cannot be drawn, e.g. an arbitrary of another fast-check's making).
    return [...argsProblems, ...returnsArbitrary(['methods', index, 'deposit'], () => deposit(context, drawnArguments(args, context)), DEPOSIT)];
  });
}

function drawnArguments(args: Scenario['methods'][number]['args'], context: ReturnType<typeof argContext>): Json {
  try {
    return fc.sample(args(context), { numRuns: 1, seed: 0 })[0] ?? null;
  } catch {
    return null;
  }
}
