/** Counterexamples: the file format, traces, writing, reading, replay and regression tests. */
export {
  counterexampleSchema,
  planSchema,
  violationSchema,
  FORMAT,
  FORMAT_VERSION,
  MAX_DELAY_BLOCKS,
  MAX_DELAY_NESTING,
  MAX_DELAYS_PER_STEP,
  MAX_JSON_DEPTH,
  MAX_ORDER_ENTRIES,
  MAX_PLAN_STEPS,
  MAX_PREPAID_GAS,
  MAX_WAIT_BLOCKS,
} from './format.js';
export type { Counterexample } from './format.js';
export { CounterexampleError, parseCounterexample } from './parse.js';
export { renderTrace } from './trace.js';
export { buildCounterexample, corpusFiles, counterexampleOf, counterexampleRunOf, counterexampleFileName, readCounterexample, writeCounterexample } from './store.js';
export { replayCounterexample } from './replay.js';
export type { ReplayResult } from './replay.js';
export { emitRegressionTest, regressionTestSource } from './emit-test.js';
export { wasmHashes } from './wasm-hashes.js';
