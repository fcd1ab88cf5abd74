/** Scenarios: what to test and how (schema and types, validation, loading from files). */
export type {
  AccountSpec,
  AmountView,
  Expectations,
  Liability,
  StorageRules,
  ArgumentsArbitrary,
  CallSpec,
  ContractSpec,
  CustomInvariant,
  DepositArbitrary,
  MethodSpec,
  MockMethod,
  MockSpec,
  KeepsDeposit,
  ReturnsArbitrary,
  SuccessfulAnswer,
  Projection,
  Scenario,
  SetupCall,
  StateCheck,
  StorageAllowance,
} from './types.js';
export { MOCK_OWN_METHODS, scenarioSchema } from './types.js';
export type { ArgContext, MockCall, StateView } from './context.js';
export { argContext } from './context.js';
export type { Json, Keep, MockBehaviour } from './behaviour.js';
export { behaviourFails, describeBehaviour, immediateBehaviour, mockBehaviourSchema, SUCCEED } from './behaviour.js';
export { validateScenario, ScenarioError } from './validate.js';
export { loadScenario, loadScenarios } from './load.js';
export { DEFAULT_SCENARIO_MODULE, findProjectRoot, projectScenarioModule } from './project.js';
export { MAX_DELAY_BLOCKS, MAX_DELAY_NESTING, MAX_DELAYS_PER_STEP, MAX_ORDER_ENTRIES, MAX_PLAN_STEPS, MAX_WAIT_BLOCKS } from './limits.js';
export { fieldName } from './problems.js';
