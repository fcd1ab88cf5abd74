/**
 * Recognising what a scenario module hands over by its shape, not by its class: a user's
 * project may bring its own copy of fast-check, whose arbitraries are not instances of ours.
 */

export function isFunction(value: unknown): value is (...args: never[]) => unknown {
  return typeof value === 'function';
}

/** The methods every fast-check arbitrary has (fast-check 3 and 4 alike). */
const ARBITRARY_METHODS = ['generate', 'canShrinkWithoutContext', 'shrink', 'filter', 'map', 'chain'] as const;

export function isArbitrary(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return ARBITRARY_METHODS.every((method) => typeof Reflect.get(value, method) === 'function');
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
