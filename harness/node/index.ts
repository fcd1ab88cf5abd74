/**
 * A NEAR JSON-RPC node over the embedded runtime, and near-workspaces on top of it.
 */
export { EmbeddedNode, defaultRootKeyPair, keyPairFromSeed, lazyKeyPair } from './node.js';
export type { KeyPair, NodeOptions, RpcAnswer, WaitUntil } from './node.js';
export type { DiagnosticHook, NodeDiagnostic } from './diagnostics.js';
export { MAX_FAST_FORWARD_BLOCKS } from './fast-forward.js';
export { MAX_JSON_PAYLOAD_BYTES } from './http-transport.js';
export type { JsonRpcResponse } from './json-rpc.js';
export { startEmbeddedWorker } from './workspaces.js';
export { LATEST_PROTOCOL_VERSION, PROTOCOL_PRESETS, protocolPreset, SANDBOX_2_6_PROTOCOL_VERSION } from './protocol-versions.js';
export type { ProtocolPreset } from './protocol-versions.js';
export { loadNearWorkspaces, MissingPeerError, NEAR_WORKSPACES_INSTALL } from './near-workspaces.js';
export type { EmbeddedWorker } from './workspaces.js';
export { decodeSignedTransaction, BorshError } from './signed-transaction.js';
export { RpcError } from './rpc-errors.js';
export type { RpcErrorObject } from './rpc-errors.js';
export { SANDBOX_VERSION, writeSandboxShim } from './sandbox-command.js';
export { realSandboxBinary, startSandboxWorker, useSandboxBinary } from './real-sandbox.js';
export { encodeTransaction, signTransaction } from './transaction-encoding.js';
export { PACKAGE_ROOT } from './package-root.js';
