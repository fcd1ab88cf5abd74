/**
 * Instances of start-once resume modules, kept for the next call instead of
 * instantiating a 1 MB module every time. A resume entry sets every mutable global of the
 * module and writes its recorded memory before it runs, so an instance whose memory was
 * zeroed wherever the last call may have written (and not grown) begins the next call in
 * exactly the state of a fresh one: the same memory, globals and table (a module whose
 * code can change its table is never reused). The debug check of memory resets covers
 * these memories too.
 */
import { createHostFunctions, type HostTarget } from './host/bind.js';
import type { VMLogic } from './logic.js';
import { zeroMemory } from './memory-pool.js';
import type { ByteRange } from '../wasm/memory-writes.js';

const PAGE = 65_536;
/** Idle instances kept per module: a call chain rarely has more than two calls of one contract in flight. */
const KEEP = 2;

export interface ReusableInstance {
  instance: WebAssembly.Instance;
  memory: WebAssembly.Memory;
  host: HostTarget;
}

const idle = new WeakMap<WebAssembly.Module, ReusableInstance[]>();

/** An idle instance of `module` serving `vm`, or a new one; throws what instantiation throws. */
export function takeInstance(module: WebAssembly.Module, vm: VMLogic, initialPages: number, maxPages: number): ReusableInstance {
  const kept = idle.get(module)?.pop();
  if (kept) {
    kept.host.vm = vm;
    return kept;
  }
  const memory = new WebAssembly.Memory({ initial: initialPages, maximum: maxPages });
  const host: HostTarget = { vm };
  const instance = new WebAssembly.Instance(module, { env: { ...createHostFunctions(host), memory } });
  return { instance, memory, host };
}

/**
 * Takes an instance back after a call: its memory is zeroed where `written` says it may
 * be non-zero; with `written` unknown, or a grown memory, the instance is dropped.
 */
export function returnInstance(module: WebAssembly.Module, reusable: ReusableInstance, initialPages: number, written: readonly ByteRange[] | undefined, what: string): void {
  if (!written || reusable.memory.buffer.byteLength !== initialPages * PAGE) return;
  zeroMemory(reusable.memory, written, what);
  let list = idle.get(module);
  if (!list) idle.set(module, (list = []));
  if (list.length < KEEP) list.push(reusable);
}
