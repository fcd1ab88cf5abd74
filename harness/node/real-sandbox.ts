/**
 * A real neard sandbox for near-workspaces. NEAR_SANDBOX_BIN_PATH names the binary (as
 * near-sandbox 0.3.x reads it); near-workspaces 5's nested near-sandbox 0.1.x instead looks
 * for `<NEAR_SANDBOX_BINARY_PATH>/near-sandbox`, so that directory is derived from it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Worker } from 'near-workspaces';
import { loadNearWorkspaces } from './near-workspaces.js';
import { SANDBOX_VERSION } from './sandbox-command.js';

const HOW_TO =
  'Set NEAR_SANDBOX_BIN_PATH to a near-sandbox (neard) binary, or with network access install the one near-workspaces ' +
  'expects (node node_modules/near-sandbox/install.js).';

/** The binary NEAR_SANDBOX_BIN_PATH names, if it exists and is a real neard rather than our look-alike. */
export function realSandboxBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const binary = env['NEAR_SANDBOX_BIN_PATH'];
  if (!binary || !existsSync(binary) || !statSync(binary).isFile()) return undefined;
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout ?? '';
  return version.trim() === SANDBOX_VERSION ? undefined : resolve(binary);
}

/** Points near-workspaces 5 at `binary` (any file name), for this process. */
export function useSandboxBinary(binary: string, env: NodeJS.ProcessEnv = process.env): void {
  let directory = dirname(resolve(binary));
  if (basename(binary) !== 'near-sandbox') {
    directory = mkdtempSync(join(tmpdir(), 'near-sandbox-bin-'));
    symlinkSync(resolve(binary), join(directory, 'near-sandbox'));
  }
  env['NEAR_SANDBOX_BIN_PATH'] = resolve(binary);
  env['NEAR_SANDBOX_BINARY_PATH'] = directory;
}

/**
 * `Worker.init()` on the sandbox network. A NEAR_SANDBOX_BIN_PATH that names nothing is an
 * error at once (rather than a download attempt); other failures say how to get a binary.
 */
export async function startSandboxWorker(env: NodeJS.ProcessEnv = process.env): Promise<Worker> {
  const binary = env['NEAR_SANDBOX_BIN_PATH'];
  if (binary) {
    if (!existsSync(binary) || !statSync(binary).isFile()) throw new Error(`NEAR_SANDBOX_BIN_PATH is ${binary}, which is not a file. ${HOW_TO}`);
    useSandboxBinary(binary, env);
  }
  const { Worker } = await loadNearWorkspaces('the sandbox backend');
  try {
    return await Worker.init({ network: 'sandbox' });
  } catch (error) {
    throw new Error(`could not start a neard sandbox through near-workspaces: ${error instanceof Error ? error.message : String(error)}\n${HOW_TO} Without either, use our node (--backend workspaces).`);
  }
}
