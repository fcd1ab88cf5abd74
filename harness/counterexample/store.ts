/**
 * Writing and reading counterexample files. Files are written to a temporary name and
 * renamed, so an interrupted run never leaves half a file; names are derived from the
 * content, so the same counterexample found twice is one file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Backend, RunRecord } from '../backend/index.js';
import { checkPlan } from '../check/index.js';
import { COVERAGE_FILE } from '../coverage/index.js';
import type { Plan } from '../generate/index.js';
import type { Violation } from '../invariants/index.js';
import type { Scenario } from '../scenario/index.js';
import { FORMAT, FORMAT_VERSION, type Counterexample } from './format.js';
import { CounterexampleError, parseCounterexample } from './parse.js';
import { renderTrace } from './trace.js';
import { wasmHashes } from './wasm-hashes.js';

export function buildCounterexample(
  scenario: Scenario,
  plan: Plan,
  record: RunRecord,
  violations: Violation[],
  found: { seed: number; path: string },
): Counterexample {
  return {
    format: FORMAT,
    version: FORMAT_VERSION,
    scenario: { name: scenario.name, module: scenario.source?.module ?? '(unknown module)' },
    backend: record.backend,
    seed: found.seed,
    path: found.path,
    wasm: wasmHashes(scenario),
    plan,
    violations,
    trace: renderTrace(scenario.name, plan, record, violations),
  };
}

/** The counterexample file's content for a failing plan: the plan run again for its record and trace. */
export async function counterexampleOf(backend: Backend, plan: Plan, found: { seed: number; path: string }): Promise<Counterexample> {
  return (await counterexampleRunOf(backend, plan, found)).counterexample;
}

/** The same, with the run it was built from (the HTML timeline draws the record). */
export async function counterexampleRunOf(
  backend: Backend,
  plan: Plan,
  found: { seed: number; path: string },
): Promise<{ counterexample: Counterexample; record: RunRecord; violations: Violation[] }> {
  const verdict = await checkPlan(backend, plan);
  return { counterexample: buildCounterexample(backend.scenario, plan, verdict.record, verdict.violations, found), record: verdict.record, violations: verdict.violations };
}

export function counterexampleFileName(counterexample: Counterexample): string {
  const digest = createHash('sha256').update(JSON.stringify([counterexample.scenario, counterexample.plan])).digest('hex').slice(0, 10);
  const invariant = counterexample.violations[0]?.invariant ?? 'violation';
  return `${counterexample.scenario.name}--${invariant}--${digest}.json`;
}

/** Writes the file atomically into `directory`; returns its path. */
export function writeCounterexample(directory: string, counterexample: Counterexample): string {
  mkdirSync(directory, { recursive: true });
  const file = join(directory, counterexampleFileName(counterexample));
  // Per thread too: two of fuzz's threads may find the same counterexample at the same moment.
  const temp = `${file}.tmp-${process.pid}-${threadId}`;
  writeFileSync(temp, `${JSON.stringify(counterexample, null, 2)}\n`);
  renameSync(temp, file);
  return file;
}

export function readCounterexample(file: string): Counterexample {
  if (!existsSync(file)) throw new CounterexampleError(file, 'no such counterexample file');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CounterexampleError(file, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseCounterexample(file, text);
}

/**
 * The counterexample files of a corpus folder, sorted (missing folder: none). The coverage
 * report `run` and `fuzz` write beside their counterexamples is not one.
 */
export function corpusFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((f) => f.endsWith('.json') && f !== COVERAGE_FILE)
    .sort()
    .map((f) => join(directory, f));
}
