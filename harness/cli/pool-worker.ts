/**
 * A pool thread: takes one task at a time from the command's thread (pool.ts) — a share of
 * a scenario's search, or fuzz rounds until a deadline — and reports back. It loads the
 * scenario module itself (scenarios hold functions, which cannot cross threads) and keeps
 * one backend per scenario for all its tasks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Backend } from '../backend/index.js';
import { sharedFailureBound, type ShareResult } from '../check/index.js';
import { loadScenarios, type Scenario } from '../scenario/index.js';
import { openBackends, type BackendSource } from './backends.js';
import { isPoolData, isPoolTask, type PoolMessage, type PoolTask, type WireShareResult } from './pool-protocol.js';
import { fuzzRounds, searchTask } from './work.js';

const port = parentPort;
if (!port || !isPoolData(workerData)) throw new Error('harness/cli/pool-worker.ts runs only as a thread of the CLI\'s pool');
const data = workerData;
const send = (message: PoolMessage) => port.postMessage(message);
const stop = () => Atomics.load(data.stopFlag, 0) !== 0;

// Loaded at once, not at the first task: the command replays its corpus meanwhile, so a
// thread is ready when the search starts. A failure is reported with the first task.
const scenarios: Promise<Scenario[]> = loadScenarios(data.scenarios, data.projectRoot);
scenarios.catch(() => undefined);
let source: Promise<BackendSource> | undefined;
const backends = new Map<string, Backend>();
/** `run` gives a thread one scenario's shares after another: a backend it has moved on from is let go. */
let lastSearched: string | undefined;

async function backendFor(name: string): Promise<Backend> {
  const known = backends.get(name);
  if (known) return known;
  const scenario = (await scenarios).find((s) => s.name === name);
  if (!scenario) throw new Error(`scenario ${name} is not in ${data.scenarios} as this thread loaded it`);
  const backend = (await (source ??= openBackends(data.backend))).make(scenario);
  backends.set(name, backend);
  return backend;
}

/** The result as it crosses the thread boundary: an Error as its text. */
function wire(result: ShareResult): WireShareResult {
  const { failure, ...rest } = result;
  if (!failure) return rest;
  const found = failure.found.kind === 'violation' ? failure.found : { kind: 'error' as const, message: failure.found.error.message, ...(failure.found.error.stack ? { stack: failure.found.error.stack } : {}) };
  return { ...rest, failure: { ...failure, found } };
}

async function perform(task: PoolTask): Promise<void> {
  switch (task.kind) {
    case 'search': {
      if (lastSearched !== undefined && lastSearched !== task.scenario) backends.delete(lastSearched);
      lastSearched = task.scenario;
      const backend = await backendFor(task.scenario);
      const outcome = await searchTask(backend, task, sharedFailureBound(data.bounds, task.slot), stop, () => send({ kind: 'run', id: task.id }));
      send({ kind: 'share', id: task.id, result: wire(outcome.result), ...(outcome.counterexample ? { counterexample: outcome.counterexample } : {}), ...(outcome.page ? { page: outcome.page } : {}) });
      return;
    }
    case 'fuzz': {
      const list: Backend[] = [];
      for (const name of task.scenarios) list.push(await backendFor(name));
      await fuzzRounds(list, { durationMs: task.durationMs, shard: task.shard, offset: task.offset, out: task.out }, stop, {
        run: (figures) => send({ kind: 'fuzz-run', id: task.id, figures }),
        round: (report) => send({ kind: 'round', id: task.id, report }),
      });
      send({ kind: 'fuzz-done', id: task.id });
      return;
    }
  }
}

port.on('message', (task: unknown) => {
  if (!isPoolTask(task)) {
    const id = typeof task === 'object' && task !== null && 'id' in task && typeof task.id === 'number' ? task.id : -1;
    send({ kind: 'failed', id, message: 'a pool thread received a task it cannot read' });
    return;
  }
  perform(task).catch((error: unknown) => send({ kind: 'failed', id: task.id, message: error instanceof Error ? error.message : String(error) }));
});
