/**
 * What the command's thread (the coordinator) and its pool threads send each other. Every
 * message crosses a thread boundary as a structured clone, so each side checks what it
 * receives against these schemas (the types are inferred from them) rather than trusting it.
 */
import { z } from 'zod';
import { coverageSchema, shardSchema } from '../coverage/index.js';
import { counterexampleSchema, planSchema, violationSchema } from '../counterexample/index.js';
import { BACKEND_KINDS } from './backends.js';

const sharedInt32 = (length?: number) =>
  z.custom<Int32Array<SharedArrayBuffer>>((value) => value instanceof Int32Array && value.buffer instanceof SharedArrayBuffer && (length === undefined || value.length === length));

const poolDataSchema = z.object({
  /** The scenario module, loaded by each thread itself: scenarios hold functions, which cannot be cloned. */
  scenarios: z.string(),
  projectRoot: z.string(),
  backend: z.enum(BACKEND_KINDS),
  /** The supervisor's stop flag (0 running, 1 stop), read between runs. */
  stopFlag: sharedInt32(1),
  /** One cell per scenario of a `run`: the smallest failing run index any share found (check/shares.ts). */
  bounds: sharedInt32(),
});

const shareSchema = z.object({ index: z.int().min(0), count: z.int().min(1) });

const poolTaskSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('search'), id: z.int(), scenario: z.string(), slot: z.int().min(0), seed: z.int(), numRuns: z.int().min(0), share: shareSchema }),
  z.object({
    kind: z.literal('fuzz'),
    id: z.int(),
    scenarios: z.array(z.string()).min(1),
    durationMs: z.number().min(0),
    shard: shardSchema,
    offset: z.int().min(0),
    out: z.string(),
  }),
]);

const shareResultSchema = z.object({
  share: shareSchema,
  seed: z.int(),
  runs: z.array(z.object({ index: z.int().min(0), coverage: coverageSchema })),
  executed: z.int().min(0),
  failure: z
    .object({
      index: z.int().min(0),
      path: z.string(),
      shrinks: z.int().min(0),
      shrinkRuns: z.int().min(0),
      found: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('violation'), plan: planSchema, violations: z.array(violationSchema) }),
        // An Error crosses as its text: what the report prints of it.
        z.object({ kind: z.literal('error'), message: z.string(), stack: z.string().exactOptional() }),
      ]),
    })
    .exactOptional(),
});

const figuresSchema = z.object({ gapCalls: z.int().min(0), failingAnswers: z.int().min(0) });

const poolMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run'), id: z.int() }),
  z.object({ kind: z.literal('share'), id: z.int(), result: shareResultSchema, counterexample: counterexampleSchema.exactOptional(), page: z.string().exactOptional() }),
  z.object({ kind: z.literal('fuzz-run'), id: z.int(), figures: figuresSchema }),
  z.object({
    kind: z.literal('round'),
    id: z.int(),
    report: z.object({
      scenario: z.int().min(0),
      seed: z.int(),
      coverage: coverageSchema,
      found: z.object({ invariant: z.string(), file: z.string(), page: z.string() }).exactOptional(),
      error: z.string().exactOptional(),
    }),
  }),
  z.object({ kind: z.literal('fuzz-done'), id: z.int() }),
  z.object({ kind: z.literal('failed'), id: z.int(), message: z.string() }),
]);

export type PoolData = z.infer<typeof poolDataSchema>;
export type PoolTask = z.infer<typeof poolTaskSchema>;
export type PoolMessage = z.infer<typeof poolMessageSchema>;
export type WireShareResult = z.infer<typeof shareResultSchema>;

export const isPoolData = (value: unknown): value is PoolData => poolDataSchema.safeParse(value).success;
export const isPoolTask = (value: unknown): value is PoolTask => poolTaskSchema.safeParse(value).success;

/**
 * Whether a message is one of the pool's. The message itself is used, not zod's parsed copy:
 * that copy orders object keys as the schema does, and a counterexample file must keep the
 * key order it was built with (the same bytes whichever thread found it).
 */
export const isPoolMessage = (value: unknown): value is PoolMessage => poolMessageSchema.safeParse(value).success;

/** Why a value is not one of the pool's messages (for the error the coordinator reports). */
export function poolMessageProblem(value: unknown): string {
  const parsed = poolMessageSchema.safeParse(value);
  return parsed.success ? '' : parsed.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ');
}
