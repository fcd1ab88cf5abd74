/** Checking scenarios: runs generated plans on a backend against the invariants. */
export { checkScenario, InvariantViolated, searchShare } from './check.js';
export type { CheckOptions, CheckResult } from './check.js';
export { combineShares, firstFailure, NO_FAILURE_YET, sharedFailureBound, WHOLE_SEARCH } from './shares.js';
export type { FailureBound, Share, ShareFailure, ShareResult, ShareRun } from './shares.js';
export { checkPlan, runOptions } from './verdict.js';
export type { RunVerdict } from './verdict.js';
export { minimizePlan } from './minimize.js';
