/**
 * Start-once execution (wasm/start-once.ts explains the split): per compiled contract,
 * once it is hot, every method is probed for the frames active at its first host call,
 * the methods whose start-up before that call costs at least `minStartupGas` are run up
 * to their split point in a prefix module, and the state there (memory, globals, locals,
 * gas) is recorded into a resume module. A call of such a method then takes an instance
 * of the resume module (vm/instance-cache.ts), writes the recorded memory and enters at
 * the split point.
 *
 * Which wasm takes the fast path is decided by what the probe finds, not by who built
 * it: near-sdk-js builds (ours or near-sdk-js's own) spend about 10 Tgas starting
 * QuickJS before the first host call; a near-sdk-rs method calls the host within a few
 * thousand instructions and keeps the full path.
 *
 * Modes: 'on' (default), 'off' (NRH_START_ONCE=off: always the full path), and 'check'
 * (NRH_CHECK_START_ONCE=1: every fast call is also run the full way on the same state,
 * and any difference in outcome, logs, gas, receipts or storage writes throws
 * StartOnceMismatchError).
 */
import { createHash } from 'node:crypto';
import type { ProtocolConfig } from '../config/protocol.js';
import { GAS_GLOBAL } from '../wasm/gas-instrument.js';
import { normalizeRanges, type ByteRange } from '../wasm/memory-writes.js';
import { decodeModule, functionType, type WasmModule } from '../wasm/module.js';
import {
  changesTables,
  functionSites,
  planSplit,
  prefixModule,
  PREFIX_EXPORT,
  readRecord,
  RESUME_EXPORT,
  resumeModule,
  savedGlobalName,
  type ProbeFrame,
  type SplitPlan,
  type SplitRecord,
} from '../wasm/start-once.js';
import type { InstructionSite } from '../wasm/stack-heights.js';
import { WRITTEN_HIGH_GLOBAL, WRITTEN_LOW_GLOBAL } from '../wasm/write-tracking.js';
import { memoryPool } from './memory-pool.js';

export type StartOnceMode = 'on' | 'off' | 'check';

export interface StartOnceOptions {
  mode: StartOnceMode;
  /**
   * Calls of a contract before it is split. Splitting costs about as much as a few
   * hundred calls (every method probed and its prefix run on cold code), so only
   * contracts called often are split, as a JIT compiles only hot code. 0 in 'check' mode.
   */
  hotCalls: number;
  /** A start-up cheaper than this keeps the full path (1 Tgas ≈ 1.2 million wasm instructions at nearcore's 822,756 gas each). */
  minStartupGas: bigint;
}

const fromEnvironment = (): StartOnceMode =>
  process.env['NRH_CHECK_START_ONCE'] === '1' ? 'check' : process.env['NRH_START_ONCE'] === 'off' ? 'off' : 'on';

let options: StartOnceOptions = { mode: fromEnvironment(), hotCalls: 200, minStartupGas: 1_000_000_000_000n };

/** Changes how calls start (see the file comment); returns the previous options. */
export function configureStartOnce(next: Partial<StartOnceOptions>): StartOnceOptions {
  const previous = options;
  options = { ...options, ...next };
  return previous;
}

export const startOnceMode = (): StartOnceMode => options.mode;

/** Bytes to write into a fresh memory before resuming. */
export interface MemoryChunk {
  start: number;
  bytes: Uint8Array;
}

export interface ResumeEntry {
  module: WebAssembly.Module;
  exportName: string;
  memory: readonly MemoryChunk[];
  /** The ranges `memory` covers, for the reset after the call. */
  ranges: readonly ByteRange[];
  /** The start-up's gas, charged by the resume entry. */
  startupGas: bigint;
  /** Whether an instance may serve call after call (its code cannot change its table). */
  reusable: boolean;
}

/** What a contract needs from the runner to be split. */
export interface SplittableContract {
  /** The final (metered, write-tracked) module bytes, and their compiled module. */
  instrumented: Uint8Array;
  module: WebAssembly.Module;
  /** Active data segments, or undefined when unknown (then no fast path). */
  dataSegments: readonly ByteRange[] | undefined;
  hash: string;
}

/** The full path and the fast path of a call differed: a bug in start-once, never the contract's. */
export class StartOnceMismatchError extends Error {
  constructor(method: string, contractHash: string, difference: string) {
    super(`start-once mismatch in ${method} of contract ${contractHash}: ${difference}`);
    this.name = 'StartOnceMismatchError';
  }
}

const PAGE = 65_536;
const CHUNK = 4_096;
const ZERO_CHUNK = Buffer.alloc(CHUNK);

/** Thrown by every host function during probes: the first host call ends the run. */
class HostCallReached extends Error {
  constructor(readonly frames: ProbeFrame[]) {
    super('host call reached');
  }
}

const WASM_FRAME = /wasm-function\[(\d+)\]:0x([0-9a-f]+)/;

/** The wasm frames on the current stack, outermost first (V8 names each frame's function index and byte offset). */
function wasmFrames(): ProbeFrame[] {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const frames: ProbeFrame[] = [];
  for (const line of stack.split('\n')) {
    const match = WASM_FRAME.exec(line);
    if (match) frames.push({ functionIndex: Number(match[1]), offset: parseInt(match[2]!, 16) });
  }
  return frames.reverse();
}

function probeImports(module: WasmModule, memory: WebAssembly.Memory): WebAssembly.Imports {
  const env: Record<string, WebAssembly.ImportValue> = { memory };
  for (const entry of module.imports) {
    if (entry.module === 'env' && entry.kind === 'function') {
      env[entry.name] = () => {
        throw new HostCallReached(wasmFrames());
      };
    }
  }
  return { env };
}

/** Bytes that may be non-zero after an instance ran: data segments and what its code recorded writing. */
function trackedRanges(instance: WebAssembly.Instance, dataSegments: readonly ByteRange[]): ByteRange[] {
  const low = ((instance.exports[WRITTEN_LOW_GLOBAL] as WebAssembly.Global).value as number) >>> 0;
  const high = ((instance.exports[WRITTEN_HIGH_GLOBAL] as WebAssembly.Global).value as number) >>> 0;
  return [...dataSegments, ...(low > 0 ? [{ start: 0, end: low }] : []), { start: high, end: 2 ** 32 }];
}

/**
 * The non-zero 4 KiB blocks of `ranges`, merged where adjacent within a 64 KiB page.
 * Equal chunks are shared through `interned`: a contract's methods record mostly the
 * same memory (the engine and the loaded bytecode), which is then held once.
 */
function nonZeroChunks(bytes: Uint8Array, ranges: readonly ByteRange[], interned: Map<string, Uint8Array>): MemoryChunk[] {
  const chunks: MemoryChunk[] = [];
  const keep = (start: number, end: number) => {
    const view = bytes.subarray(start, end);
    const key = `${start}:${createHash('sha256').update(view).digest('base64')}`;
    let copy = interned.get(key);
    if (!copy) interned.set(key, (copy = view.slice()));
    chunks.push({ start, bytes: copy });
  };
  for (const range of normalizeRanges(ranges, bytes.length)) {
    let open: number | undefined;
    const close = (end: number) => {
      if (open !== undefined) keep(open, end);
      open = undefined;
    };
    for (let start = range.start; start < range.end; start += CHUNK) {
      const end = Math.min(range.end, start + CHUNK);
      if (start % PAGE === 0) close(start);
      const block = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
      if (!block.equals(ZERO_CHUNK.subarray(0, end - start))) open ??= start;
      else close(start);
    }
    close(range.end);
  }
  return chunks;
}

/** Gives a probe instance its gas budget; returns the gas global. */
function setProbeGas(instance: WebAssembly.Instance, gas: bigint): WebAssembly.Global {
  const global = instance.exports[GAS_GLOBAL] as WebAssembly.Global;
  global.value = gas;
  return global;
}

/** Runs every exported `() -> ()` method to its first host call and plans its split. */
function probeMethods(contract: SplittableContract, module: WasmModule, config: ProtocolConfig): Map<string, SplitPlan> {
  const pool = memoryPool(config.limits.initialMemoryPages, config.limits.maxMemoryPages);
  const plans = new Map<string, SplitPlan>();
  const heights = new Map<number, InstructionSite[] | undefined>();
  const sitesOf = (functionIndex: number) => {
    if (!heights.has(functionIndex)) heights.set(functionIndex, functionSites(module, functionIndex));
    return heights.get(functionIndex);
  };
  for (const entry of module.exports) {
    if (entry.kind !== 'function') continue;
    const type = functionType(module, entry.index);
    if (!type || type.params.length > 0 || type.results.length > 0) continue;
    const memory = pool.take();
    let instance: WebAssembly.Instance | undefined;
    let frames: ProbeFrame[] | undefined;
    try {
      instance = new WebAssembly.Instance(contract.module, probeImports(module, memory));
      setProbeGas(instance, config.limits.maxGasBurnt);
      (instance.exports[entry.name] as () => void)();
    } catch (error) {
      if (error instanceof HostCallReached) frames = error.frames;
    } finally {
      pool.give(memory, instance && contract.dataSegments ? trackedRanges(instance, contract.dataSegments) : undefined);
    }
    if (!frames || frames[0]?.functionIndex !== entry.index) continue;
    const plan = planSplit(module, frames, sitesOf);
    if (plan) plans.set(entry.name, plan);
  }
  return plans;
}

interface Recorded {
  record: SplitRecord;
  memory: MemoryChunk[];
  ranges: ByteRange[];
}

/** Runs each planned method's prefix in a fresh memory and records the state it leaves. */
function recordPrefixes(contract: SplittableContract, module: WasmModule, plans: Map<string, SplitPlan>, gasGlobal: number, config: ProtocolConfig): Map<string, Recorded> {
  const recorded = new Map<string, Recorded>();
  const bytes = prefixModule(module, plans, gasGlobal);
  if (!bytes || !contract.dataSegments) return recorded;
  const prefix = new WebAssembly.Module(bytes);
  const pool = memoryPool(config.limits.initialMemoryPages, config.limits.maxMemoryPages);
  const budget = config.limits.maxGasBurnt;
  const interned = new Map<string, Uint8Array>();
  for (const [method, plan] of plans) {
    const memory = pool.take();
    let instance: WebAssembly.Instance | undefined;
    try {
      instance = new WebAssembly.Instance(prefix, probeImports(module, memory));
      const gas = setProbeGas(instance, budget);
      (instance.exports[PREFIX_EXPORT + method] as () => void)();
      const left = gas.value as bigint;
      if (left < 0n || budget - left < options.minStartupGas || memory.buffer.byteLength !== config.limits.initialMemoryPages * PAGE) continue;
      const exports = instance.exports;
      const record = readRecord(module, plans, plan, gasGlobal, (index) => (exports[savedGlobalName(index)] as WebAssembly.Global).value as number | bigint, budget - left);
      if (!record) continue;
      const ranges = trackedRanges(instance, contract.dataSegments);
      recorded.set(method, { record, memory: nonZeroChunks(new Uint8Array(memory.buffer), ranges, interned), ranges: normalizeRanges(ranges, memory.buffer.byteLength) });
    } catch {
      // A trap or a host call before the split point: this method keeps the full path.
    } finally {
      pool.give(memory, instance ? trackedRanges(instance, contract.dataSegments) : undefined);
    }
  }
  return recorded;
}

/** Builds the resume entries of a contract (empty when no method has a start-up worth skipping). */
function build(contract: SplittableContract, config: ProtocolConfig): Map<string, ResumeEntry> {
  const entries = new Map<string, ResumeEntry>();
  if (!contract.dataSegments) return entries;
  const module = decodeModule(contract.instrumented);
  const gasGlobal = module.exports.find((e) => e.kind === 'global' && e.name === GAS_GLOBAL)?.index;
  if (gasGlobal === undefined) return entries;
  const plans = probeMethods(contract, module, config);
  if (plans.size === 0) return entries;
  const recorded = recordPrefixes(contract, module, plans, gasGlobal, config);
  if (recorded.size === 0) return entries;
  const records = new Map([...recorded].map(([method, r]) => [method, r.record]));
  const bytes = resumeModule(module, plans, records, gasGlobal);
  if (!bytes) return entries;
  const resume = new WebAssembly.Module(bytes);
  const reusable = !changesTables(module);
  for (const [method, r] of recorded) {
    entries.set(method, { module: resume, exportName: RESUME_EXPORT + method, memory: r.memory, ranges: r.ranges, startupGas: r.record.gas, reusable });
  }
  return entries;
}

interface ContractState {
  calls: number;
  entries?: Map<string, ResumeEntry>;
}

let states = new WeakMap<SplittableContract, ContractState>();

/** Forgets every split and call count (after a change of options, in tests). */
export function resetStartOnce(): void {
  states = new WeakMap();
}

/** The fast path of `method`, or undefined when it takes the full path (or start-once is off). */
export function resumeEntry(contract: SplittableContract, method: string, config: ProtocolConfig): ResumeEntry | undefined {
  if (options.mode === 'off') return undefined;
  let state = states.get(contract);
  if (!state) states.set(contract, (state = { calls: 0 }));
  if (!state.entries) {
    if (options.mode !== 'check' && ++state.calls < options.hotCalls) return undefined;
    try {
      state.entries = build(contract, config);
    } catch (error) {
      // A bug here must not fail the contract's call: it takes the full path, except when checking.
      if (options.mode === 'check') throw error;
      state.entries = new Map();
    }
  }
  return state.entries.get(method);
}

/** Writes a resume entry's recorded memory into a fresh memory. */
export function writeRecordedMemory(entry: ResumeEntry, memory: WebAssembly.Memory): void {
  const bytes = new Uint8Array(memory.buffer);
  for (const chunk of entry.memory) bytes.set(chunk.bytes, chunk.start);
}
