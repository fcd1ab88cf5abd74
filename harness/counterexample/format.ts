/**
 * The counterexample file: everything needed to replay a failing run exactly, and to tell
 * when that is no longer possible (a rebuilt wasm, an outdated format).
 */
import type { Plan } from '../generate/plan.js';
import type { Violation } from '../invariants/index.js';

export const FORMAT = 'near-rollback-harness/counterexample';
export const FORMAT_VERSION = 1;

export interface Counterexample {
  format: typeof FORMAT;
  version: typeof FORMAT_VERSION;
  scenario: { name: string; module: string };
  backend: string;
  /** fast-check seed and path of the failure (the plan below is the minimized one). */
  seed: number;
  path: string;
  /** sha256 of every contract deployed, by account: replay refuses if one changed. */
  wasm: Record<string, string>;
  plan: Plan;
  violations: Violation[];
  /** The readable trace of the run; replay must reproduce it byte for byte. */
  trace: string;
}

export class CounterexampleError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'CounterexampleError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the shape of a parsed file; throws CounterexampleError saying what is wrong. */
export function parseCounterexample(file: string, text: string): Counterexample {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CounterexampleError(file, `not valid JSON (${(error as Error).message}); the file is corrupt — write it again with \`near-rollback-harness run\` or \`fuzz\``);
  }
  if (!isObject(data) || data['format'] !== FORMAT) throw new CounterexampleError(file, `not a near-rollback-harness counterexample (no "format": "${FORMAT}")`);
  if (data['version'] !== FORMAT_VERSION) {
    throw new CounterexampleError(
      file,
      `written in counterexample format version ${String(data['version'])}; this harness reads version ${FORMAT_VERSION}. Regenerate it with this version's \`run\` or \`fuzz\`.`,
    );
  }
  const scenario = data['scenario'];
  const plan = data['plan'];
  if (!isObject(scenario) || typeof scenario['name'] !== 'string' || typeof scenario['module'] !== 'string') {
    throw new CounterexampleError(file, 'missing "scenario": {"name", "module"}');
  }
  if (!isObject(plan) || !Array.isArray(plan['steps']) || !Array.isArray(plan['order'])) throw new CounterexampleError(file, 'missing or malformed "plan" (steps, order)');
  for (const [i, step] of (plan['steps'] as unknown[]).entries()) {
    if (!isObject(step) || typeof step['method'] !== 'string' || typeof step['caller'] !== 'string' || typeof step['deposit'] !== 'string') {
      throw new CounterexampleError(file, `plan step ${i} is malformed (needs caller, method, deposit, …)`);
    }
  }
  if (!isObject(data['wasm'])) throw new CounterexampleError(file, 'missing "wasm" hashes');
  if (typeof data['trace'] !== 'string') throw new CounterexampleError(file, 'missing "trace"');
  return data as unknown as Counterexample;
}
