/**
 * For running one call two ways on the same state (start-once's equivalence mode):
 * a storage that reads through to the contract's storage and keeps its writes aside, in
 * order, and a comparison of two call outcomes that names the first difference.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ContractStorage } from './logic.js';

type Write = { key: Uint8Array; value: Uint8Array | undefined };

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export class RecordingStorage implements ContractStorage {
  private readonly overlay = new Map<string, Uint8Array | undefined>();
  private readonly writes: Write[] = [];

  constructor(private readonly base: ContractStorage) {}

  get(key: Uint8Array): Uint8Array | undefined {
    const id = hex(key);
    return this.overlay.has(id) ? this.overlay.get(id) : this.base.get(key);
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.overlay.set(hex(key), value);
    this.writes.push({ key, value });
  }

  remove(key: Uint8Array): void {
    this.overlay.set(hex(key), undefined);
    this.writes.push({ key, value: undefined });
  }

  /** The first difference between this storage's writes and `other`'s, or undefined. */
  difference(other: RecordingStorage): string | undefined {
    const count = Math.max(this.writes.length, other.writes.length);
    for (let i = 0; i < count; i++) {
      if (!isDeepStrictEqual(this.writes[i], other.writes[i])) {
        const show = (w: Write | undefined) => (w ? `${hex(w.key)} = ${w.value ? hex(w.value) : '(removed)'}` : '(none)');
        return `storage write ${i}: ${show(this.writes[i])} on the full path, ${show(other.writes[i])} on the fast path`;
      }
    }
    return undefined;
  }

  /** Replays the writes, in order, onto the storage read through. */
  applyTo(storage: ContractStorage): void {
    for (const { key, value } of this.writes) {
      if (value) storage.set(key, value);
      else storage.remove(key);
    }
  }
}

const FIELDS = ['error', 'returnData', 'logs', 'burntGas', 'usedGas', 'balance', 'storageUsage', 'newReceipts', 'discardedReceipts'] as const;

/** The parts of a call's outcome (runner.ts's VMOutcome) that are compared. */
type Comparable = { readonly [field in (typeof FIELDS)[number]]?: unknown } & { readonly internalError?: string | undefined };

/**
 * The first field in which two outcomes of the same call differ, or undefined. An
 * internal error's text carries engine stack offsets, so only its presence is compared.
 */
export function outcomeDifference(full: Comparable, fast: Comparable): string | undefined {
  for (const field of FIELDS) {
    if (!isDeepStrictEqual(full[field], fast[field])) {
      const show = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x instanceof Map ? [...x] : x));
      return `${field}: ${show(full[field])} on the full path, ${show(fast[field])} on the fast path`;
    }
  }
  if ((full.internalError === undefined) !== (fast.internalError === undefined)) {
    return `internal error on ${full.internalError === undefined ? 'the fast' : 'the full'} path only`;
  }
  return undefined;
}
