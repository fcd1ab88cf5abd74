/** Test fixtures of the runtime that contract and mock tests use: one contract's VM, without a chain. */
export { failed, loadWasm, OneContract, succeeded, TGAS } from './one-contract.js';
export type { CallOptions, CallResult } from './one-contract.js';
