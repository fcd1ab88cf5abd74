/**
 * Coverage: what a scenario's runs exercised (per user method, external method and callback;
 * calls in an open call→callback gap; delays and reorderings), counted from the scenario,
 * the plans and the run records; and the vacuity complaints of a run that found no
 * violation but tested nothing worth trusting.
 */
export type { CallbackCoverage, Coverage, ExternalMethodCoverage, SchedulingCoverage, UndeclaredCall, UserMethodCoverage } from './types.js';
export { emptyCoverage } from './types.js';
export { addRun, mergeCoverage, MAX_REASONS, OTHER_REASONS, reasonText } from './accumulate.js';
export { answerKind, declaredExternalMethods, externalCalls, FUNGIBLE_TOKEN_METHODS } from './external-calls.js';
export type { ExternalCall } from './external-calls.js';
export { stepsInGap } from './gap.js';
export { editDistance, nearest } from './nearest.js';
export { topReasons, vacuity } from './vacuity.js';
export type { VacuityCheck, VacuityComplaint } from './vacuity.js';
export { COVERAGE_FILE, COVERAGE_FORMAT, coverageFigure, coverageFigures, coverageFile, failingAnswers, figureText, formatCoverage, formatVacuity, stableJson } from './format.js';
export type { CoverageEntry, Shard } from './format.js';
export { coverageEntrySchema, coverageFileSchema, coverageSchema, shardSchema, vacuityComplaintSchema } from './schema.js';
export type { CoverageFileContent } from './schema.js';
