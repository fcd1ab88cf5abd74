/** Counterexamples: the file format, traces, writing, reading, replay and regression tests. */
export { CounterexampleError, FORMAT, FORMAT_VERSION, parseCounterexample } from './format.js';
export type { Counterexample } from './format.js';
export { renderTrace } from './trace.js';
export { buildCounterexample, corpusFiles, counterexampleFileName, readCounterexample, writeCounterexample } from './store.js';
export { replayCounterexample } from './replay.js';
export type { ReplayResult } from './replay.js';
export { emitRegressionTest, regressionTestSource } from './emit-test.js';
export { wasmHashes } from './wasm-hashes.js';
