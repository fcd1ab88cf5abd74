/**
 * A method's `args` and `deposit` are functions returning fast-check arbitraries. The schema
 * can only see that they are functions; here each is called once with the scenario's
 * accounts, as the generator will call it, and what it returns must look like an arbitrary.
 */
import { argContext } from './context.js';
import { isArbitrary } from './duck-types.js';
import { described, fieldName } from './problems.js';
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
    return [
      ...returnsArbitrary(['methods', index, 'args'], () => args(context), ARGUMENTS),
      ...(deposit ? returnsArbitrary(['methods', index, 'deposit'], () => deposit(context), DEPOSIT) : []),
    ];
  });
}
