/**
 * A scenario: everything the harness needs to test one contract — its wasm and init
 * call, the users, the mock external contracts, the methods it may call with
 * arbitraries for their arguments and deposits, which methods are callbacks, and the
 * checks that are particular to this contract.
 *
 * A scenario comes from a user's module, so it is checked against the zod schema below
 * before anything runs, and its types are inferred from that schema: the two cannot drift.
 * The schema has no transforms or defaults, so what a module writes (z.input) is what the
 * harness reads (z.infer). Each error text says what a field must be, worded to follow
 * "<field> must be" (problems.ts words the whole problem).
 */
import type * as fc from 'fast-check';
import { z } from 'zod';
import { mockBehaviourSchema, type Json } from './behaviour.js';
import type { ArgContext, MockCall, StateView } from './context.js';
import { isFunction, isPlainObject } from './duck-types.js';
import { MAX_DELAY_BLOCKS, MAX_PLAN_STEPS, MAX_WAIT_BLOCKS } from './limits.js';

// ---- what each field must be ----

const ACCOUNT_ID = 'a NEAR account id (a string such as "alice.test.near")';
const METHOD_NAME = 'a method name (a non-empty string)';
const METHOD_NAMES = 'an array of method names';
const YOCTO = 'a bigint in yoctoNEAR (e.g. 10n ** 24n)';
const GAS = 'a bigint amount of gas (e.g. 30n * 10n ** 12n for 30 Tgas)';
const TRUE_OR_FALSE = 'true or false';
const JSON_VALUE = 'JSON: null, true, false, a finite number, a string, or an array or plain object of them (amounts as strings)';
/** How deep a scenario's JSON may nest: walking it is recursive. */
const MAX_JSON_DEPTH = 64;

const U64_MAX = 2n ** 64n - 1n;
const U128_MAX = 2n ** 128n - 1n;

// ---- building blocks ----

/** `id, wasm, balance?, init?`: the fields of an object, the optional ones marked. */
function fieldList(shape: z.core.$ZodLooseShape): string {
  return Object.entries(shape)
    .map(([key, schema]) => (schema instanceof z.ZodOptional ? `${key}?` : key))
    .join(', ');
}

/** A strict object: in a hand-written module an unknown field is more likely a typo than something to ignore. */
function fields<Shape extends z.core.$ZodLooseShape>(what: string, shape: Shape) {
  return z.strictObject(shape, { error: `${what ? `${what}, ` : ''}an object { ${fieldList(shape)} }` });
}

const nonEmptyText = (expected: string) => z.string({ error: expected }).min(1, { error: expected });
const accountId = z.string({ error: ACCOUNT_ID });
const methodName = nonEmptyText(METHOD_NAME);
const methodNames = z.array(methodName, { error: METHOD_NAMES });
const flag = z.boolean({ error: TRUE_OR_FALSE });

const yoctoNear = z
  .bigint({ error: YOCTO })
  .min(0n, { error: 'a yoctoNEAR amount that is not negative' })
  .max(U128_MAX, { error: 'at most 2^128 - 1 yoctoNEAR (a u128)' });

const gas = z
  .bigint({ error: GAS })
  .min(1n, { error: 'a positive amount of gas' })
  .max(U64_MAX, { error: 'at most 2^64 - 1 gas (a u64)' });

type NotJson = { path: PropertyKey[]; value: unknown; expected: string };

/**
 * Where `value` stops being JSON, if it does: the path there, what is found, and what it
 * must be. `within` holds the objects it is inside of, so that one containing itself is
 * named where it does rather than walked forever.
 */
function firstNonJson(value: unknown, path: PropertyKey[] = [], within = new Set<object>()): NotJson | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, value, expected: JSON_VALUE };
  if (typeof value !== 'object' || value === null) return { path, value, expected: JSON_VALUE };
  const children = Array.isArray(value) ? [...value.entries()] : isPlainObject(value) ? Object.entries(value) : undefined;
  if (!children) return { path, value, expected: JSON_VALUE };
  if (within.has(value)) return { path, value, expected: 'JSON, which cannot contain itself (this object is also one it is inside of)' };
  if (path.length >= MAX_JSON_DEPTH) return { path, value, expected: `JSON nested at most ${MAX_JSON_DEPTH} levels deep` };
  within.add(value);
  for (const [key, child] of children) {
    const found = firstNonJson(child, [...path, key], within);
    if (found) return found;
  }
  within.delete(value);
  return undefined;
}

/** A JSON value, checked down to the first part that is not JSON (a bigint deep in `args` is named by its path). */
const json = z.custom<Json>().superRefine((value, context) => {
  const found = firstNonJson(value);
  if (found) context.addIssue({ code: 'custom', path: found.path, input: found.value, message: found.expected });
});

/** A function of the scenario; what it returns is checked where it is called (method-arbitraries.ts for arbitraries). */
const fn = <F>(expected: string) => z.custom<F>(isFunction, { error: expected });

/** What a method's `args` is: the arbitrary of its JSON arguments, given the scenario's accounts. */
export type ArgumentsArbitrary = (context: ArgContext) => fc.Arbitrary<Json>;
/** What a method's `deposit` is: the arbitrary of the yoctoNEAR attached, which may depend on the arguments drawn (`qty × price`). */
export type DepositArbitrary = (context: ArgContext, args: Json) => fc.Arbitrary<bigint>;
/** A check between blocks or at the end: a description of what is wrong, or undefined. */
export type StateCheck = (state: StateView, scenario: Scenario) => string | undefined;


// ---- the parts of a scenario ----

export const accountSpecSchema = fields('a user', {
  id: accountId,
  /** yoctoNEAR */
  balance: yoctoNear,
});

const callShape = {
  method: methodName,
  args: json.optional(),
  deposit: yoctoNear.optional(),
  gas: gas.optional(),
};

export const callSpecSchema = fields('a call', callShape);

/** A call made once after deployment, before every run (a registration, a seed deposit). */
export const setupCallSchema = fields('a setup call', { signer: accountId, receiver: accountId, ...callShape });

export const contractSpecSchema = fields('the contract under test', {
  id: accountId,
  /** Path to the .wasm, relative to the project root or absolute. */
  wasm: z.string({ error: "the path of the contract's .wasm file (a string, relative to the project root or absolute)" }),
  balance: yoctoNear.optional(),
  init: callSpecSchema.optional(),
});

/** What a mock's `returns` is: the arbitrary of the JSON a successful answer returns, given the call being answered. */
export type ReturnsArbitrary = (call: MockCall) => fc.Arbitrary<Json>;
/** A successful answer as `keeps` sees it: a JSON value, or raw bytes (`bytes`, `malformed`) that are not one. */
export type SuccessfulAnswer = { kind: 'value'; value: Json } | { kind: 'bytes'; bytes: Uint8Array };
/** What a mock's `keeps` is: how much of the attached deposit a successful answer keeps (the rest goes back to the caller). */
export type KeepsDeposit = (call: MockCall, answer: SuccessfulAnswer) => bigint;

/** One method of a mock's interface, and how it may answer. */
export const mockMethodSchema = fields('a mock method', {
  /** How it answers unless a step says otherwise (default: success with `default`). */
  behaviour: mockBehaviourSchema.optional(),
  /** What a successful answer returns unless a value is given or drawn (default null). */
  default: json.optional(),
  /**
   * The JSON values a successful answer may return: drawn per call, from the call's
   * arguments and attached deposit ("between 0 and the amount sent"). Shrinks toward `default`.
   */
  returns: fn<ReturnsArbitrary>('a function (call) => fast-check arbitrary of the JSON value returned (e.g. ({ deposit }) => fc.bigInt({ min: 0n, max: deposit }).map(String))').optional(),
  /**
   * Whether a successful answer may keep only part of the attached deposit and send the
   * rest back (excess storage deposit, unspent swap input). Default false: a successful
   * call keeps what was attached, as most methods do.
   */
  refundsDeposit: flag.optional(),
  /**
   * How much of the attached deposit a successful answer keeps, given what it answers: the
   * external contract's own rule (a swap keeps the input it used, a storage deposit its
   * minimum), so that its answers stay consistent. Default: all of it.
   */
  keeps: fn<KeepsDeposit>('a function (call, answer) => the yoctoNEAR kept of the attached deposit (a bigint)').optional(),
  /**
   * Other mock methods ("<mock account>.<method>") whose answer this one may answer with:
   * it calls that method and returns its result (a promise), keeping its own deposit even
   * when that result is a failure. Default none: most contracts answer for themselves.
   */
  answersWith: z.array(z.string({ error: 'a mock method, "<mock account>.<method>"' }), { error: 'a list of mock methods, each "<mock account>.<method>"' }).optional(),
});

/** Names a mock exports itself: its delayed and re-entrant answers hop through `mock_continue`, a relay forwards through `mock_relay`. */
export const MOCK_OWN_METHODS = ['mock_continue', 'mock_relay'] as const;

export const mockSpecSchema = fields('a mock', {
  id: accountId,
  /** 'mock': a mock generated for the interface `methods` declares; 'fungible-token': mocks/mock-ft.ts (NEP-141/145). */
  kind: z.enum(['mock', 'fungible-token'], { error: '"mock" or "fungible-token"' }),
  balance: yoctoNear.optional(),
  /**
   * mock: its interface — every method the contract under test may call on it, by name,
   * and how each may answer. The deployed mock exports exactly these (any other name fails
   * with MethodNotFound, as on a real contract); the generator picks, for every step, how
   * each of them answers that step's calls.
   */
  methods: z.record(methodName, mockMethodSchema, { error: "the mock's interface, an object: method name → { behaviour?, default?, returns? }" }).optional(),
  /** fungible-token: init args. */
  init: callSpecSchema.optional(),
  /** mock: used as a relay (`mock_relay`) for relayable methods, so that predecessor ≠ signer. */
  relay: flag.optional(),
});

const WEIGHT = 'a positive number (how often the method is drawn, relative to the others; default 1)';

export const methodSpecSchema = fields('a callable method', {
  name: methodName,
  /** The account called: the contract (default) or another one, e.g. a token's ft_transfer_call. */
  receiver: accountId.optional(),
  args: fn<ArgumentsArbitrary>("a function (context) => fast-check arbitrary of the call's JSON arguments (e.g. () => fc.constant({}))"),
  /** yoctoNEAR to attach; default none. */
  deposit: fn<DepositArbitrary>('a function (context, args) => fast-check arbitrary of the yoctoNEAR to attach (e.g. () => fc.constant(10n ** 24n))').optional(),
  gas: gas.optional(),
  /**
   * The attached deposit is forwarded to external contracts. When they fail, the caller
   * must get back exactly the deposit minus what the external contracts kept.
   */
  forwardsDeposit: flag.optional(),
  /** May also be called through a relay contract, so that signer != predecessor. */
  relayable: flag.optional(),
  /** Relative frequency among the methods (default 1). */
  weight: z.number({ error: WEIGHT }).gt(0, { error: WEIGHT }).optional(),
});

export const customInvariantSchema = fields('an invariant', {
  name: nonEmptyText('an invariant name (a non-empty string)'),
  /** When to check: after every block (default) or once everything has settled. */
  when: z.enum(['every-block', 'quiescent'], { error: '"every-block" or "quiescent"' }).optional(),
  /** Returns a description of what is wrong, or undefined. */
  check: fn<StateCheck>('a function (state, scenario) => a description of what is wrong, or undefined'),
});

export const storageAllowanceSchema = fields('what a failed operation may leave in storage', {
  /** Raw storage keys (latin1) that may differ. */
  keys: z
    .array(z.union([z.string(), z.instanceof(RegExp)], { error: 'a storage key (a latin1 string) or a regular expression' }), {
      error: 'an array of storage keys (latin1 strings) or regular expressions',
    })
    .optional(),
  /** Top-level fields of a near-sdk-js JSON `STATE` record that may differ. */
  stateFields: z.array(nonEmptyText('a field name (a non-empty string)'), { error: 'an array of field names of the STATE record' }).optional(),
});

export const projectionSchema = fields('a projection', {
  method: methodName,
  args: fn<(user: string) => Json>("a function (user) => the view's JSON arguments (e.g. (user) => ({ account_id: user }))"),
});

/** Shape only: the bounds themselves (validate.ts) are worded with the counterexample file they protect. */
const bound = (max: number, constant: string) => z.number({ error: `a whole number from 0 to ${max} (${constant})` }).optional();

export const limitsSchema = fields('generation bounds', {
  maxSteps: bound(MAX_PLAN_STEPS, 'MAX_PLAN_STEPS'),
  maxWait: bound(MAX_WAIT_BLOCKS, 'MAX_WAIT_BLOCKS'),
  maxDelay: bound(MAX_DELAY_BLOCKS, 'MAX_DELAY_BLOCKS'),
});

/** A view whose answer (or one field of it) is an amount: a bigint, a whole number, or a decimal string. */
export const amountViewSchema = fields('an amount view', {
  /** The account whose view is called; default the contract under test. */
  account: accountId.optional(),
  method: methodName,
  args: json.optional(),
  /** Where the amount is in the view's answer: a field name, or a dotted path ("totals.balances"); default the whole answer. */
  field: nonEmptyText('a field name or dotted path (a non-empty string)').optional(),
  /** Subtracted from the sum rather than added (what the contract owes a holder that the holder keeps with it). */
  subtract: flag.optional(),
});

/** What the contract owes in one asset, and who must hold what backs it (liabilities-backed). */
export const liabilitySchema = fields('a liability', {
  name: nonEmptyText('a name for the liability (a non-empty string)'),
  /** 'NEAR', or the account id of the NEP-141 token the liability is in. */
  asset: nonEmptyText('"NEAR" or a NEP-141 token contract\'s account id'),
  /** The views whose amounts add up to what is owed. */
  owed: z.array(amountViewSchema, { error: 'a list of amount views, each an object { account?, method, args?, field?, subtract? }' }).min(1, { error: 'a list of at least one amount view' }),
  /** The accounts whose holdings back it; default the contract under test. */
  heldBy: z.array(accountId, { error: 'a list of account ids' }).min(1, { error: 'a list of at least one account id' }).optional(),
  /**
   * 'total' (default): what is held covers what is owed. 'change': what is owed beyond what
   * was owed at the start is covered by what came in since — the contract's own funds at the
   * start are not the users' to spend.
   */
  compare: z.enum(['total', 'change'], { error: '"total" or "change"' }).optional(),
});

/** What the contract's storage staking rules are (storage-paid). */
export const storageRulesSchema = fields('storage staking rules', {
  /**
   * Bytes of storage the contract pays for itself per user (an account record it opens
   * without a storage deposit); default 0. What users' operations add beyond that, over the
   * run, must be paid by what they leave with the contract.
   */
  freeBytesPerUser: z.int({ error: 'a whole number of bytes (0 or more)' }).min(0, { error: 'a whole number of bytes (0 or more)' }).optional(),
  /** Storage a user's operation frees (unregister, withdraw, delete) is refunded to that user. Default false. */
  refundsReleased: flag.optional(),
});

/** What a scenario really means to allow: generation that may never reach these is not a vacuous pass. */
export const expectationsSchema = fields('what the scenario expects never to happen', {
  /** User methods that never succeed (an admin-only method called by users). */
  neverSucceeds: methodNames.optional(),
  /** External methods ("<mock account>.<method>") the contract is never expected to call. */
  neverCalled: z.array(z.string({ error: 'an external method, "<mock account>.<method>"' }), { error: 'a list of external methods, each "<mock account>.<method>"' }).optional(),
  /** External methods ("<mock account>.<method>") whose answers are never expected to fail. */
  neverFails: z.array(z.string({ error: 'an external method, "<mock account>.<method>"' }), { error: 'a list of external methods, each "<mock account>.<method>"' }).optional(),
  /** Callbacks that are never expected to see a failed result. */
  callbacksNeverSeeFailure: methodNames.optional(),
});

const listOf = <Item extends z.ZodType>(what: string, item: Item) => z.array(item, { error: `a list of ${what}` });

export const scenarioSchema = fields('', {
  name: nonEmptyText("the scenario's name (a non-empty string)"),
  /** The module this scenario was loaded from (set by the loader; used by counterexamples). */
  source: fields('where the scenario was loaded from (set by the loader)', { module: z.string({ error: 'a module path (a string)' }) }).optional(),
  contract: contractSpecSchema,
  users: listOf('users, each an object { id, balance }', accountSpecSchema),
  mocks: listOf('mock contracts, each an object { id, kind, … }', mockSpecSchema),
  /** Calls made once after deployment, before every run (registrations, seed deposits). */
  setup: listOf('setup calls, each an object { signer, receiver, method, … }', setupCallSchema).optional(),
  methods: listOf('callable methods, each an object { name, args, … }', methodSpecSchema),
  /** Methods of the contract that are callbacks: they must refuse foreign callers. */
  callbacks: methodNames,
  /** Arguments to probe a callback with when the run never called it. */
  callbackProbeArgs: z.record(z.string(), json, { error: 'an object: callback name → JSON arguments' }).optional(),
  /** An account that is not a user, used to call callbacks directly. */
  attacker: accountId.optional(),
  /** What a failed operation may leave behind in contract storage. */
  allowedStorageDifferences: storageAllowanceSchema.optional(),
  /** Views used to describe state in traces and to compare runs: per-user projections. */
  projections: listOf('projections, each an object { method, args }', projectionSchema).optional(),
  /** Once everything has settled: a description of any pending or locked state left. */
  quiescent: fn<StateCheck>('a function (state, scenario) => a description of what is left pending, or undefined').optional(),
  invariants: listOf('invariants, each an object { name, when?, check }', customInvariantSchema).optional(),
  /** What the contract owes and what must back it, checked after every block and once settled (liabilities-backed). */
  liabilities: listOf('liabilities, each an object { name, asset, owed, heldBy?, compare? }', liabilitySchema).optional(),
  /** The contract's storage staking rules (storage-paid). */
  storage: storageRulesSchema.optional(),
  /** Panic messages a callback may fail with (callbacks-succeed): a substring or a regular expression. */
  allowedCallbackFailures: z
    .array(z.union([z.string(), z.instanceof(RegExp)], { error: 'a panic message (a substring) or a regular expression' }), { error: 'a list of panic messages (substrings) or regular expressions' })
    .optional(),
  /** What generation may never reach, on purpose (no vacuous-pass complaint for these). */
  expect: expectationsSchema.optional(),
  /** Generation bounds. */
  limits: limitsSchema.optional(),
  /** A self-test subject: the harness is expected to find a violation (e.g. a buggy variant). */
  expectViolation: flag.optional(),
});

// ---- the types, inferred ----

export type AccountSpec = z.infer<typeof accountSpecSchema>;
export type CallSpec = z.infer<typeof callSpecSchema>;
export type SetupCall = z.infer<typeof setupCallSchema>;
export type ContractSpec = z.infer<typeof contractSpecSchema>;
export type MockSpec = z.infer<typeof mockSpecSchema>;
export type MockMethod = z.infer<typeof mockMethodSchema>;
export type MethodSpec = z.infer<typeof methodSpecSchema>;
export type CustomInvariant = z.infer<typeof customInvariantSchema>;
export type StorageAllowance = z.infer<typeof storageAllowanceSchema>;
export type Projection = z.infer<typeof projectionSchema>;
export type AmountView = z.infer<typeof amountViewSchema>;
export type Liability = z.infer<typeof liabilitySchema>;
export type StorageRules = z.infer<typeof storageRulesSchema>;
export type Expectations = z.infer<typeof expectationsSchema>;
/** An interface rather than an alias: StateCheck refers back to Scenario, and only a named type may. */
export interface Scenario extends z.infer<typeof scenarioSchema> {}
