/**
 * How a problem with a scenario is worded: the field as one would write it in JavaScript
 * (`mocks[1].methods`), what it must be, and what was found there, described for a
 * person reading a scenario module (`the number 1000000000000000000000000`, `a function`).
 */
import type { z } from 'zod';
import { isArbitrary, isPlainObject } from './duck-types.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `mocks[1].methods["ft_transfer"]`; the empty path names the whole thing (`the scenario`). */
export function fieldName(path: readonly PropertyKey[], whole = 'the scenario'): string {
  const parts = path.map((key, index) => {
    if (typeof key === 'number') return `[${key}]`;
    const name = String(key);
    if (IDENTIFIER.test(name)) return index === 0 ? name : `.${name}`;
    return `[${JSON.stringify(name)}]`;
  });
  return parts.join('') || whole;
}

const clip = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** A number as written in a module: 1e24 is shown as 1000000000000000000000000, as its author typed it. */
function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** What a value is, in a few words. */
export function described(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'nothing';
    case 'string':
      return clip(JSON.stringify(value));
    case 'number':
      return `the number ${numberText(value)}`;
    case 'bigint':
      return `the bigint ${value}n`;
    case 'boolean':
      return String(value);
    case 'symbol':
      return 'a symbol';
    case 'function':
      return value.name ? `the function ${value.name}` : 'a function';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (isArbitrary(value)) return 'a fast-check arbitrary';
  if (value instanceof RegExp) return String(value);
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object {}' : clip(`an object { ${keys.join(', ')} }`);
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  const maker: unknown = typeof prototype === 'object' && prototype !== null ? Reflect.get(prototype, 'constructor') : undefined;
  return typeof maker === 'function' && maker.name ? `an instance of ${maker.name}` : 'an object';
}

/** `users[0].balance must be a bigint …; found the number 1000`, or `contract is missing; it must be …`. */
export function mustBe(path: readonly PropertyKey[], expected: string, found: unknown, present: boolean): string {
  if (!present) return `${fieldName(path)} is missing; it must be ${expected}`;
  return `${fieldName(path)} must be ${expected}; found ${described(found)}`;
}

/** The value at `path` inside `root`, if there is one (zod's own `input` is sometimes the parent's). */
function valueAt(root: unknown, path: readonly PropertyKey[]): { found: unknown } | undefined {
  let value = root;
  for (const key of path) {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = Reflect.get(value, key);
  }
  // A field set to undefined is as good as missing.
  return value === undefined ? undefined : { found: value };
}

/** One problem per zod issue found in `root`; the schema's messages are what each field must be. */
export function issueText(root: unknown, issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
    const where = issue.path.length === 0 ? 'the scenario has' : `${fieldName(issue.path)} has`;
    return `${where} ${issue.keys.length > 1 ? 'unknown fields' : 'an unknown field'} ${keys}; it must be ${issue.message}`;
  }
  const at = valueAt(root, issue.path);
  return mustBe(issue.path, issue.message, at?.found, at !== undefined);
}
