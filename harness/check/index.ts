/** Checking scenarios: runs generated plans on a backend against the invariants. */
export { checkPlan, checkScenario, InvariantViolated, runOptions } from './check.js';
export type { CheckOptions, CheckResult, RunVerdict } from './check.js';
export { minimizePlan } from './minimize.js';
