/** Where the CLI looks and writes unless told otherwise (relative to the project root). */
export const DEFAULT_SCENARIOS = 'properties/scenarios/index.ts';
export const DEFAULT_CORPUS = 'counterexamples';
export const DEFAULT_OUT = 'counterexamples/found';
