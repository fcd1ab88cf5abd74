/**
 * Pointing near-workspaces at a sandbox binary: NEAR_SANDBOX_BIN_PATH names the file (as
 * near-sandbox 0.3.x reads it), whatever it is called; near-workspaces 5's near-sandbox 0.1.x
 * is given the directory form it needs. Our own look-alike stands in for neard here.
 */
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { realSandboxBinary, startSandboxWorker, writeSandboxShim } from '../index.js';

const DIR = join(PACKAGE_ROOT, '.build/test-real-sandbox');
rmSync(DIR, { recursive: true, force: true });
const shim = writeSandboxShim(join(DIR, 'shim'));
mkdirSync(join(DIR, 'renamed'), { recursive: true });
const renamed = join(DIR, 'renamed', 'neard-sandbox-2.6.2');
symlinkSync(shim.binary, renamed);

describe('a sandbox binary named by NEAR_SANDBOX_BIN_PATH', () => {
  afterAll(() => rmSync(DIR, { recursive: true, force: true }));

  it('is taken for a real neard only if it exists and is not our look-alike', () => {
    expect(realSandboxBinary({})).toBeUndefined();
    expect(realSandboxBinary({ NEAR_SANDBOX_BIN_PATH: join(DIR, 'missing') })).toBeUndefined();
    expect(realSandboxBinary({ NEAR_SANDBOX_BIN_PATH: shim.binary })).toBeUndefined();
    expect(realSandboxBinary({ NEAR_SANDBOX_BIN_PATH: '/bin/true' })).toBe('/bin/true');
  });

  it('naming nothing is an error that says what to set, before any download is tried', async () => {
    await expect(startSandboxWorker({ NEAR_SANDBOX_BIN_PATH: join(DIR, 'missing') })).rejects.toThrow(
      /NEAR_SANDBOX_BIN_PATH is .*missing, which is not a file\. Set NEAR_SANDBOX_BIN_PATH to a near-sandbox \(neard\) binary/,
    );
  });

  it('under any file name, is what near-workspaces 5 Worker.init() spawns', async () => {
    const saved = { ...process.env };
    try {
      process.env['NEAR_SANDBOX_BIN_PATH'] = renamed;
      delete process.env['NEAR_SANDBOX_BINARY_PATH'];
      delete process.env['NEAR_WORKSPACES_NETWORK'];
      const worker = await startSandboxWorker();
      try {
        expect(process.env['NEAR_SANDBOX_BINARY_PATH']).not.toBe(join(DIR, 'renamed'));
        const alice = await worker.rootAccount.createSubAccount('alice');
        expect(await alice.exists()).toBe(true);
      } finally {
        await worker.tearDown();
      }
    } finally {
      process.env = saved;
    }
  }, 0); // starts nodes and sends transactions: no timeout around it
});
