/**
 * The `env` import object of one function call: every host function of the section
 * tables bound to that call's VMLogic.
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

/**
 * Instruction gas burnt by the contract is settled before every host call, and the
 * remaining budget handed back after it. Then, as in nearcore, `base` is paid and a
 * function prohibited in views refused, before the function itself runs.
 */
function bind(vm: VMLogic, { name, run, paysBase, prohibitedInView }: Binding): HostImport {
  return (...args) => {
    vm.syncFromWasm();
    if (paysBase) vm.pay('base');
    if (prohibitedInView) vm.prohibitedInView(name);
    const result = run(vm, ...args);
    vm.syncToWasm();
    return result;
  };
}

/** bind(), also adding the time spent to executionProfile.hostNanos (benchmarks only). */
function bindProfiled(vm: VMLogic, { name, run, paysBase, prohibitedInView }: Binding): HostImport {
  return (...args) => {
    const started = process.hrtime.bigint();
    try {
      vm.syncFromWasm();
      if (paysBase) vm.pay('base');
      if (prohibitedInView) vm.prohibitedInView(name);
      const result = run(vm, ...args);
      vm.syncToWasm();
      return result;
    } finally {
      executionProfile.hostNanos += process.hrtime.bigint() - started;
    }
  };
}

export function createHostFunctions(vm: VMLogic, profile = false): Record<string, HostImport> {
  const imports: Record<string, HostImport> = {};
  for (const binding of BINDINGS) imports[binding.name] = profile ? bindProfiled(vm, binding) : bind(vm, binding);
  return imports;
}
