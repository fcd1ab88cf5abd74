/**
 * The package's public face (`import … from 'near-rollback-harness'`): writing scenarios
 * (types, defineScenario, amount helpers), the invariants, and checking, fuzzing and
 * replaying from code. The command line (`near-rollback-harness run`) uses the same parts.
 */
export { defineScenario, defineScenarios } from './define.js';
export { checkScenario, fuzzScenario } from './check.js';
export type { FuzzOptions, ScenarioCheckOptions, ScenarioReport } from './check.js';
export { amount, amountText, AMOUNT_BOUNDARIES } from '../generate/index.js';
/**
 * fast-check, the copy the harness generates with: a scenario imports it from here, so it
 * needs no fast-check of its own (pnpm's strict node_modules gives a project only the
 * packages it names) and its arbitraries are the harness's own, ES module or CommonJS.
 */
export * as fc from 'fast-check';
export type { Plan, Step } from '../generate/index.js';
export type {
  AccountSpec,
  AmountView,
  ArgContext,
  ArgumentsArbitrary,
  CallSpec,
  ContractSpec,
  CustomInvariant,
  DepositArbitrary,
  Expectations,
  Json,
  KeepsDeposit,
  Liability,
  MethodSpec,
  MockBehaviour,
  MockCall,
  MockMethod,
  MockSpec,
  Projection,
  ReturnsArbitrary,
  Scenario,
  SetupCall,
  StateCheck,
  StateView,
  StorageAllowance,
  StorageRules,
  SuccessfulAnswer,
} from '../scenario/index.js';
export { loadScenarios, ScenarioError, validateScenario } from '../scenario/index.js';
export {
  ALL_INVARIANTS,
  callbacksPrivate,
  callbacksSucceed,
  custom,
  depositRefunded,
  liabilitiesBacked,
  nearConserved,
  quiescentUnlocked,
  stateRestored,
  storagePaid,
} from '../invariants/index.js';
export type { Invariant, InvariantContext, Violation } from '../invariants/index.js';
export { CounterexampleError, replayCounterexample } from '../counterexample/index.js';
export type { Counterexample, ReplayResult } from '../counterexample/index.js';
