/**
 * The mock's raw storage: the behaviour of each method and the call log.
 *
 * There are deliberately no one-shot (queued) answers: NEAR reverts every storage write
 * of a failing receipt, so a failing answer could never mark itself as used.
 */
import { near } from 'near-sdk-js';
import { DEFAULT_BEHAVIOUR, parseBehaviour, type MockBehaviour } from './behaviour';

const BEHAVIOUR = 'b:';
const CALL_COUNT = 'calls';
const CALL = 'call:';
const METHODS = 'methods';

/** Any method without a behaviour of its own uses the one set for "*". */
export const EVERY_METHOD = '*';

export interface RecordedCall {
  index: number;
  method: string;
  /** The raw argument bytes as text (usually JSON). */
  args: string;
  deposit: string;
  predecessor: string;
  signer: string;
  block_height: string;
}

function readJson<T>(key: string): T | null {
  const raw = near.storageRead(key);
  return raw === null ? null : (JSON.parse(raw) as T);
}

function knownMethods(): string[] {
  return readJson<string[]>(METHODS) ?? [];
}

function rememberMethod(method: string): void {
  const methods = knownMethods();
  if (!methods.includes(method)) near.storageWrite(METHODS, JSON.stringify([...methods, method]));
}

/**
 * A behaviour may be scoped to the signer of the transaction a call belongs to
 * ("deposit@alice.near"): on a real node, where answers cannot be set per receipt, two
 * users' calls in flight at once still get their own answers.
 */
function scoped(method: string, signer: string | undefined): string {
  return signer === undefined ? method : `${method}@${signer}`;
}

export function setBehaviour(method: string, behaviour: MockBehaviour, signer?: string): void {
  rememberMethod(scoped(method, signer));
  near.storageWrite(BEHAVIOUR + scoped(method, signer), JSON.stringify(behaviour));
}

export function clearBehaviour(method: string, signer?: string): void {
  near.storageRemove(BEHAVIOUR + scoped(method, signer));
}

/**
 * The configured answer for `method` in a transaction signed by `signer`: the one set for
 * that signer, else the method's own, else the one for "*", else return null.
 */
export function behaviourFor(method: string, signer: string): MockBehaviour {
  for (const key of [scoped(method, signer), method, EVERY_METHOD]) {
    const configured = readJson<unknown>(BEHAVIOUR + key);
    if (configured !== null) return parseBehaviour(configured, `behaviour of ${key}`);
  }
  return DEFAULT_BEHAVIOUR;
}

export function behaviours(): { method: string; behaviour: unknown }[] {
  return knownMethods()
    .map((method) => ({ method, behaviour: readJson<unknown>(BEHAVIOUR + method) }))
    .filter((entry) => entry.behaviour !== null);
}

export function recordCall(call: Omit<RecordedCall, 'index'>): void {
  const index = Number(near.storageRead(CALL_COUNT) ?? '0');
  near.storageWrite(CALL + index, JSON.stringify({ index, ...call }));
  near.storageWrite(CALL_COUNT, String(index + 1));
}

export function calls(method: string | undefined): RecordedCall[] {
  const count = Number(near.storageRead(CALL_COUNT) ?? '0');
  const all: RecordedCall[] = [];
  for (let i = 0; i < count; i++) {
    const call = readJson<RecordedCall>(CALL + i);
    if (call && (method === undefined || call.method === method)) all.push(call);
  }
  return all;
}

export function reset(): void {
  for (const method of knownMethods()) near.storageRemove(BEHAVIOUR + method);
  near.storageRemove(METHODS);
  const count = Number(near.storageRead(CALL_COUNT) ?? '0');
  for (let i = 0; i < count; i++) near.storageRemove(CALL + i);
  near.storageRemove(CALL_COUNT);
}
