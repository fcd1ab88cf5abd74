/**
 * near-rollback-harness mock external contracts — public API.
 *
 * `mockWasm(methods)` generates the wasm of a mock exporting those methods; the harness
 * writes each method's answer program into the mock's storage (`answerKey`,
 * `encodeAnswer`) before the call. Programs are lists of ops (`op.*`, program-format.md);
 * `delayed`, `reentrant` and `forwarded` compose the answers that take several receipts.
 */
export { mockWasm } from './mock-wasm.js';
export { MOCK_CONTINUE, MockInterfaceError, methodNameProblem } from './method-names.js';
export { answerKey, ANY_METHOD } from './keys.js';
export { MAX_PROGRAM_BYTES } from './layout.js';
export { accountId, AnswerProgramError, CURRENT_ACCOUNT, encodeAnswer, op, PREDECESSOR, SIGNER } from './program.js';
export type { AccountRef, AnswerOp, AnswerProgram, Bytes, FunctionCall } from './program.js';
export { continuation, delayed, forwarded, reentrant } from './compose.js';
