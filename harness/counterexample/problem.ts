/**
 * How a problem with a counterexample file is worded: the field, as one would write it in
 * JavaScript (`plan.steps[2].deposit`), the value found there, and what was expected.
 */
import { fieldName as scenarioFieldName } from '../scenario/index.js';

export type FieldPath = readonly PropertyKey[];

/** `plan.steps[2].answers["gate.test.near.check"].then`, written as a scenario's fields are; the file itself is `(the file)`. */
export const fieldName = (path: FieldPath): string => scenarioFieldName(path, '(the file)');

const clip = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** A value as it appears in a problem: short, and recognisable in the file. */
export function shown(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'number') return String(value);
  return clip(JSON.stringify(value) ?? String(value));
}

/** `plan.steps[2].deposit: "lots" is not a yoctoNEAR amount (…)`, or `… is missing (expected …)`. */
export function notA(path: FieldPath, value: unknown, expected: string): string {
  if (value === undefined) return `${fieldName(path)}: missing (expected ${expected})`;
  return `${fieldName(path)}: ${shown(value)} is not ${expected}`;
}

/** The value at `path` inside parsed JSON, or undefined when there is none. */
export function valueAt(data: unknown, path: FieldPath): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || typeof key === 'symbol') return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}
