/**
 * Reading a counterexample file's text: JSON, then the format and its version, then the
 * schema. Every problem the schema finds is reported at once, each naming the field, the
 * value and what was expected.
 */
import type { z } from 'zod';
import { counterexampleSchema, FORMAT, FORMAT_VERSION, MAX_JSON_DEPTH, type Counterexample } from './format.js';
import { fieldName, notA, valueAt, type FieldPath } from './problem.js';

/** Why a counterexample file cannot be replayed; `problems` lists each thing wrong. */
export class CounterexampleError extends Error {
  readonly problems: string[];

  constructor(
    readonly file: string,
    problem: string,
    details: readonly string[] = [],
  ) {
    super(`${file}: ${problem}${details.map((d) => `\n  - ${d}`).join('')}`);
    this.name = 'CounterexampleError';
    this.problems = details.length > 0 ? [...details] : [problem];
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field of the file nested near its top: what a problem deep inside it is reported at. */
const REPORTED_DEPTH = 5;

/**
 * The first place where the JSON nests deeper than MAX_JSON_DEPTH, cut to the field that
 * holds it. Walked without recursion: the point is to refuse what recursion cannot handle.
 */
function tooDeep(data: unknown): FieldPath | undefined {
  const pending: { value: unknown; path: PropertyKey[]; depth: number }[] = [{ value: data, path: [], depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path, depth } = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_JSON_DEPTH) return path.slice(0, REPORTED_DEPTH);
    const children: [PropertyKey, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [key, child] of children) pending.push({ value: child, path: [...path, key], depth: depth + 1 });
  }
  return undefined;
}

function issueText(data: unknown, issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
    return `${fieldName(issue.path)}: unknown field${issue.keys.length > 1 ? 's' : ''} ${keys} in ${issue.message}`;
  }
  if (issue.code === 'invalid_key') {
    const key = String(issue.path.at(-1));
    return `${fieldName(issue.path)}: the key ${JSON.stringify(key)} is not ${issue.issues[0]?.message ?? issue.message}`;
  }
  return notA(issue.path, valueAt(data, issue.path), issue.message);
}

/**
 * Whether parsed JSON is a counterexample. The file's own objects are kept rather than zod's
 * copies, which follow the schema's key order: an answer goes to the mock's storage as JSON,
 * and its length and order cost gas, so a replay must use exactly what the file holds.
 */
function isCounterexample(data: unknown): data is Counterexample {
  return counterexampleSchema.safeParse(data).success;
}

function schemaProblems(data: unknown): string[] {
  return counterexampleSchema.safeParse(data).error?.issues.map((issue) => issueText(data, issue)) ?? [];
}

/** Checks a file's text against the format; throws CounterexampleError saying all that is wrong. */
export function parseCounterexample(file: string, text: string): Counterexample {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new CounterexampleError(file, `not valid JSON (${why}); the file is corrupt — write it again with \`near-rollback-harness run\` or \`fuzz\``);
  }
  if (!isObject(data) || data['format'] !== FORMAT) throw new CounterexampleError(file, `not a near-rollback-harness counterexample (no "format": "${FORMAT}")`);
  if (data['version'] !== FORMAT_VERSION) {
    throw new CounterexampleError(
      file,
      `written in counterexample format version ${String(data['version'])}; this harness reads version ${FORMAT_VERSION}. Regenerate it with this version's \`run\` or \`fuzz\`.`,
    );
  }
  const deep = tooDeep(data);
  if (deep) throw new CounterexampleError(file, `${fieldName(deep)}: nests deeper than the ${MAX_JSON_DEPTH} levels of JSON the format allows (MAX_JSON_DEPTH)`);
  if (isCounterexample(data)) return data;
  throw new CounterexampleError(file, 'not a valid counterexample file:', schemaProblems(data));
}
