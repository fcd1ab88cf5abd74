/**
 * `--backend`: where the CLI runs scenarios.
 *   embedded    the embedded runtime, in-process (fastest; every scheduling choice)
 *   workspaces  near-workspaces against our JSON-RPC node over the embedded runtime
 *   sandbox     near-workspaces against a real neard sandbox (NEAR_SANDBOX_BIN_PATH, or
 *               the binary near-sandbox installed)
 */
import { EmbeddedBackend, WorkspacesBackend, type Backend } from '../backend/index.js';
import { startEmbeddedWorker, startSandboxWorker } from '../node/index.js';
import type { Scenario } from '../scenario/index.js';
import { UsageError } from './args.js';

export const BACKEND_KINDS = ['embedded', 'workspaces', 'sandbox'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

export interface BackendSource {
  /** For messages: "the embedded runtime", … */
  readonly description: string;
  make(scenario: Scenario): Backend;
  close(): Promise<void>;
}

export function backendKind(value: string | true | undefined): BackendKind {
  if (value === undefined) return 'embedded';
  const kind = BACKEND_KINDS.find((k) => k === value);
  if (kind) return kind;
  throw new UsageError(`--backend must be one of ${BACKEND_KINDS.join(', ')}, got ${String(value)}`);
}

export async function openBackends(kind: BackendKind): Promise<BackendSource> {
  switch (kind) {
    case 'embedded':
      return { description: 'the embedded runtime', make: (s) => new EmbeddedBackend(s), close: async () => {} };
    case 'workspaces': {
      const embedded = await startEmbeddedWorker();
      return {
        description: `near-workspaces against the embedded node (${embedded.url})`,
        make: (s) => new WorkspacesBackend(s, embedded.worker),
        close: () => embedded.stop(),
      };
    }
    case 'sandbox': {
      const worker = await startSandboxWorker();
      return { description: 'near-workspaces against a neard sandbox', make: (s) => new WorkspacesBackend(s, worker), close: () => worker.tearDown() };
    }
  }
}
