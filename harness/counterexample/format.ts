/**
 * The counterexample file: everything needed to replay a failing run exactly, and to tell
 * when that is no longer possible (a rebuilt wasm, an outdated format). Its zod schema is
 * below; the `Counterexample` type is inferred from it.
 *
 * A file is JSON: `format` ("near-rollback-harness/counterexample"), `version` (1),
 * `scenario` {name, module}, `backend`, `seed` (an integer), `path` (fast-check's, e.g.
 * "4:2:1"), `wasm` (sha256 by account), `plan` {steps, order}, `violations`, `trace`.
 * Amounts (`deposit`) are decimal strings of a u128 (digits only, below 2^128); `gas` is a
 * decimal string of at most MAX_PREPAID_GAS.
 *
 * Limits of the format — a file beyond them is refused before anything runs, so that an
 * edited file cannot make a replay run for hours; scenario validation keeps a scenario's
 * `limits` within them, so everything the harness generates can be replayed. The generator
 * draws far less by default (6 steps, waits of 0-3 blocks, delays of 1-2 blocks, 2 receipt
 * delays a step, 12 order entries, one level of delay); the worst file they allow replays in
 * about ten seconds on the embedded runtime (measured on the vault scenario):
 *   MAX_PLAN_STEPS       64   steps in a plan
 *   MAX_WAIT_BLOCKS      100  blocks of `wait` before a step
 *   MAX_DELAY_BLOCKS     100  blocks of a receipt delay (`delays[].blocks`) or of a mock's
 *                             `delay` answer (`answers[…].blocks`)
 *   MAX_DELAYS_PER_STEP  16   receipt `delays` of one step
 *   MAX_ORDER_ENTRIES    256  `order` entries (one per block)
 *   MAX_DELAY_NESTING    8    `delay` answers nested in one answer (`delay … then delay …`)
 *   MAX_JSON_DEPTH       64   levels of JSON nesting anywhere in the file (step `args` included)
 *   MAX_PREPAID_GAS      10^15 gas of a step (1 PGas)
 */
import { z } from 'zod';
import {
  MAX_DELAY_BLOCKS,
  MAX_DELAY_NESTING,
  MAX_DELAYS_PER_STEP,
  MAX_ORDER_ENTRIES,
  MAX_PLAN_STEPS,
  MAX_WAIT_BLOCKS,
  type Plan,
  type PlannedDelay,
  type Step,
} from '../generate/index.js';
import type { Violation } from '../invariants/index.js';
import { isValidAccountId } from '../runtime/index.js';
import { mockBehaviourSchema, type Json, type MockBehaviour } from '../scenario/index.js';

export { MAX_DELAY_BLOCKS, MAX_DELAY_NESTING, MAX_DELAYS_PER_STEP, MAX_ORDER_ENTRIES, MAX_PLAN_STEPS, MAX_WAIT_BLOCKS };

export const FORMAT = 'near-rollback-harness/counterexample';
export const FORMAT_VERSION = 1;

/** Levels of JSON nesting the file may hold: deeper input could overflow the stack of whatever walks it. */
export const MAX_JSON_DEPTH = 64;

/**
 * NEAR's max_total_prepaid_gas, which replays run under: 300 Tgas, "raised to 1 PGas in
 * nearcore 2.11 (83.yaml)" — /work/shared/reference/near-runtime.md §7.1 "Limits and price".
 * The embedded runtime runs the latest protocol (LATEST_PROTOCOL.maxTotalPrepaidGas); files
 * found on a 2.6 sandbox stay below its 300 Tgas anyway. It is below 2^64, so gas is a u64.
 */
export const MAX_PREPAID_GAS = 1_000_000_000_000_000n;

const U128_LIMIT = 2n ** 128n;
/** Receipt order choices seed a 32-bit shuffle (backend/ordering.ts): larger numbers would only alias smaller ones. */
const MAX_ORDER_CHOICE = 2 ** 32 - 1;

/** A decimal string of digits whose value is at most `max` (any length of leading zeros). */
function decimalAtMost(text: string, max: bigint): boolean {
  if (!/^[0-9]+$/.test(text)) return false;
  const digits = text.replace(/^0+(?=.)/, '');
  return digits.length <= max.toString().length && BigInt(digits) <= max;
}

// What each field must be, worded to follow "<value> is not …" in a problem.
const YOCTO = 'a yoctoNEAR amount (a decimal string of digits below 2^128)';
const GAS = `an amount of gas (a decimal string of digits, at most ${MAX_PREPAID_GAS}: NEAR's max prepaid gas)`;
const ACCOUNT = 'a NEAR account id (2-64 chars of a-z, 0-9, and - _ . between them)';

const wholeNumber = (min: number, max: number, expected: string) =>
  z.int({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
const blocks = (min: number, max: number, limit: string) => wholeNumber(min, max, `a whole number of blocks from ${min} to ${max} (${limit})`);
const text = (expected: string) => z.string({ error: expected });
const nonEmptyText = (expected: string) => text(expected).min(1, { error: expected });
const accountId = z.string({ error: ACCOUNT }).refine(isValidAccountId, { error: ACCOUNT });
const jsonValue = z.json({ error: 'a JSON value' });
/** A strict object: an unknown field is more likely a typo than something to ignore. */
const fields = <Shape extends z.core.$ZodLooseShape>(what: string, shape: Shape) =>
  z.strictObject(shape, { error: `${what} (an object with ${Object.keys(shape).join(', ')})` });
const listOf = <Item extends z.ZodType>(what: string, item: Item, max: number, limit: string) => {
  const expected = `a list of at most ${max} ${what} (${limit})`;
  return z.array(item, { error: expected }).max(max, { error: expected });
};

/** How many `delay` answers are nested in this one, counting itself. */
function delayNesting(behaviour: MockBehaviour): number {
  let depth = 0;
  for (let b = behaviour; b.kind === 'delay'; b = b.then) depth++;
  return depth;
}

/** A step's answer: a mock behaviour whose delays nest at most MAX_DELAY_NESTING deep. */
const answerSchema = mockBehaviourSchema.superRefine((behaviour, context) => {
  if (delayNesting(behaviour) <= MAX_DELAY_NESTING) return;
  context.addIssue({
    code: 'custom',
    path: Array<string>(MAX_DELAY_NESTING).fill('then'),
    message: `a mock behaviour the format allows this deep (delay answers nest at most ${MAX_DELAY_NESTING} deep: MAX_DELAY_NESTING)`,
  });
});

export const plannedDelaySchema = fields('a receipt delay', {
  receipt: wholeNumber(0, Number.MAX_SAFE_INTEGER, "a receipt index (a whole number from 0: which receipt of the step's tree, in creation order)"),
  blocks: blocks(0, MAX_DELAY_BLOCKS, 'MAX_DELAY_BLOCKS'),
});

export const stepSchema = fields('a plan step', {
  caller: accountId,
  method: nonEmptyText('a method name (a non-empty string)'),
  receiver: accountId,
  args: jsonValue,
  deposit: text(YOCTO).refine((d) => decimalAtMost(d, U128_LIMIT - 1n), { error: YOCTO }),
  gas: text(GAS).refine((g) => decimalAtMost(g, MAX_PREPAID_GAS), { error: GAS }),
  via: accountId.optional(),
  wait: blocks(0, MAX_WAIT_BLOCKS, 'MAX_WAIT_BLOCKS'),
  answers: z.record(text('an answer key ("<mock account>.<method>")'), answerSchema, { error: 'the mock answers (an object: "<mock account>.<method>" → mock behaviour)' }),
  unregisteredAt: z.array(accountId, { error: 'a list of fungible-token accounts' }).optional(),
  delays: listOf('receipt delays', plannedDelaySchema, MAX_DELAYS_PER_STEP, 'MAX_DELAYS_PER_STEP'),
});

export const planSchema = fields('a plan', {
  steps: listOf('plan steps', stepSchema, MAX_PLAN_STEPS, 'MAX_PLAN_STEPS'),
  order: listOf('receipt order choices', wholeNumber(0, MAX_ORDER_CHOICE, `a receipt order choice (a whole number from 0 to ${MAX_ORDER_CHOICE})`), MAX_ORDER_ENTRIES, 'MAX_ORDER_ENTRIES'),
});

export const violationSchema = fields('a violation', {
  invariant: nonEmptyText('an invariant name (a non-empty string)'),
  message: text('a message (a string)'),
  step: wholeNumber(0, Number.MAX_SAFE_INTEGER, 'a step index (a whole number from 0)').optional(),
  block: wholeNumber(0, Number.MAX_SAFE_INTEGER, 'a block height (a whole number from 0)').optional(),
  receipt: nonEmptyText('a receipt id (a non-empty string)').optional(),
});

const SHA256 = 'a sha256 hash (64 lowercase hex digits)';

export const counterexampleSchema = fields('a counterexample', {
  format: z.literal(FORMAT, { error: `"${FORMAT}"` }),
  version: z.literal(FORMAT_VERSION, { error: `${FORMAT_VERSION}` }),
  scenario: fields('the scenario it was found in', {
    name: nonEmptyText('a scenario name (a non-empty string)'),
    module: nonEmptyText('the path of the scenario module (a non-empty string)'),
  }),
  backend: nonEmptyText('a backend name (a non-empty string)'),
  /** fast-check seed and path of the failure (the plan below is the minimized one). */
  seed: wholeNumber(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'an integer (the fast-check seed)'),
  path: text('a fast-check path (numbers joined by ":", e.g. "4:2:1")').regex(/^[0-9]+(:[0-9]+)*$/, { error: 'a fast-check path (numbers joined by ":", e.g. "4:2:1")' }),
  /** sha256 of every contract deployed, by account: replay refuses if one changed. */
  wasm: z.record(accountId, text(SHA256).regex(/^[0-9a-f]{64}$/, { error: SHA256 }), { error: 'the wasm hashes (an object: account → sha256)' }),
  plan: planSchema,
  violations: z.array(violationSchema, { error: 'a list of violations' }),
  /** The readable trace of the run; replay must reproduce it byte for byte. */
  trace: text('the trace of the run (a string)'),
});

export type Counterexample = z.infer<typeof counterexampleSchema>;

// The plan and violation types used across the harness and the schema's types must stay
// interchangeable (MockBehaviour is inferred from the scenario's schema of it): a change to one
// without the other fails to compile here.
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
type SchemaMatchesTypes = [
  Holds<MutuallyAssignable<z.infer<typeof jsonValue>, Json>>,
  Holds<MutuallyAssignable<z.infer<typeof plannedDelaySchema>, PlannedDelay>>,
  Holds<MutuallyAssignable<z.infer<typeof stepSchema>, Step>>,
  Holds<MutuallyAssignable<z.infer<typeof planSchema>, Plan>>,
  Holds<MutuallyAssignable<z.infer<typeof violationSchema>, Violation>>,
];
