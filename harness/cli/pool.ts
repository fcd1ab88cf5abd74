/**
 * Where `run` and `fuzz` execute their work: in the command's own thread (--workers 1) or on
 * a pool of threads (node:worker_threads), one task per thread at a time, tasks started in
 * the order they were submitted. Both are an `Executor`, so the command does the same thing
 * with either, and its output does not depend on which (check/shares.ts says why).
 */
import type { Worker } from 'node:worker_threads';
import { sharedFailureBound, type ShareResult } from '../check/index.js';
import type { Scenario } from '../scenario/index.js';
import type { BackendSource } from './backends.js';
import { isPoolMessage, poolMessageProblem, type PoolData, type PoolMessage, type PoolTask, type WireShareResult } from './pool-protocol.js';
import { startThread } from './threads.js';
import { fuzzRounds, searchTask, type FuzzPlan, type FuzzSink, type SearchTask, type ShareOutcome } from './work.js';

export interface Executor {
  /** Threads that run tasks at the same time. */
  readonly threads: number;
  /**
   * One share of a scenario's search (`slot`: the scenario's cell in the shared failure
   * bounds). Queued behind earlier tasks; once the command is stopped, a task not yet
   * started resolves at once with nothing executed.
   */
  search(scenario: Scenario, slot: number, task: SearchTask, onRun: () => void): Promise<ShareOutcome>;
  /** Fuzz rounds on one thread until the plan's deadline or a stop. */
  fuzz(scenarios: readonly Scenario[], plan: FuzzPlan, sink: FuzzSink): Promise<void>;
  close(): Promise<void>;
}

const nothingExecuted = (task: SearchTask): ShareOutcome => ({ result: { share: task.share, seed: task.seed, runs: [], executed: 0 } });

/** The command's own thread: tasks one after another, as before there were pools. */
export function inThreadExecutor(source: BackendSource, bounds: Int32Array, stop: () => boolean): Executor {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    threads: 1,
    search: (scenario, slot, task, onRun) => {
      const next = queue.then(() => (stop() ? nothingExecuted(task) : searchTask(source.make(scenario), task, sharedFailureBound(bounds, slot), stop, onRun)));
      queue = next.catch(() => undefined);
      return next;
    },
    fuzz: (scenarios, plan, sink) => fuzzRounds(scenarios.map((s) => source.make(s)), plan, stop, sink),
    close: async () => {},
  };
}

/** A task's messages until it ends: 'done' once it has. */
type TaskHandler = (message: PoolMessage) => 'done' | undefined;

interface Running {
  handle: TaskHandler;
  resolve: () => void;
  reject: (error: Error) => void;
  worker: Worker;
}

class ThreadPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: { take: (worker: Worker) => void; reject: (error: Error) => void }[] = [];
  private readonly running = new Map<number, Running>();
  private nextId = 0;
  private broken: Error | undefined;
  private closing = false;

  constructor(count: number, data: PoolData) {
    for (let i = 0; i < count; i++) {
      const worker = startThread('pool-worker', data);
      worker.on('message', (value: unknown) => this.receive(value));
      worker.on('error', (error) => this.fail(new Error(`a worker thread failed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`a worker thread exited unexpectedly (code ${code})`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * Runs a task on the next free thread, in submission order. `start` says whether to run it
   * at all when its turn comes (false: it resolves without running).
   */
  submit(task: (id: number) => PoolTask, handle: TaskHandler, start: () => boolean = () => true): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const take = (worker: Worker) => {
        if (!start()) {
          this.release(worker);
          return resolve();
        }
        const id = this.nextId++;
        this.running.set(id, { handle, resolve, reject, worker });
        worker.postMessage(task(id));
      };
      if (this.broken) return reject(this.broken);
      const worker = this.idle.shift();
      if (worker) take(worker);
      else this.waiting.push({ take, reject });
    });
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) next.take(worker);
    else this.idle.push(worker);
  }

  private receive(message: unknown): void {
    if (!isPoolMessage(message)) return this.fail(new Error(`a worker thread sent a message that is not one of the pool's: ${poolMessageProblem(message)}`));
    const task = this.running.get(message.id);
    if (!task) return this.fail(new Error(message.kind === 'failed' ? message.message : `a worker thread answered task ${message.id}, which it was not given`));
    if (message.kind === 'failed') {
      this.running.delete(message.id);
      task.reject(new Error(message.message));
      return this.release(task.worker);
    }
    if (task.handle(message) !== 'done') return;
    this.running.delete(message.id);
    task.resolve();
    this.release(task.worker);
  }

  /** A thread broke: every task in flight or waiting fails with why, and so does any later one. */
  private fail(error: Error): void {
    if (this.closing) return;
    this.broken ??= error;
    for (const task of this.running.values()) task.reject(error);
    this.running.clear();
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** A share's result from its wire form: an error back as an Error carrying the thread's stack. */
function fromWire(result: WireShareResult): ShareResult {
  const { failure, ...rest } = result;
  if (!failure) return rest;
  if (failure.found.kind === 'violation') return { ...rest, failure: { ...failure, found: failure.found } };
  const error = new Error(failure.found.message);
  if (failure.found.stack !== undefined) error.stack = failure.found.stack;
  return { ...rest, failure: { ...failure, found: { kind: 'error', error } } };
}

/** A pool of `count` threads, each loading the scenario module itself. */
export function poolExecutor(count: number, data: PoolData, stop: () => boolean): Executor {
  const pool = new ThreadPool(count, data);
  return {
    threads: pool.size,
    search: async (scenario, slot, task, onRun) => {
      let outcome: ShareOutcome | undefined;
      await pool.submit(
        (id) => ({ kind: 'search', id, scenario: scenario.name, slot, ...task }),
        (message) => {
          if (message.kind === 'run') onRun();
          if (message.kind !== 'share') return undefined;
          outcome = { result: fromWire(message.result), ...(message.counterexample ? { counterexample: message.counterexample } : {}), ...(message.page ? { page: message.page } : {}) };
          return 'done';
        },
        () => !stop(),
      );
      return outcome ?? nothingExecuted(task);
    },
    fuzz: (scenarios, plan, sink) =>
      pool.submit(
        (id) => ({ kind: 'fuzz', id, scenarios: scenarios.map((s) => s.name), ...plan }),
        (message) => {
          if (message.kind === 'fuzz-run') sink.run(message.figures);
          if (message.kind === 'round') sink.round(message.report);
          return message.kind === 'fuzz-done' ? 'done' : undefined;
        },
      ),
    close: () => pool.close(),
  };
}
