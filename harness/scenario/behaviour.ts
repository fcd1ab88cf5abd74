/**
 * How a mock external contract answers a call (the harness's side of mocks/lib/behaviour.ts,
 * which runs inside the mock contract).
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Also read from counterexample files: their schema (counterexample/format.ts) is checked at compile time to match. */
export type MockBehaviour =
  | { kind: 'return'; value?: Json }
  | { kind: 'fail'; message: string }
  | { kind: 'trap' }
  | { kind: 'delay'; blocks: number; then: MockBehaviour }
  | { kind: 'exhaust-gas' }
  | { kind: 'malformed' };

export const SUCCEED: MockBehaviour = { kind: 'return', value: null };

/** A one-line description, for traces: `fail "paused"`, `delay 2 then return true`. */
export function describeBehaviour(b: MockBehaviour): string {
  switch (b.kind) {
    case 'return':
      return `return ${JSON.stringify(b.value ?? null)}`;
    case 'fail':
      return `fail ${JSON.stringify(b.message)}`;
    case 'delay':
      return `delay ${b.blocks} then ${describeBehaviour(b.then)}`;
    default:
      return b.kind;
  }
}

/** Whether the mock's answer is a failed receipt. */
export function behaviourFails(b: MockBehaviour): boolean {
  if (b.kind === 'delay') return behaviourFails(b.then);
  return b.kind === 'fail' || b.kind === 'trap' || b.kind === 'exhaust-gas';
}

/** The same answer without its delay: for answers that must come at once (inside a batch, storage deposits). */
export function immediateBehaviour(b: MockBehaviour): MockBehaviour {
  return b.kind === 'delay' ? immediateBehaviour(b.then) : b;
}
