/**
 * Runs `run` or `fuzz` in a worker thread and keeps the main thread free for Ctrl-C:
 *   first Ctrl-C (or SIGTERM)  raise the stop flag; the worker finishes its current run,
 *                              writes what it found and exits; if it has not within the
 *                              grace period (a run stuck in one long receipt), it is
 *                              terminated. Either way: a summary of what was found and
 *                              where, exit status 130, within a second.
 *   second Ctrl-C              the summary, and exit 130 at once.
 * The worker spreads runs over a pool of threads of its own (pool.ts); they read the same
 * stop flag, and a terminated worker takes its pool down with it.
 * Counterexample files are written atomically the moment they are found, so stopping
 * at any point loses none of them.
 */
import { statSync } from 'node:fs';
import { corpusFiles } from '../counterexample/index.js';
import { stopChildProcesses } from './child-processes.js';
import type { Output } from './commands.js';
import { startThread } from './threads.js';
import { isWorkerMessage, type WorkerData, type WorkerTask } from './worker-protocol.js';

/**
 * Whether the process should exit at once with this code instead of waiting for its
 * threads: after an interruption, an abandoned worker may still be finishing an
 * uninterruptible step (compiling a module).
 */
export const exitAtOnce = (code: number) => code === INTERRUPTED_EXIT_CODE;

/** How long the worker may take to stop by itself before it is terminated. */
export const STOP_GRACE_MS = 600;
/** How long to wait for a terminated worker (and its pool) to be gone before the summary. */
const TERMINATE_WAIT_MS = 200;

/**
 * Counterexample files in `folder` written since `since` (epoch ms). Their names are their
 * content's hash, so a file found again is rewritten and counts as found.
 */
function writtenSince(folder: string, since: number): string[] {
  try {
    return corpusFiles(folder).filter((file) => statSync(file).mtimeMs >= since);
  } catch {
    return []; // the folder was never made, or a file went away as we looked
  }
}
export const INTERRUPTED_EXIT_CODE = 130;

const startWorker = (data: WorkerData) => startThread('worker', data);

export class CommandFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandFailed';
  }
}

export function superviseInWorker(task: WorkerTask, out: Output, graceMs = STOP_GRACE_MS): Promise<number> {
  const stopFlag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const started = Date.now();
  const worker = startWorker({ task, stopFlag });
  const found: string[] = [];
  let interrupted = false;

  return new Promise<number>((resolve, reject) => {
    let settled = false;
    const summary = () => {
      const all = [...new Set([...found, ...writtenSince(task.options.out, started)])].sort();
      if (all.length === 0) out.line('nothing was found before the interruption.');
      else out.line(`found ${all.length} counterexample(s), all on disk:\n${all.map((f) => `  ${f}`).join('\n')}`);
    };
    const settle = (outcome: { code: number } | { error: Error }) => {
      if (settled) return;
      settled = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // Its backends are closed by now; nothing it still holds (a timer, a socket) may keep the
      // process alive. Its pool threads go with it.
      const terminated = worker.terminate();
      if ('error' in outcome) return reject(outcome.error);
      if (interrupted) {
        // Once no thread can write any more, the folder is the whole truth: a pool thread may
        // have written a file whose message had not arrived yet.
        const gone = new Promise<void>((done) => {
          setTimeout(done, TERMINATE_WAIT_MS).unref();
          void terminated.then(() => done());
        });
        void gone.then(() => {
          summary();
          resolve(INTERRUPTED_EXIT_CODE);
        });
        return;
      }
      resolve(outcome.code);
    };
    const onSignal = () => {
      if (interrupted) {
        out.line('\ninterrupted again: quitting now.');
        summary();
        process.exit(INTERRUPTED_EXIT_CODE);
      }
      interrupted = true;
      Atomics.store(stopFlag, 0, 1);
      out.line('\ninterrupted: stopping (counterexamples already found are on disk; Ctrl-C again quits at once)');
      setTimeout(() => {
        if (settled) return;
        out.line(`the current run did not stop within ${graceMs} ms; abandoning it.`);
        // What the worker started (a sandbox node) would otherwise outlive it.
        stopChildProcesses();
        settle({ code: INTERRUPTED_EXIT_CODE });
      }, graceMs).unref();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    worker.on('message', (message: unknown) => {
      if (!isWorkerMessage(message)) return;
      switch (message.kind) {
        case 'line':
          return out.line(message.text);
        case 'progress':
          return out.progress(message.text);
        case 'found':
          found.push(message.file);
          return out.found?.(message.file);
        case 'done':
          return settle({ code: message.code });
        case 'failed':
          return settle({ error: new CommandFailed(message.message) });
      }
    });
    worker.on('error', (error) => settle({ error: new CommandFailed(error.message) }));
    worker.on('exit', (code) => settle(interrupted ? { code: INTERRUPTED_EXIT_CODE } : { error: new CommandFailed(`the worker thread exited unexpectedly (code ${code})`) }));
  });
}
