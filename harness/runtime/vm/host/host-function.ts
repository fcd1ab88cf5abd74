/**
 * The shape every `env` host function is described in: its handler over an explicit
 * VMLogic, and its costs as data. The section modules (registers.ts, context.ts, …)
 * each export a table of these; bind.ts turns the tables into a wasm import object.
 */
import type { ActionFeeName, ExtCostName } from '../../config/fees.js';
import type { VMLogic } from '../logic.js';

/** A wasm argument: an i64 arrives from V8 as a signed BigInt, an i32 as a number. */
export type WasmArg = bigint | number;

/** What a host function hands back to wasm: a BigInt for an i64 result, nothing for none. */
export type WasmResult = bigint | number | void;

/** A gas parameter a host function charges by name: a host-function cost or an action fee. */
export type GasCostName = ExtCostName | ActionFeeName;

export interface HostFunctionSpec {
  /**
   * The gas parameters this function charges itself, in the order it charges them.
   * `base` is paid by the binding on entry (as every implemented nearcore host function
   * pays it first); the handler pays the rest. Reading and writing guest memory and
   * registers, and decoding text, are paid by VMLogic's accessors and not listed.
   */
  readonly costs: readonly GasCostName[];
  /** nearcore refuses it in view calls (ProhibitedInView), right after paying `base`. */
  readonly prohibitedInView: boolean;
  /** The function itself; arguments as wasm passes them (normalise i64s with u64()). */
  readonly run: (vm: VMLogic, ...args: WasmArg[]) => WasmResult;
}

/** One section of the host API: host function name -> spec. */
export type HostFunctionTable = Readonly<Record<string, HostFunctionSpec>>;
