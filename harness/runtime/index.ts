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
// Wasm binary encoders (LEB128 u32, names, sections), for code that assembles modules.
export { concat, encodeName, encodeSigned, encodeU32, section } from './wasm/encode.js';

// Executing one function call (the VM layer).
export { ContractCache, runFunctionCall } from './vm/runner.js';
export type { CompiledContract, CompileResult, VMOutcome } from './vm/runner.js';
export type { VMContext, PromiseResult } from './vm/context.js';
export type { ContractStorage, ReturnData } from './vm/logic.js';
export type { NewReceipt } from './vm/new-receipts.js';
export type { Action, AccessKey } from './vm/actions.js';
export { HostError, functionCallErrorText, hostErrorText, WASM_TRAP_TEXT } from './vm/errors.js';
export type { FunctionCallError, HostErrorKind, WasmTrapKind } from './vm/errors.js';
export { HOST_FUNCTION_NAMES } from './vm/host/sections.js';
export { LATEST_PROTOCOL, SANDBOX_2_6_PROTOCOL } from './config/protocol.js';
export type { ProtocolConfig } from './config/protocol.js';
export { isValidAccountId } from './vm/account-id.js';

// The chain: state, transactions, receipts, blocks, scheduling, outcomes, views.
export { Chain, DEFAULT_ROOT_KEY } from './chain/chain.js';
export type { AfterReceiptHook, BeforeReceiptHook, ChainOptions, ChainSnapshot, DelayPolicy, NewAccount, TransactionRequest } from './chain/chain.js';
export { ReceiptScheduler, SchedulingError } from './chain/scheduler.js';
export type { OrderPolicy, PendingReceipt } from './chain/scheduler.js';
export { InvalidTransactionError } from './chain/types.js';
export type {
  ActionError,
  ActionErrorKind,
  ActionReceipt,
  Block,
  DataReceipt,
  ExecutionOutcome,
  ExecutionStatus,
  FinalExecutionOutcome,
  FinalExecutionStatus,
  Receipt,
  StateChanges,
  Transaction,
  TxExecutionError,
} from './chain/types.js';
export { ViewError, debugFunctionCallError } from './chain/views.js';
export type { AccountView, ViewResult } from './chain/views.js';
export { SYSTEM_ACCOUNT } from './chain/apply-receipt.js';
export type { FunctionCallHook } from './chain/apply-receipt.js';
export { base58, fromBase58, NO_CODE_HASH } from './chain/ids.js';
export { publicKeyToBorsh, publicKeyFromBorsh } from './chain/keys.js';
export { executionProfile, resetExecutionProfile } from './vm/profile.js';
// Debug check of the partial memory reset between calls (also NRH_CHECK_MEMORY_RESET=1).
export { checkMemoryResets, MemoryResetError } from './vm/memory-pool.js';
export { configureStartOnce, resetStartOnce, StartOnceMismatchError } from './vm/start-once.js';
export type { StartOnceMode, StartOnceOptions } from './vm/start-once.js';
