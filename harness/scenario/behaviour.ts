/**
 * How a mock external contract answers a call. The mock contract (mocks/lib/behaviour.ts)
 * imports this type (type-only, so nothing of the harness is bundled into it; a comment
 * added there would change the mock's wasm, since QuickJS bytecode records line numbers).
 * Its schema is read both from scenarios (a mock's default `behaviours`) and from
 * counterexample files (a step's `answers`); the `MockBehaviour` type is inferred from it.
 * Error texts are noun phrases ("a mock behaviour kind (…)") so that each reader words a
 * problem its own way around them.
 */
import { z } from 'zod';
import { MAX_DELAY_BLOCKS } from './limits.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const BEHAVIOUR_KINDS = ['return', 'fail', 'trap', 'delay', 'exhaust-gas', 'malformed'] as const;
const BEHAVIOUR = `a mock behaviour (an object whose "kind" is ${BEHAVIOUR_KINDS.join(', ')})`;
const BEHAVIOUR_KIND = `a mock behaviour kind (${BEHAVIOUR_KINDS.join(', ')})`;
const DELAY_BLOCKS = `a whole number of blocks from 1 to ${MAX_DELAY_BLOCKS} (MAX_DELAY_BLOCKS)`;

/** A strict object: an unknown field is more likely a typo than something to ignore. */
const answer = <Shape extends z.core.$ZodLooseShape>(what: string, shape: Shape) =>
  z.strictObject(shape, { error: `${what} (an object with ${Object.keys(shape).join(', ')})` });

export const mockBehaviourSchema = z.discriminatedUnion(
  'kind',
  [
    // Succeed and return this JSON value (keeping any attached deposit).
    answer('a "return" answer', { kind: z.literal('return'), value: z.json({ error: 'a JSON value' }).optional() }),
    // A contract panic: "Smart contract panicked: <message>".
    answer('a "fail" answer', { kind: z.literal('fail'), message: z.string({ error: 'the panic message (a string)' }) }),
    // A wasm-level abort (`unreachable` trap), distinct from a clean panic.
    answer('a "trap" answer', { kind: z.literal('trap') }),
    // Burn all remaining gas: "Exceeded the prepaid gas."
    answer('an "exhaust-gas" answer', { kind: z.literal('exhaust-gas') }),
    // Succeed with a return value that is not valid JSON.
    answer('a "malformed" answer', { kind: z.literal('malformed') }),
    // Answer with `then` only after `blocks` more blocks, by chaining calls to itself.
    // Written out rather than through `answer`: the getter is what lets zod infer a recursive type.
    z.strictObject(
      {
        kind: z.literal('delay'),
        blocks: z.int({ error: DELAY_BLOCKS }).min(1, { error: DELAY_BLOCKS }).max(MAX_DELAY_BLOCKS, { error: DELAY_BLOCKS }),
        get then() {
          return mockBehaviourSchema;
        },
      },
      { error: 'a "delay" answer (an object with kind, blocks, then)' },
    ),
  ],
  // A bad or missing "kind" is reported at the kind; anything else that is no object, at the answer.
  { error: (issue) => (issue.code === 'invalid_union' ? BEHAVIOUR_KIND : BEHAVIOUR) },
);

export type MockBehaviour = z.infer<typeof mockBehaviourSchema>;

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
