/**
 * Coverage as data from outside: sent between threads (a structured clone is not a promise of
 * shape) and read back from coverage.json files (merging the shards of a nightly session).
 * The schemas follow types.ts and format.ts; the compile-time check at the bottom keeps them
 * interchangeable with the types.
 */
import { z } from 'zod';
import { COVERAGE_FORMAT, type CoverageEntry } from './format.js';
import type { Coverage } from './types.js';
import type { VacuityComplaint } from './vacuity.js';

const count = z.int().min(0);
const counts = z.record(z.string(), count);

const userMethodSchema = z.object({ calls: count, succeeded: count, failed: count, refused: count, unfinished: count, inGap: count, reasons: counts });

export const coverageSchema = z.object({
  scenario: z.string(),
  runs: count,
  steps: count,
  methods: z.record(z.string(), userMethodSchema),
  external: z.record(z.string(), z.object({ kind: z.enum(['mock', 'fungible-token']), calls: count, answers: counts, failures: count })),
  callbacks: z.record(z.string(), z.object({ calls: count, allSucceeded: count, someFailed: count, allFailed: count, withoutResults: count })),
  undeclared: z.record(
    z.string(),
    z.object({ calls: count, why: z.enum(['not-in-interface', 'not-exported', 'unknown-account']), nearest: z.string().exactOptional() }),
  ),
  gapCalls: count,
  scheduling: z.object({ receiptDelays: count, receiptDelayBlocks: count, reorderedBlocks: count, delayAnswers: count, delayAnswerBlocks: count }),
});

export const vacuityComplaintSchema = z.object({
  check: z.enum(['never-succeeded', 'never-called', 'never-failed', 'callback-never-saw-failure', 'undeclared-call', 'unknown-expectation']),
  subject: z.string(),
  message: z.string(),
});

export const coverageEntrySchema = z.object({
  coverage: coverageSchema,
  judged: z.union([z.literal(true), z.enum(['too-few-runs', 'expects-a-violation', 'found-a-violation', 'error', 'interrupted'])]),
  vacuity: z.array(vacuityComplaintSchema),
  notYetReached: z.array(vacuityComplaintSchema).exactOptional(),
});

/** A fuzz session's share of seeds, 1-based: `fuzz --shard 2/4` is { index: 2, count: 4 }. */
export const shardSchema = z.object({ index: z.int().min(1), count: z.int().min(1) }).refine((s) => s.index <= s.count, { error: 'a shard index from 1 to its count' });

/** coverage.json (format.ts writes it). */
export const coverageFileSchema = z.object({
  format: z.literal(COVERAGE_FORMAT),
  command: z.enum(['run', 'fuzz']),
  seed: z.int().optional(),
  backend: z.string(),
  shard: shardSchema.optional(),
  /** Set by merge-findings: the shards whose files were merged. */
  shards: z.array(shardSchema).optional(),
  scenarios: z.array(coverageEntrySchema),
});

export type CoverageFileContent = z.infer<typeof coverageFileSchema>;

type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type SchemasMatchTypes = [
  Holds<MutuallyAssignable<z.infer<typeof coverageSchema>, Coverage>>,
  Holds<MutuallyAssignable<z.infer<typeof vacuityComplaintSchema>, VacuityComplaint>>,
  Holds<MutuallyAssignable<z.infer<typeof coverageEntrySchema>, CoverageEntry>>,
];
