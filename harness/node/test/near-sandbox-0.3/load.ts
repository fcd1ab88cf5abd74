/**
 * near-sandbox 0.3.x for the compatibility suite, loaded from this folder's own install
 * (`npm run compat:install`). It is not a project dependency: every 0.3.x release declares
 * Node >=22.22.2, which made `npm ci` warn on the Node 20.19 the project supports, while
 * what this suite uses of it runs on Node 20.
 *
 * Only the part of its API the suite uses is declared here, and checked when loaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

export const COMPAT_DIR = fileURLToPath(new URL('.', import.meta.url));

export interface GenesisAccountLike {
  accountId: string;
}

export interface SandboxConfigLike {
  additionalConfig?: Record<string, unknown>;
  additionalGenesis?: Record<string, unknown>;
  additionalAccounts?: GenesisAccountLike[];
  nodeKey?: Record<string, unknown>;
  validatorKey?: Record<string, unknown>;
}

export interface SandboxLike {
  rpcUrl: string;
  homeDir: string;
  rpcPortLockPath: string;
  dump(): Promise<{ genesis: Record<string, unknown>; nodeKey: Record<string, unknown>; validatorKey: Record<string, unknown> }>;
  stop(): Promise<void>;
  tearDown(): Promise<void>;
}

export interface NearSandbox03 {
  version: string;
  Sandbox: { start(params: { config?: SandboxConfigLike }): Promise<SandboxLike> };
  GenesisAccount: new (accountId: string, publicKey: string, privateKey: string, balance: bigint) => GenesisAccountLike;
  DEFAULT_ACCOUNT_ID: string;
  DEFAULT_PUBLIC_KEY: string;
  DEFAULT_PRIVATE_KEY: string;
  DEFAULT_BALANCE: bigint;
}

/** The package.json fields used to find the ES module entry. */
const Manifest = z.object({ version: z.string(), exports: z.object({ '.': z.object({ import: z.object({ default: z.string() }) }) }) });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function isNearSandbox03(module: unknown): module is Omit<NearSandbox03, 'version'> {
  if (!isRecord(module)) return false;
  const sandbox = module['Sandbox'];
  return (
    (typeof sandbox === 'function' || isRecord(sandbox)) &&
    typeof (sandbox as { start?: unknown }).start === 'function' &&
    typeof module['GenesisAccount'] === 'function' &&
    typeof module['DEFAULT_ACCOUNT_ID'] === 'string' &&
    typeof module['DEFAULT_PUBLIC_KEY'] === 'string' &&
    typeof module['DEFAULT_PRIVATE_KEY'] === 'string' &&
    typeof module['DEFAULT_BALANCE'] === 'bigint'
  );
}

/** The installed near-sandbox 0.3.x, or why it cannot be used (not installed, or not the API this suite knows). */
export async function loadNearSandbox03(): Promise<NearSandbox03 | { missing: string }> {
  const manifest = join(COMPAT_DIR, 'node_modules/near-sandbox/package.json');
  if (!existsSync(manifest)) {
    return { missing: 'near-sandbox 0.3.x is not installed; `npm run compat:install` installs it into harness/node/test/near-sandbox-0.3/' };
  }
  const parsed = Manifest.safeParse(JSON.parse(readFileSync(manifest, 'utf8')));
  if (!parsed.success) return { missing: `${manifest} is not the near-sandbox 0.3.x package.json this suite knows; run \`npm run compat:install\`` };
  const { version, exports } = parsed.data;
  if (!version.startsWith('0.3.')) return { missing: `harness/node/test/near-sandbox-0.3/ holds near-sandbox ${version}, not 0.3.x; run \`npm run compat:install\`` };
  const module: unknown = await import(pathToFileURL(join(dirname(manifest), exports['.'].import.default)).href);
  if (!isNearSandbox03(module)) return { missing: `near-sandbox ${version} does not export the Sandbox API this suite was written for` };
  return { ...module, version };
}
