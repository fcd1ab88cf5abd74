/**
 * Where the CLI looks and writes unless told otherwise, from the user's project root (the
 * scenario module: what package.json names, else rollback.scenario.ts; see scenario/project.ts).
 */
export const DEFAULT_CORPUS = 'counterexamples';
export const DEFAULT_OUT = 'counterexamples/found';

/**
 * A fuzz session judges a scenario's vacuity only after this many of its runs (`run`'s
 * default): fewer say more about the budget than about the scenario, so they are reported
 * as not reached yet rather than failing the session. A call to an undeclared external
 * method, or an `expect` naming nothing, fails it however few the runs.
 */
export const FUZZ_RUNS_TO_JUDGE = 100;
