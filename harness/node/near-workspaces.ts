/**
 * near-workspaces is an optional peer dependency: only the workspaces and sandbox backends
 * need it, so it is loaded on first use and never by the embedded path. A project that
 * has not installed it gets the command that does, not a module-resolution stack trace.
 */
type NearWorkspaces = typeof import('near-workspaces');

export const NEAR_WORKSPACES_INSTALL = 'npm install --save-dev near-workspaces@5';

export class MissingPeerError extends Error {}

let loaded: Promise<NearWorkspaces> | undefined;

function isModuleNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND');
}

export function loadNearWorkspaces(purpose = 'the workspaces and sandbox backends'): Promise<NearWorkspaces> {
  loaded ??= import('near-workspaces').catch((error: unknown) => {
    loaded = undefined;
    if (isModuleNotFound(error)) {
      throw new MissingPeerError(`${purpose} need near-workspaces, which this project has not installed. Install it with: ${NEAR_WORKSPACES_INSTALL}`);
    }
    throw new MissingPeerError(`near-workspaces could not be loaded (${error instanceof Error ? error.message : String(error)}); reinstall it with: ${NEAR_WORKSPACES_INSTALL}`);
  });
  return loaded;
}
