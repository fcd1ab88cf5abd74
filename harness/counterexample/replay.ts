/**
 * Replaying a counterexample: read and check the file, load its scenario, check the plan
 * fits that scenario and the contracts are still the ones it was found with, run its plan,
 * judge it again and render the trace — which must be the same, byte for byte. Everything
 * that can be wrong with the file is found before anything runs.
 */
import { dirname } from 'node:path';
import { EmbeddedBackend, type RunRecord } from '../backend/index.js';
import { checkPlan } from '../check/index.js';
import { findProjectRoot, loadScenario, ScenarioError, type Scenario } from '../scenario/index.js';
import type { Violation } from '../invariants/index.js';
import type { Counterexample } from './format.js';
import { CounterexampleError } from './parse.js';
import { scenarioMisfits } from './scenario-fit.js';
import { readCounterexample } from './store.js';
import { renderTrace } from './trace.js';
import { missingWasms, wasmHashes } from './wasm-hashes.js';

export interface ReplayResult {
  file: string;
  counterexample: Counterexample;
  violations: Violation[];
  trace: string;
  /** The replayed run and the scenario it ran in, for whoever draws it (the HTML timeline). */
  record: RunRecord;
  scenario: Scenario;
  /** Whether the trace equals the one in the file, byte for byte. */
  identical: boolean;
  /**
   * Whether the replay shows what the file recorded: the identical trace for a file found
   * on the embedded backend; the same violated invariants for one found on another backend
   * (receipt ids and block heights differ between a node and the embedded runtime).
   */
  reproduced: boolean;
}

function invariantNames(violations: readonly Violation[]): string {
  return [...new Set(violations.map((v) => v.invariant))].sort().join(',');
}

/** The scenario the file names, as its module defines it now. */
async function scenarioOf(file: string, counterexample: Counterexample, projectRoot: string): Promise<Scenario> {
  const { name, module } = counterexample.scenario;
  try {
    return await loadScenario(module, name, projectRoot);
  } catch (error) {
    const problems = error instanceof ScenarioError ? error.problems : [error instanceof Error ? error.message : String(error)];
    throw new CounterexampleError(file, `cannot load scenario "${name}" from ${module}, which this counterexample was found in:`, problems);
  }
}

/** Refuses a plan its scenario could not have produced, and contracts that cannot be deployed. */
function checkFits(file: string, counterexample: Counterexample, scenario: Scenario): void {
  const misfits = scenarioMisfits(counterexample.plan, scenario);
  if (misfits.length > 0) throw new CounterexampleError(file, `its plan does not fit scenario "${scenario.name}" (${counterexample.scenario.module}):`, misfits);
  const missing = missingWasms(scenario);
  if (missing.length > 0) {
    throw new CounterexampleError(
      file,
      `scenario "${scenario.name}" cannot be deployed:`,
      missing.map(({ account, file: wasm }) => `the wasm of ${account} is missing: ${wasm} (build it with \`npm run build:contracts\`)`),
    );
  }
}

export async function replayCounterexample(file: string, options: { projectRoot?: string | undefined; allowChangedWasm?: boolean | undefined } = {}): Promise<ReplayResult> {
  // The file names its scenario module from its project's root: the project it lies in.
  const projectRoot = options.projectRoot ?? findProjectRoot(dirname(file));
  const counterexample = readCounterexample(file);
  const scenario = await scenarioOf(file, counterexample, projectRoot);
  checkFits(file, counterexample, scenario);
  const now = wasmHashes(scenario);
  const changed = Object.entries(counterexample.wasm).filter(([account, hash]) => now[account] !== hash);
  if (changed.length > 0 && !options.allowChangedWasm) {
    throw new CounterexampleError(
      file,
      `the wasm of ${changed.map(([a, h]) => `${a} (was sha256 ${h.slice(0, 12)}…, now ${now[a]?.slice(0, 12) ?? 'missing'}…)`).join(', ')} ` +
        'changed since this counterexample was found, so it cannot be replayed exactly. Rebuild the original contract, or replay it ' +
        'against the new code with --allow-changed-wasm (a fixed bug then shows as no violation).',
    );
  }
  // Counterexamples found on any backend replay on the embedded runtime.
  const backend = new EmbeddedBackend(scenario);
  const verdict = await checkPlan(backend, counterexample.plan);
  const trace = renderTrace(scenario.name, counterexample.plan, verdict.record, verdict.violations);
  const identical = trace === counterexample.trace;
  const reproduced = counterexample.backend === backend.name ? identical : invariantNames(verdict.violations) === invariantNames(counterexample.violations);
  return { file, counterexample, violations: verdict.violations, trace, record: verdict.record, scenario, identical, reproduced };
}
