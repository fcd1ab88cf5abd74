/**
 * Ctrl-C: `run` and `fuzz` stop within a second of SIGINT on every backend, say what was
 * found and where, and exit 130; a second Ctrl-C exits at once. The CLI runs as a child
 * process, exactly as a user starts it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { corpusFiles, readCounterexample } from '../../counterexample/index.js';
import { writeSandboxShim } from '../../node/index.js';

/** Starting the CLI and reaching the interesting point takes seconds on a busy machine: no timeout around it. */
const NO_TIMEOUT = 0;
/**
 * The CLI itself stops within a second (supervisor.ts: a 600 ms grace, then the worker is
 * abandoned); the test allows more so that a loaded machine's scheduling cannot turn it red.
 */
const STOP_ALLOWANCE_MS = 5_000;
const BIN = join(PACKAGE_ROOT, 'bin/near-rollback-harness.js');

interface Cli {
  child: ChildProcess;
  output(): string;
  /** Resolves once the output matches. */
  waitFor(pattern: RegExp): Promise<void>;
  exited: Promise<{ code: number | null; at: number }>;
}

const started: Cli[] = [];
afterEach(() => {
  for (const cli of started.splice(0)) cli.child.kill('SIGKILL');
});

function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Cli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: PACKAGE_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const w of waiters.filter((w) => w.pattern.test(text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  const cli: Cli = {
    child,
    output: () => text,
    waitFor: (pattern) =>
      pattern.test(text)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiters.push({ pattern, resolve });
            void exited.then(({ code }) => reject(new Error(`the CLI exited (${code}) before printing ${pattern}:\n${text}`)));
          }),
    exited,
  };
  started.push(cli);
  return cli;
}

async function interrupt(cli: Cli): Promise<{ code: number | null; elapsedMs: number }> {
  const at = Date.now();
  cli.child.kill('SIGINT');
  const { code, at: end } = await cli.exited;
  return { code, elapsedMs: end - at };
}

describe('Ctrl-C', () => {
  let scratch = '';
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('fuzz (embedded, 2 worker threads): stops within a second, lists what it found, every file on disk and readable, exit 130', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'nrh-interrupt-'));
    const out = join(scratch, 'found');
    const cli = startCli(['fuzz', '--duration', '30m', '--only', 'buggy-i-lock-not-released', '--include-self-tests', '--workers', '2', '--corpus', join(scratch, 'none'), '--out', out]);
    await cli.waitFor(/found \[/);
    const { code, elapsedMs } = await interrupt(cli);
    expect(code).toBe(130);
    expect(elapsedMs).toBeLessThan(STOP_ALLOWANCE_MS);
    const files = corpusFiles(out);
    expect(files.length).toBeGreaterThan(0);
    expect(cli.output()).toMatch(/found \d+ counterexample\(s\), all on disk:/);
    for (const file of files) {
      expect(cli.output()).toContain(file);
      expect(readCounterexample(file).scenario.name).toBe('buggy-i-lock-not-released');
    }
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
  }, NO_TIMEOUT);

  it('run (embedded, 2 worker threads): stops mid-scenario within a second, says it was interrupted, exit 130', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'nrh-interrupt-'));
    const cli = startCli(['run', '--only', 'vault', '--runs', '100000', '--workers', '2', '--corpus', join(scratch, 'none'), '--out', join(scratch, 'found')]);
    // The pool has started: runs are being counted.
    await cli.waitFor(/vault: run \d+/);
    const { code, elapsedMs } = await interrupt(cli);
    expect(code).toBe(130);
    expect(elapsedMs).toBeLessThan(STOP_ALLOWANCE_MS);
    expect(cli.output()).toMatch(/interrupted: stopping/);
    expect(cli.output()).toMatch(/nothing was found before the interruption/);
    expect(cli.output()).not.toMatch(/all scenarios behaved as expected/);
  }, NO_TIMEOUT);

  it('a second Ctrl-C quits at once, still saying where the findings are', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'nrh-interrupt-'));
    const cli = startCli(['run', '--only', 'vault', '--runs', '100000', '--corpus', join(scratch, 'none'), '--out', join(scratch, 'found')]);
    await cli.waitFor(/checking 1 scenario/);
    cli.child.kill('SIGINT');
    await cli.waitFor(/interrupted: stopping/);
    const { code } = await interrupt(cli);
    expect(code).toBe(130);
    expect(cli.output()).toMatch(/interrupted again: quitting now|nothing was found before the interruption/);
  }, NO_TIMEOUT);

  it('fuzz --backend workspaces: stops within a second and shuts its node down, exit 130', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'nrh-interrupt-'));
    const cli = startCli(['fuzz', '--duration', '30m', '--only', 'vault', '--backend', 'workspaces', '--corpus', join(scratch, 'none'), '--out', join(scratch, 'found')]);
    await cli.waitFor(/fuzzing vault on near-workspaces/);
    const { code, elapsedMs } = await interrupt(cli);
    expect(code).toBe(130);
    expect(elapsedMs).toBeLessThan(STOP_ALLOWANCE_MS);
  }, NO_TIMEOUT);

  it('fuzz --backend sandbox (our near-sandbox look-alike as the binary): stops within a second and leaves no sandbox process behind', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'nrh-interrupt-'));
    const shim = writeSandboxShim(join(scratch, 'shim'));
    // Every process the CLI starts inherits this mark, so its sandbox can be found after the CLI is gone.
    const mark = `NRH_INTERRUPT_TEST=${process.pid}-${Date.now()}`;
    const cli = startCli(['fuzz', '--duration', '30m', '--only', 'vault', '--backend', 'sandbox', '--corpus', join(scratch, 'none'), '--out', join(scratch, 'found')], {
      ...shim.env,
      NRH_INTERRUPT_TEST: mark.split('=')[1]!,
    });
    await cli.waitFor(/fuzzing vault on near-workspaces against a neard sandbox/);
    const { code, elapsedMs } = await interrupt(cli);
    expect(code).toBe(130);
    expect(elapsedMs).toBeLessThan(STOP_ALLOWANCE_MS);
    await cli.exited;
    await eventually(() => processesWithEnvironment(mark).length === 0);
    expect(processesWithEnvironment(mark)).toEqual([]);
  }, NO_TIMEOUT);
});

/** Pids of processes whose environment holds `entry` (Linux /proc). */
function processesWithEnvironment(entry: string): number[] {
  if (!existsSync('/proc/self/environ')) return [];
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid) && pid !== String(process.pid))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(entry);
      } catch {
        return false; // ended while we looked, or not ours to read
      }
    })
    .map(Number);
}

/** Polls a condition a bounded number of times (a stopping process takes a moment to disappear). */
async function eventually(condition: () => boolean, attempts = 100): Promise<void> {
  for (let i = 0; i < attempts && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
}
