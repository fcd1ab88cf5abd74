/** Backends: execute plans against real contracts and report what happened. */
export type { Backend, RunOptions } from './backend.js';
export type { ActionRecord, BlockRecord, InvariantFinding, ProbeRecord, ReceiptRecord, RunRecord, StepRecord, StorageChangeRecord } from './record.js';
export { EmbeddedBackend, MOCK_WASM, PROJECT_ROOT, ScenarioSetupError, resolveWasm } from './embedded.js';
export { legalOrder } from './ordering.js';
export { WorkspacesBackend } from './workspaces.js';
