/** Scenarios: what to test and how (types, validation, loading from files). */
export type { AccountSpec, ArgContext, CallSpec, ContractSpec, CustomInvariant, MethodSpec, MockSpec, Scenario, StateView, StorageAllowance } from './types.js';
export type { Json, MockBehaviour } from './behaviour.js';
export { behaviourFails, describeBehaviour, immediateBehaviour, SUCCEED } from './behaviour.js';
export { validateScenario, ScenarioError } from './validate.js';
export { loadScenario, loadScenarios } from './load.js';
export { MAX_DELAY_BLOCKS, MAX_DELAY_NESTING, MAX_DELAYS_PER_STEP, MAX_ORDER_ENTRIES, MAX_PLAN_STEPS, MAX_WAIT_BLOCKS } from './limits.js';
