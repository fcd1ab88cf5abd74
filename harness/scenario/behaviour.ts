/**
 * How a mock external contract answers a call. The mock contract (mocks/lib/behaviour.ts)
 * imports this type (type-only, so nothing of the harness is bundled into it; a comment
 * added there would change the mock's wasm, since QuickJS bytecode records line numbers).
 * Its schema is read both from scenarios (a mock method's default `behaviour`) and from
 * counterexample files (a step's `answers`); the `MockBehaviour` type is inferred from it.
 * Error texts are noun phrases ("a mock behaviour kind (…)") so that each reader words a
 * problem its own way around them.
 */
import { z } from 'zod';
import { MAX_DELAY_BLOCKS } from './limits.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const BEHAVIOUR_KINDS = ['return', 'bytes', 'fail', 'trap', 'exhaust-gas', 'malformed', 'delay', 'promise', 'reenter'] as const;
const BEHAVIOUR = `a mock behaviour (an object whose "kind" is ${BEHAVIOUR_KINDS.join(', ')})`;
const BEHAVIOUR_KIND = `a mock behaviour kind (${BEHAVIOUR_KINDS.join(', ')})`;
const DELAY_BLOCKS = `a whole number of blocks from 1 to ${MAX_DELAY_BLOCKS} (MAX_DELAY_BLOCKS)`;
const DRAW = 'a seed for the method\'s `returns` arbitrary (a whole number from 0 to 2147483647)';
const MILLIONTHS = 'the share of the attached deposit kept, in millionths (a whole number from 0 to 1000000)';
const YOCTO_TEXT = 'a yoctoNEAR amount (a decimal string of digits below 2^128)';
const BASE64 = 'bytes in base64 (a string)';

/** A strict object: an unknown field is more likely a typo than something to ignore. */
const answer = <Shape extends z.core.$ZodLooseShape>(what: string, shape: Shape) =>
  z.strictObject(shape, { error: `${what} (an object with ${Object.keys(shape).join(', ')})` });

/** How much of the attached deposit a successful answer keeps; the rest goes back to the caller, as a contract sends it. */
export const keepSchema = z.union(
  [z.literal('all'), z.literal('none'), z.strictObject({ millionths: z.int({ error: MILLIONTHS }).min(0, { error: MILLIONTHS }).max(1_000_000, { error: MILLIONTHS }) })],
  { error: 'what the answer keeps of the attached deposit ("all", "none" or { millionths })' },
);
export type Keep = z.infer<typeof keepSchema>;

const accountId = z.string({ error: 'a NEAR account id (a string)' }).min(2, { error: 'a NEAR account id (a string)' });
const methodName = z.string({ error: 'a method name (a non-empty string)' }).min(1, { error: 'a method name (a non-empty string)' });
const yoctoText = z.string({ error: YOCTO_TEXT }).regex(/^\d{1,39}$/, { error: YOCTO_TEXT }).refine((text) => BigInt(text) < 2n ** 128n, { error: YOCTO_TEXT });

export const mockBehaviourSchema = z.discriminatedUnion(
  'kind',
  [
    // Succeed and return a JSON value: `value`, else one drawn (`draw`) from the method's
    // `returns` arbitrary for this very call, else the method's default. `keep` says how much
    // of the attached deposit it keeps (default all); the rest is sent back to the caller.
    answer('a "return" answer', {
      kind: z.literal('return'),
      value: z.json({ error: 'a JSON value' }).optional(),
      draw: z.int({ error: DRAW }).min(0, { error: DRAW }).max(2_147_483_647, { error: DRAW }).optional(),
      keep: keepSchema.optional(),
    }),
    // Succeed and return these raw bytes (what a contract returning non-JSON sends).
    answer('a "bytes" answer', { kind: z.literal('bytes'), base64: z.base64({ error: BASE64 }) }),
    // A contract panic: "Smart contract panicked: <message>".
    answer('a "fail" answer', { kind: z.literal('fail'), message: z.string({ error: 'the panic message (a string)' }) }),
    // A wasm-level abort (`unreachable` trap), distinct from a clean panic.
    answer('a "trap" answer', { kind: z.literal('trap') }),
    // Burn all remaining gas: "Exceeded the prepaid gas."
    answer('an "exhaust-gas" answer', { kind: z.literal('exhaust-gas') }),
    // Succeed with a return value that is not valid JSON.
    answer('a "malformed" answer', { kind: z.literal('malformed') }),
    // Answer with another contract's answer: call it and return its result (a promise), so the
    // caller's callback sees what that contract answered.
    answer('a "promise" answer', { kind: z.literal('promise'), account: accountId, method: methodName, args: z.json({ error: 'a JSON value' }).optional() }),
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
    // Re-entrancy by a hostile external contract: call back into the contract under test
    // (it sees the mock as predecessor) and answer with `then` once that call has finished.
    z.strictObject(
      {
        kind: z.literal('reenter'),
        method: methodName,
        args: z.json({ error: 'a JSON value' }),
        deposit: yoctoText,
        get then() {
          return mockBehaviourSchema;
        },
      },
      { error: 'a "reenter" answer (an object with kind, method, args, deposit, then)' },
    ),
  ],
  // A bad or missing "kind" is reported at the kind; anything else that is no object, at the answer.
  { error: (issue) => (issue.code === 'invalid_union' ? BEHAVIOUR_KIND : BEHAVIOUR) },
);

export type MockBehaviour = z.infer<typeof mockBehaviourSchema>;

/** Success with the method's default value, keeping the deposit: what a mock answers when nothing says otherwise. */
export const SUCCEED: MockBehaviour = { kind: 'return' };

const keepText = (keep: Keep | undefined) =>
  keep === undefined || keep === 'all' ? '' : keep === 'none' ? ', keeping none of the deposit' : `, keeping ${keep.millionths / 10_000}% of the deposit`;

/** A one-line description, for traces: `fail "paused"`, `delay 2 then return true`. */
export function describeBehaviour(b: MockBehaviour): string {
  switch (b.kind) {
    case 'return':
      return `return ${b.value !== undefined ? JSON.stringify(b.value) : b.draw !== undefined ? `a drawn value (#${b.draw})` : 'the default'}${keepText(b.keep)}`;
    case 'bytes':
      return `return bytes ${b.base64}`;
    case 'fail':
      return `fail ${JSON.stringify(b.message)}`;
    case 'delay':
      return `delay ${b.blocks} then ${describeBehaviour(b.then)}`;
    case 'promise':
      return `answer with ${b.account}.${b.method}(${JSON.stringify(b.args ?? {})})`;
    case 'reenter':
      return `call back ${b.method}(${JSON.stringify(b.args)}) deposit ${b.deposit}, then ${describeBehaviour(b.then)}`;
    default:
      return b.kind;
  }
}

/** Whether the mock's answer is a failed receipt (a promise answer fails only if its target does). */
export function behaviourFails(b: MockBehaviour): boolean {
  if (b.kind === 'delay' || b.kind === 'reenter') return behaviourFails(b.then);
  return b.kind === 'fail' || b.kind === 'trap' || b.kind === 'exhaust-gas';
}

/**
 * The same answer given at once, in the receipt itself: for answers that must not hop
 * through other receipts (inside a batch, whose all-or-nothing outcome a hop would split).
 */
export function immediateBehaviour(b: MockBehaviour): MockBehaviour {
  if (b.kind === 'delay' || b.kind === 'reenter') return immediateBehaviour(b.then);
  return b.kind === 'promise' ? SUCCEED : b;
}
