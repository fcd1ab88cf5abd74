/**
 * Which method names a mock can export: what near-sdk-rs and near-sdk-js contracts
 * export (letters, digits, `_` and `$`, not starting with a digit), at most NEAR's
 * max_length_method_name (256 bytes), and none of the mock's own exports. Such a name
 * holds neither "@" nor "*", so the answer keys "a:<method>@<signer>", "a:<method>"
 * and "a:*" never collide.
 */

/** The mock's own method: runs the answer program it is given (delays, re-entrancy). */
export const MOCK_CONTINUE = 'mock_continue';

const METHOD_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_METHOD_NAME_BYTES = 256;
const RESERVED = new Map([
  [MOCK_CONTINUE, 'is the mock\'s own method'],
  ['memory', 'is the name of the exported memory'],
]);

/** Why `name` cannot be a mock method, or undefined if it can. */
export function methodNameProblem(name: string): string | undefined {
  const reserved = RESERVED.get(name);
  if (reserved) return `"${name}" ${reserved}`;
  if (!METHOD_NAME.test(name) || name.length > MAX_METHOD_NAME_BYTES) {
    return `${JSON.stringify(name)} is not a method name a mock can export (letters, digits, _ and $, not starting with a digit, at most ${MAX_METHOD_NAME_BYTES} bytes)`;
  }
  return undefined;
}

export class MockInterfaceError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`mock interface refused: ${problems.join('; ')}`);
    this.name = 'MockInterfaceError';
  }
}

/** The interface's method names, sorted and without duplicates; throws MockInterfaceError naming every bad one. */
export function mockMethods(methods: readonly string[]): string[] {
  const unique = [...new Set(methods)].sort();
  const problems = unique.map(methodNameProblem).filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new MockInterfaceError(problems);
  return unique;
}
