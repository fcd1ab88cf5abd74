/**
 * Runs one function call of a contract: prepare and compile the wasm once per code hash,
 * then a fresh instance with fresh memory for every call, as nearcore does.
 */
import { createHash } from 'node:crypto';
import type { ProtocolConfig } from '../config/protocol.js';
import { functionType } from '../wasm/module.js';
import { GAS_GLOBAL, instrumentGas } from '../wasm/gas-instrument.js';
import { decodeModule } from '../wasm/module.js';
import { dataSegmentRanges, type ByteRange } from '../wasm/memory-writes.js';
import { instrumentWrites, WRITTEN_HIGH_GLOBAL, WRITTEN_LOW_GLOBAL } from '../wasm/write-tracking.js';
import { prepareContract, type PreparedContract } from '../wasm/prepare.js';
import type { VMContext } from './context.js';
import { HostError, trapFromV8, type FunctionCallError } from './errors.js';
import { createHostFunctions } from './host/bind.js';
import { executionProfile } from './profile.js';
import { memoryPool } from './memory-pool.js';
import { VMLogic, type ContractStorage, type ReturnData } from './logic.js';
import { RecordingStorage, outcomeDifference } from './recording-storage.js';
import { returnInstance, takeInstance, type ReusableInstance } from './instance-cache.js';
import { resumeEntry, startOnceMode, StartOnceMismatchError, writeRecordedMemory, type ResumeEntry } from './start-once.js';
import type { NewReceipt } from './new-receipts.js';

export interface CompiledContract {
  hash: string;
  size: number;
  prepared: PreparedContract;
  module: WebAssembly.Module;
  /**
   * Where a call's own module writes memory: its active data segments, and whether its
   * code writes (then the instance's write-tracking globals say where; see
   * wasm/write-tracking.ts). Undefined when that is not known: any byte may change.
   */
  memoryWrites: { dataSegments: ByteRange[]; codeWrites: boolean } | undefined;
  /** The module as it runs (metered, write-tracked): what start-once splits. */
  instrumented: Uint8Array;
  /** Active data segments when the code's writes are tracked, else undefined (no start-once). */
  dataSegments: ByteRange[] | undefined;
}

export type CompileResult = { ok: true; contract: CompiledContract } | { ok: false; error: FunctionCallError };

export interface VMOutcome {
  /** Balance after the call (stored balance + deposit - deposits sent); meaningless on error. */
  balance: bigint;
  storageUsage: bigint;
  returnData: ReturnData;
  burntGas: bigint;
  usedGas: bigint;
  logs: string[];
  /** Receipts to emit; empty when the call failed. */
  newReceipts: NewReceipt[];
  /**
   * On failure, the receipts the call had created before it failed (never emitted): what it
   * tried to call, for tools that watch a contract (absent when it created none).
   */
  discardedReceipts?: NewReceipt[];
  error?: FunctionCallError;
  /** Set when the failure came from a bug in this runtime rather than the contract. */
  internalError?: string;
}

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');


/**
 * Compiled contracts shared by every ContractCache in the process: a property run
 * creates many chains, and each distinct wasm should be prepared, instrumented and
 * compiled once, not once per chain. Keyed by the rules that shape the result.
 */
const processWideCache = new Map<string, CompileResult>();

/** Compiles each distinct wasm once (per protocol rules) and remembers failures too. */
export class ContractCache {
  private readonly compiled: Map<string, CompileResult>;
  private readonly keyPrefix: string;

  constructor(private readonly config: ProtocolConfig) {
    this.compiled = processWideCache;
    this.keyPrefix = JSON.stringify([
      [...config.contractRules.acceptedFeatures].sort(),
      config.contractRules,
      config.limits.initialMemoryPages,
      config.limits.maxMemoryPages,
      config.discardCustomSections,
      config.regularOpCost.toString(),
    ]);
  }

  /** `hash`: a hash already known to identify `code` (saves hashing it again). */
  compile(code: Uint8Array, hash: string = sha256Hex(code)): CompileResult {
    const key = `${this.keyPrefix}:${hash}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const result = this.compileUncached(code, hash);
    this.compiled.set(key, result);
    return result;
  }

  private compileUncached(code: Uint8Array, hash: string): CompileResult {
    const prepared = prepareContract(code, {
      rules: this.config.contractRules,
      initialMemoryPages: this.config.limits.initialMemoryPages,
      maxMemoryPages: this.config.limits.maxMemoryPages,
      discardCustomSections: this.config.discardCustomSections,
    });
    if (!prepared.ok) {
      return { ok: false, error: { type: 'CompilationError', error: { kind: 'PrepareError', prepare: prepared.kind, detail: prepared.detail } } };
    }
    try {
      const withMemory = prepared.contract.bytes;
      const metered = instrumentGas(withMemory, decodeModule(withMemory), this.config.regularOpCost);
      // After metering, so the recording code is not charged for.
      const tracked = instrumentWrites(metered, decodeModule(metered), writeSplit(this.config));
      const instrumented = tracked?.bytes ?? metered;
      const module = new WebAssembly.Module(instrumented);
      const dataSegments = dataSegmentRanges(prepared.contract.module);
      const memoryWrites = tracked && dataSegments ? { dataSegments, codeWrites: tracked.writes } : undefined;
      const splittable = memoryWrites?.codeWrites ? dataSegments : undefined;
      return { ok: true, contract: { hash, size: code.length, prepared: prepared.contract, module, memoryWrites, instrumented, dataSegments: splittable } };
    } catch (error) {
      return { ok: false, error: { type: 'CompilationError', error: { kind: 'WasmerCompileError', msg: String(error) } } };
    }
  }
}

/** The address that splits write tracking's two marks: half the initial memory. */
const writeSplit = (config: ProtocolConfig): number => Math.min(2 ** 31, (config.limits.initialMemoryPages * 65_536) / 2);

/**
 * Ranges holding every byte the call may have left non-zero, or undefined (any byte):
 * data segments, host-function writes and what the instance's code recorded.
 */
function writtenRanges(contract: CompiledContract, vm: VMLogic, instance: WebAssembly.Instance | undefined): ByteRange[] | undefined {
  const known = contract.memoryWrites;
  if (!known) return undefined;
  const ranges = [...known.dataSegments, ...vm.memoryWritten];
  if (!known.codeWrites) return ranges;
  // No instance: instantiation failed, perhaps in a start function that wrote memory.
  if (!instance) return undefined;
  const low = ((instance.exports[WRITTEN_LOW_GLOBAL] as WebAssembly.Global).value as number) >>> 0;
  const high = ((instance.exports[WRITTEN_HIGH_GLOBAL] as WebAssembly.Global).value as number) >>> 0;
  if (low > 0) ranges.push({ start: 0, end: low });
  ranges.push({ start: high, end: 2 ** 32 }); // the pool clips it to the memory (nothing when high is past it)
  return ranges;
}

function failed(vm: VMLogic, error: FunctionCallError, internalError?: string): VMOutcome {
  return {
    balance: vm.balance,
    storageUsage: vm.storageUsage,
    returnData: { kind: 'None' },
    burntGas: vm.gas.burnt,
    usedGas: vm.gas.burnt,
    logs: vm.logs,
    newReceipts: [],
    ...(vm.receipts.receipts.length > 0 ? { discardedReceipts: [...vm.receipts.receipts] } : {}),
    error,
    ...(internalError ? { internalError } : {}),
  };
}

/** Executes `method` of a compiled contract. Never throws for anything the contract does. */
export function runFunctionCall(
  contract: CompiledContract,
  method: string,
  context: VMContext,
  config: ProtocolConfig,
  storage: ContractStorage,
): VMOutcome {
  const resume = contract.dataSegments && method !== '' ? resumeEntry(contract, method, config) : undefined;
  if (!resume) return runOnce(contract, method, context, config, storage, undefined);
  if (startOnceMode() !== 'check') return runOnce(contract, method, context, config, storage, resume);
  // Equivalence mode: the full path and the fast path on the same state, compared.
  const full = new RecordingStorage(storage);
  const fast = new RecordingStorage(storage);
  const expected = runOnce(contract, method, context, config, full, undefined);
  const actual = runOnce(contract, method, context, config, fast, resume);
  const difference = outcomeDifference(expected, actual) ?? full.difference(fast);
  if (difference) throw new StartOnceMismatchError(method, contract.hash, difference);
  fast.applyTo(storage);
  return actual;
}

function runOnce(
  contract: CompiledContract,
  method: string,
  context: VMContext,
  config: ProtocolConfig,
  storage: ContractStorage,
  resume: ResumeEntry | undefined,
): VMOutcome {
  const vm = new VMLogic(context, config, storage);
  if (method === '') return failed(vm, { type: 'MethodResolveError', error: 'MethodEmptyName' });
  try {
    vm.pay('contract_loading_base');
    vm.pay('contract_loading_bytes', BigInt(contract.size));
  } catch (error) {
    if (error instanceof HostError) return failed(vm, { type: 'HostError', error: error.error });
    throw error;
  }

  const exported = contract.prepared.module.exports.find((e) => e.name === method);
  if (!exported) return failed(vm, { type: 'MethodResolveError', error: 'MethodNotFound' });
  const type = exported.kind === 'function' ? functionType(contract.prepared.module, exported.index) : undefined;
  if (!type || type.params.length > 0 || type.results.length > 0) {
    return failed(vm, { type: 'MethodResolveError', error: 'MethodInvalidSignature' });
  }

  const { initialMemoryPages, maxMemoryPages } = config.limits;
  if (resume?.reusable) {
    let reused: ReusableInstance;
    try {
      reused = takeInstance(resume.module, vm, initialMemoryPages, maxMemoryPages);
    } catch (error) {
      return failed(vm, { type: 'LinkError', msg: error instanceof Error ? error.message : String(error) });
    }
    const created = { instance: reused.instance };
    try {
      return execute(vm, contract, method, context, reused.memory, created, resume, true);
    } finally {
      const resetStart = executionProfile.enabled ? process.hrtime.bigint() : 0n;
      const written = writtenRanges(contract, vm, created.instance);
      returnInstance(resume.module, reused, initialMemoryPages, written && [...written, ...resume.ranges], `${method} of contract ${contract.hash}`);
      if (executionProfile.enabled) executionProfile.resetNanos += process.hrtime.bigint() - resetStart;
    }
  }
  const pool = memoryPool(initialMemoryPages, maxMemoryPages);
  const memory = pool.take();
  const created: { instance?: WebAssembly.Instance } = {};
  try {
    return execute(vm, contract, method, context, memory, created, resume);
  } finally {
    // Zero only what the call may have written, instead of all 64 MiB.
    const resetStart = executionProfile.enabled ? process.hrtime.bigint() : 0n;
    const written = writtenRanges(contract, vm, created.instance);
    pool.give(memory, written && resume ? [...written, ...resume.ranges] : written, `${method} of contract ${contract.hash}`);
    if (executionProfile.enabled) executionProfile.resetNanos += process.hrtime.bigint() - resetStart;
  }
}

function execute(
  vm: VMLogic,
  contract: CompiledContract,
  method: string,
  context: VMContext,
  memory: WebAssembly.Memory,
  created: { instance?: WebAssembly.Instance },
  resume: ResumeEntry | undefined,
  reused = false,
): VMOutcome {
  vm.attachMemory(memory);
  let instance: WebAssembly.Instance;
  const profiling = executionProfile.enabled;
  const instantiateStart = profiling ? process.hrtime.bigint() : 0n;
  try {
    instance = reused && created.instance ? created.instance : new WebAssembly.Instance(resume?.module ?? contract.module, { env: { ...createHostFunctions({ vm }), memory } });
    created.instance = instance;
    if (resume) {
      const restoreStart = profiling ? process.hrtime.bigint() : 0n;
      writeRecordedMemory(resume, memory);
      if (profiling) {
        executionProfile.restoreNanos += process.hrtime.bigint() - restoreStart;
        executionProfile.startedOnce++;
      }
    }
  } catch (error) {
    return failed(vm, { type: 'LinkError', msg: error instanceof Error ? error.message : String(error) });
  }

  const methodStart = profiling ? process.hrtime.bigint() : 0n;
  if (profiling) executionProfile.instantiateNanos += methodStart - instantiateStart;
  try {
    vm.attachGasGlobal(instance.exports[GAS_GLOBAL] as WebAssembly.Global);
    try {
      (instance.exports[resume?.exportName ?? method] as () => void)();
    } finally {
      if (profiling) {
        executionProfile.calls++;
        executionProfile.methodNanos += process.hrtime.bigint() - methodStart;
      }
    }
    vm.syncFromWasm();
  } catch (error) {
    if (error instanceof HostError) return failed(vm, { type: 'HostError', error: error.error });
    try {
      // A trap: first settle the instructions it ran; a trap from the gas check turns into
      // nearcore's GasExceeded / GasLimitExceeded here.
      vm.syncFromWasm();
    } catch (gasError) {
      if (gasError instanceof HostError) return failed(vm, { type: 'HostError', error: gasError.error });
      throw gasError;
    }
    const trap = trapFromV8(error);
    if (trap) return failed(vm, { type: 'WasmTrap', trap });
    return failed(vm, { type: 'WasmTrap', trap: 'GenericTrap' }, error instanceof Error ? (error.stack ?? error.message) : String(error));
  }

  if (!context.isView) {
    const unused = context.prepaidGas - vm.gas.used;
    const handedOut = vm.receipts.distributeGas(unused);
    vm.gas.promisesGas += handedOut;
  }
  return {
    balance: vm.balance,
    storageUsage: vm.storageUsage,
    returnData: vm.returnData,
    burntGas: vm.gas.burnt,
    usedGas: vm.gas.used,
    logs: vm.logs,
    newReceipts: vm.receipts.receipts,
  };
}
