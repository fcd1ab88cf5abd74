/**
 * The worker thread that does `run` and `fuzz` for the command line. The main thread
 * stays idle to answer Ctrl-C at once (a run on the embedded runtime is synchronous
 * work the main thread could not interrupt); it raises a shared stop flag, which this
 * side reads between runs and shrinking steps.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzCommand, runCommand, type Output } from './commands.js';
import { isWorkerTask, type WorkerMessage } from './worker-protocol.js';

const port = parentPort;
if (!port || !isWorkerTask(workerData)) throw new Error('harness/cli/worker.ts runs only as the CLI worker thread');
const { task, stopFlag } = workerData;

const send = (message: WorkerMessage) => port.postMessage(message);
const out: Output = {
  line: (text) => send({ kind: 'line', text }),
  progress: (text) => send({ kind: 'progress', text }),
  found: (file) => send({ kind: 'found', file }),
};
const stop = () => Atomics.load(stopFlag, 0) !== 0;

try {
  // The pool's threads, if any, read the same stop flag.
  const code = task.command === 'run' ? await runCommand({ ...task.options, stop, stopFlag }, out) : await fuzzCommand({ ...task.options, stop, stopFlag }, out);
  send({ kind: 'done', code });
} catch (error) {
  send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
}
