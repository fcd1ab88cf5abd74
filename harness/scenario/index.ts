/** Scenarios: what to test and how (types, validation, loading from files). */
export type { AccountSpec, ArgContext, CallSpec, ContractSpec, CustomInvariant, MethodSpec, MockSpec, Scenario, StateView, StorageAllowance } from './types.js';
export type { Json, MockBehaviour } from './behaviour.js';
export { behaviourFails, describeBehaviour, SUCCEED } from './behaviour.js';
export { validateScenario, ScenarioError } from './validate.js';
export { loadScenario, loadScenarios } from './load.js';
