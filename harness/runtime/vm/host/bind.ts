/**
 * The `env` import object of a function call: every host function of the section tables
 * bound to the call's VMLogic, read from a holder at each call so that one instance can
 * serve calls one after another (start-once reuses instances; see vm/instance-cache.ts).
 */
import type { VMLogic } from '../logic.js';
import { executionProfile } from '../profile.js';
import type { HostFunctionSpec, WasmArg, WasmResult } from './host-function.js';
import { HOST_FUNCTIONS } from './sections.js';

export type HostImport = (...args: WasmArg[]) => WasmResult;

/** What the binding needs of a spec, worked out once per process rather than per call. */
interface Binding {
  name: string;
  run: HostFunctionSpec['run'];
  paysBase: boolean;
  prohibitedInView: boolean;
}

const BINDINGS: readonly Binding[] = HOST_FUNCTIONS.map(([name, spec]) => ({
  name,
  run: spec.run,
  paysBase: spec.costs.includes('base'),
  prohibitedInView: spec.prohibitedInView,
}));

/** Whose call the host functions serve: set before each call into the instance. */
export interface HostTarget {
  vm: VMLogic;
}

/**
 * Instruction gas burnt by the contract is settled before every host call, and the
 * remaining budget handed back after it. Then, as in nearcore, `base` is paid and a
 * function prohibited in views refused, before the function itself runs.
 */
function invoke(vm: VMLogic, { name, run, paysBase, prohibitedInView }: Binding, args: WasmArg[]): WasmResult {
  vm.syncFromWasm();
  if (paysBase) vm.pay('base');
  if (prohibitedInView) vm.prohibitedInView(name);
  const result = run(vm, ...args);
  vm.syncToWasm();
  return result;
}

/** One host function; while benchmarks profile, its time is added to executionProfile.hostNanos. */
function bind(target: HostTarget, binding: Binding): HostImport {
  return (...args) => {
    if (!executionProfile.enabled) return invoke(target.vm, binding, args);
    const started = process.hrtime.bigint();
    try {
      return invoke(target.vm, binding, args);
    } finally {
      executionProfile.hostNanos += process.hrtime.bigint() - started;
    }
  };
}

export function createHostFunctions(target: HostTarget): Record<string, HostImport> {
  const imports: Record<string, HostImport> = {};
  for (const binding of BINDINGS) imports[binding.name] = bind(target, binding);
  return imports;
}
