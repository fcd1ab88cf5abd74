/**
 * What the CLI's main thread and its worker thread send each other. Both directions cross
 * a thread boundary as structured clones, so each side checks what it receives against the
 * schemas below (the types are inferred from them) rather than trusting its shape.
 */
import { z } from 'zod';
import { shardSchema } from '../coverage/index.js';
import { BACKEND_KINDS } from './backends.js';

const suiteTaskOptions = {
  scenarios: z.string(),
  backend: z.enum(BACKEND_KINDS),
  only: z.array(z.string()).optional(),
  corpus: z.string(),
  out: z.string(),
  projectRoot: z.string(),
  /** Threads to spread the runs over (absent: 1). */
  workers: z.int().min(1).optional(),
};

const workerTaskSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('run'), options: z.object({ ...suiteTaskOptions, seed: z.int(), runs: z.int().min(0), verbose: z.boolean() }) }),
  z.object({ command: z.literal('fuzz'), options: z.object({ ...suiteTaskOptions, durationMs: z.number().min(0), includeSelfTests: z.boolean(), shard: shardSchema.optional() }) }),
]);

const workerDataSchema = z.object({
  task: workerTaskSchema,
  /** One Int32 over shared memory (or the worker would never see it change): 0 while running, 1 once the user asked to stop. */
  stopFlag: z.custom<Int32Array<SharedArrayBuffer>>((value) => value instanceof Int32Array && value.buffer instanceof SharedArrayBuffer && value.length === 1),
});

const workerMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('line'), text: z.string() }),
  z.object({ kind: z.literal('progress'), text: z.string() }),
  z.object({ kind: z.literal('found'), file: z.string() }),
  z.object({ kind: z.literal('done'), code: z.int() }),
  z.object({ kind: z.literal('failed'), message: z.string() }),
]);

export type WorkerTask = z.infer<typeof workerTaskSchema>;
export type WorkerData = z.infer<typeof workerDataSchema>;
export type WorkerMessage = z.infer<typeof workerMessageSchema>;

/** The worker's data as the main thread sent it. */
export function isWorkerTask(data: unknown): data is WorkerData {
  return workerDataSchema.safeParse(data).success;
}

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  return workerMessageSchema.safeParse(value).success;
}
