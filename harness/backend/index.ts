/** Backends: execute plans against real contracts and report what happened. */
export type { Backend, RunOptions } from './backend.js';
export type { ActionRecord, BlockRecord, InvariantFinding, ProbeRecord, ReceiptRecord, RunRecord, StepRecord, StorageChangeRecord } from './record.js';
export { emptyRunRecord } from './record.js';
export { BackendCore, RUN_PHASES, viewsOnce } from './core.js';
export type { RunPhase, RunSession } from './core.js';
export type { SettledState } from './final-state.js';
export { accountCode, attackerOf, MOCK_FT_WASM, mockInterface, resolveWasm, scenarioAccounts, scenarioCode } from './accounts.js';
export { answerProgram, AnswerValueError, relayProgram } from './answer-program.js';
export { answerFor } from './answers.js';
export type { AnswerContext } from './answer-program.js';
export type { ScenarioAccount } from './accounts.js';
export { ATTACKER_BALANCE, DEFAULT_CONTRACT_BALANCE, DEFAULT_GAS, MAX_SETTLE_BLOCKS, PACKAGE_ROOT, RELAY_FORWARD_GAS } from './defaults.js';
export { ScenarioSetupError } from './errors.js';
export { EmbeddedBackend } from './embedded.js';
export { legalOrder } from './ordering.js';
export { WorkspacesBackend } from './workspaces.js';
