/**
 * How the mocks answer a step's calls: the plan's answer for "mock.method", else the
 * scenario's default behaviour for the method, else success. Both backends ask here and
 * differ only in how they tell the mock (patching its storage before each receipt, or
 * per signer before each step).
 */
import type { Step } from '../generate/index.js';
import { SUCCEED, type MockBehaviour, type MockSpec } from '../scenario/index.js';

/** The methods of a mock whose answers the harness sets: its declared interface. */
export function configurableMethods(mock: MockSpec): Set<string> {
  return new Set(Object.keys(mock.methods ?? {}));
}

export function answerFor(step: Step | undefined, mock: MockSpec, method: string): MockBehaviour {
  return step?.answers[`${mock.id}.${method}`] ?? mock.methods?.[method]?.behaviour ?? SUCCEED;
}
