/**
 * Every `env` host function, by section of nearcore's host API (the grouping of
 * runtime/near-vm-runner/src/logic/logic.rs). Names are static data: what a contract
 * may import is known without building a VMLogic.
 */
import { CONTEXT_FUNCTIONS } from './context.js';
import { ECONOMICS_FUNCTIONS } from './economics.js';
import type { HostFunctionSpec, HostFunctionTable } from './host-function.js';
import { MATH_FUNCTIONS } from './math.js';
import { MISCELLANEOUS_FUNCTIONS } from './miscellaneous.js';
import { PROMISE_RESULT_FUNCTIONS } from './promise-results.js';
import { PROMISE_FUNCTIONS } from './promises.js';
import { REGISTER_FUNCTIONS } from './registers.js';
import { STORAGE_FUNCTIONS } from './storage.js';
import { DEPRECATED_FUNCTIONS, UNSUPPORTED_FUNCTIONS } from './unsupported.js';
import { VALIDATOR_FUNCTIONS } from './validators.js';

export const HOST_FUNCTION_SECTIONS: Readonly<Record<string, HostFunctionTable>> = {
  registers: REGISTER_FUNCTIONS,
  context: CONTEXT_FUNCTIONS,
  economics: ECONOMICS_FUNCTIONS,
  'math and crypto': MATH_FUNCTIONS,
  miscellaneous: MISCELLANEOUS_FUNCTIONS,
  promises: PROMISE_FUNCTIONS,
  'promise results': PROMISE_RESULT_FUNCTIONS,
  storage: STORAGE_FUNCTIONS,
  validators: VALIDATOR_FUNCTIONS,
  unsupported: UNSUPPORTED_FUNCTIONS,
  deprecated: DEPRECATED_FUNCTIONS,
};

/** All sections in one list; a name in two sections is a mistake caught at load. */
export const HOST_FUNCTIONS: readonly (readonly [name: string, spec: HostFunctionSpec])[] = (() => {
  const entries = Object.values(HOST_FUNCTION_SECTIONS).flatMap((table) => Object.entries(table));
  const seen = new Set<string>();
  for (const [name] of entries) {
    if (seen.has(name)) throw new Error(`host function ${name} is in two sections`);
    seen.add(name);
  }
  return entries;
})();

/** Every `env` name a contract may import from this runtime, sorted. */
export const HOST_FUNCTION_NAMES: readonly string[] = HOST_FUNCTIONS.map(([name]) => name).sort();
