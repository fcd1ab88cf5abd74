/** Checking scenarios: runs generated plans on a backend against the invariants. */
export { checkScenario, InvariantViolated } from './check.js';
export type { CheckOptions, CheckResult } from './check.js';
export { checkPlan, runOptions } from './verdict.js';
export type { RunVerdict } from './verdict.js';
export { minimizePlan } from './minimize.js';
