/**
 * near-rollback-harness embedded NEAR runtime — public API.
 *
 * Wasm inspection: decode a contract and check it against NEAR's acceptance rules.
 */
export { WasmDecodeError } from './wasm/byte-reader.js';
export { decodeModule, functionType } from './wasm/module.js';
export type { WasmModule, FunctionType, Import, Export, ValueType } from './wasm/module.js';
export type { WasmFeature } from './wasm/instructions.js';
export {
  checkContract,
  LATEST_RULES,
  LEGACY_RULES,
  PORTABLE_RULES,
  PREPARE_ERROR_TEXT,
} from './wasm/contract-rules.js';
export type { ContractRules, PrepareErrorKind, RuleViolation, ContractCheck } from './wasm/contract-rules.js';
