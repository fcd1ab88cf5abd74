/**
 * A scenario module is checked for its shape before anything runs: every problem names the
 * scenario, the field, what the field must be and what was found there — never a JavaScript
 * error from deeper in (`Cannot read properties of undefined`, `Cannot mix BigInt and other
 * types`). Only a scenario of the right shape is checked further (its wasm, accounts, the
 * arbitraries its methods return, its bounds).
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { ScenarioError, validateScenario, type Scenario } from '../index.js';

const NEAR = 10n ** 24n;

/** A small, valid scenario over the example vault's wasm; every case below breaks one thing of a fresh one. */
function market(): Scenario {
  return {
    name: 'market',
    contract: { id: 'market.test.near', wasm: 'contract/build/vault.wasm', balance: 20n * NEAR, init: { method: 'init', args: { token_id: 'token.test.near', externals: [] } } },
    users: [
      { id: 'alice.test.near', balance: 100n * NEAR },
      { id: 'bob.test.near', balance: 100n * NEAR },
    ],
    mocks: [
      { id: 'pool.test.near', kind: 'mock', methods: { deposit_and_stake: {} } },
      { id: 'shop.test.near', kind: 'mock', methods: { buy: {} } },
    ],
    setup: [{ signer: 'alice.test.near', receiver: 'market.test.near', method: 'deposit', args: {}, deposit: NEAR }],
    methods: [
      { name: 'deposit', args: () => fc.constant({}), deposit: () => fc.constant(NEAR) },
      { name: 'pay', args: () => fc.constant({ merchant: 'shop.test.near', amount: '1' }) },
    ],
    callbacks: ['on_pay'],
    callbackProbeArgs: { on_pay: { id: 1 } },
    allowedStorageDifferences: { stateFields: ['operations'] },
    projections: [{ method: 'get_account', args: (user) => ({ account_id: user }) }],
    invariants: [{ name: 'solvent', when: 'quiescent', check: () => undefined }],
    limits: { maxSteps: 6 },
  };
}

/** The list with its item at `index` changed by `patch`. */
function patched<T extends object>(list: readonly T[], index: number, patch: Record<string, unknown>): unknown[] {
  return list.map((item, i) => (i === index ? { ...item, ...patch } : item));
}

/** The object without `key`. */
function without<T extends object>(value: T, key: keyof T): Partial<T> {
  const copy: Partial<T> = { ...value };
  delete copy[key];
  return copy;
}

function refusal(value: unknown): ScenarioError {
  try {
    validateScenario(value, PACKAGE_ROOT);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('the scenario was accepted');
}

const CONTRACT = 'the contract under test, an object { id, wasm, balance?, init? }';
const YOCTO = 'a bigint in yoctoNEAR (e.g. 10n ** 24n)';
const ARGS = "a function (context) => fast-check arbitrary of the call's JSON arguments (e.g. () => fc.constant({}))";
const CHECK = 'a function (state, scenario) => a description of what is wrong, or undefined';
const JSON_VALUE = 'JSON: null, true, false, a finite number, a string, or an array or plain object of them (amounts as strings)';
const MOCK = 'a mock, an object { id, kind, balance?, methods?, init?, relay? }';

describe('a malformed scenario is refused, naming the field, what it must be and what was found', () => {
  const s = market();
  const cases: { what: string; scenario: unknown; problem: string }[] = [
    { what: 'a missing contract', scenario: without(s, 'contract'), problem: `contract is missing; it must be ${CONTRACT}` },
    {
      what: 'contract.wasm a number',
      scenario: { ...s, contract: { ...s.contract, wasm: 123 } },
      problem: "contract.wasm must be the path of the contract's .wasm file (a string, relative to the project root or absolute); found the number 123",
    },
    {
      what: 'a balance given as a number (it cannot hold yoctoNEAR exactly)',
      scenario: { ...s, users: patched(s.users, 0, { balance: 10 ** 24 }) },
      problem: `users[0].balance must be ${YOCTO}; found the number 1000000000000000000000000`,
    },
    {
      what: 'a balance given as a string',
      scenario: { ...s, users: patched(s.users, 1, { balance: '100' }) },
      problem: `users[1].balance must be ${YOCTO}; found "100"`,
    },
    {
      what: 'a negative balance',
      scenario: { ...s, users: patched(s.users, 1, { balance: -1n }) },
      problem: 'users[1].balance must be a yoctoNEAR amount that is not negative; found the bigint -1n',
    },
    {
      what: 'a deposit of a setup call given as a number',
      scenario: { ...s, setup: patched(s.setup ?? [], 0, { deposit: 1 }) },
      problem: `setup[0].deposit must be ${YOCTO}; found the number 1`,
    },
    {
      what: "a method's gas given as a number",
      scenario: { ...s, methods: patched(s.methods, 1, { gas: 30e12 }) },
      problem: 'methods[1].gas must be a bigint amount of gas (e.g. 30n * 10n ** 12n for 30 Tgas); found the number 30000000000000',
    },
    {
      what: 'mocks[1].methods a list of names',
      scenario: { ...s, mocks: patched(s.mocks, 1, { methods: ['buy'] }) },
      problem: 'mocks[1].methods must be the mock\'s interface, an object: method name → { behaviour?, default?, returns? }; found an array of 1 item',
    },
    {
      what: 'an unknown mock kind',
      scenario: { ...s, mocks: patched(s.mocks, 0, { kind: 'oracle' }) },
      problem: 'mocks[0].kind must be "mock" or "fungible-token"; found "oracle"',
    },
    {
      what: 'a misspelt field (an unknown field is a typo, not something to ignore)',
      scenario: { ...s, mocks: [s.mocks[0], { id: 'shop.test.near', kind: 'mock', calledMethod: ['buy'] }] },
      problem: `mocks[1] has an unknown field "calledMethod"; it must be ${MOCK}`,
    },
    {
      what: "a mock's default answer of an unknown kind",
      scenario: { ...s, mocks: patched(s.mocks, 0, { methods: { deposit_and_stake: { behaviour: { kind: 'explode' } } } }) },
      problem: 'mocks[0].methods.deposit_and_stake.behaviour.kind must be a mock behaviour kind (return, bytes, fail, trap, exhaust-gas, malformed, delay, promise, reenter); found "explode"',
    },
    {
      what: 'methods[0].args not a function',
      scenario: { ...s, methods: patched(s.methods, 0, { args: { amount: '1' } }) },
      problem: `methods[0].args must be ${ARGS}; found an object { amount }`,
    },
    {
      what: 'methods[0].args an arbitrary rather than a function returning one',
      scenario: { ...s, methods: patched(s.methods, 0, { args: fc.constant({}) }) },
      problem: `methods[0].args must be ${ARGS}; found a fast-check arbitrary`,
    },
    {
      what: 'a method weight of 0',
      scenario: { ...s, methods: patched(s.methods, 1, { weight: 0 }) },
      problem: 'methods[1].weight must be a positive number (how often the method is drawn, relative to the others; default 1); found the number 0',
    },
    { what: 'callbacks not an array', scenario: { ...s, callbacks: 'on_pay' }, problem: 'callbacks must be an array of method names; found "on_pay"' },
    {
      what: 'a bigint inside JSON arguments (JSON.stringify cannot write it)',
      scenario: { ...s, contract: { ...s.contract, init: { method: 'init', args: { token_id: 'token.test.near', amount: 5n } } } },
      problem: `contract.init.args.amount must be ${JSON_VALUE}; found the bigint 5n`,
    },
    {
      what: 'probe arguments that are not JSON',
      scenario: { ...s, callbackProbeArgs: { on_pay: new Map() } },
      problem: `callbackProbeArgs.on_pay must be ${JSON_VALUE}; found an instance of Map`,
    },
    {
      what: 'a storage key that is neither a string nor a regular expression',
      scenario: { ...s, allowedStorageDifferences: { keys: [5] } },
      problem: 'allowedStorageDifferences.keys[0] must be a storage key (a latin1 string) or a regular expression; found the number 5',
    },
    {
      what: 'a projection whose args are not a function',
      scenario: { ...s, projections: [{ method: 'get_account', args: { account_id: 'alice.test.near' } }] },
      problem: "projections[0].args must be a function (user) => the view's JSON arguments (e.g. (user) => ({ account_id: user })); found an object { account_id }",
    },
    {
      what: 'quiescent not a function',
      scenario: { ...s, quiescent: 'nothing locked' },
      problem: 'quiescent must be a function (state, scenario) => a description of what is left pending, or undefined; found "nothing locked"',
    },
    {
      what: 'invariants[0].check missing',
      scenario: { ...s, invariants: [{ name: 'solvent', when: 'quiescent' }] },
      problem: `invariants[0].check is missing; it must be ${CHECK}`,
    },
    {
      what: 'an invariant checked at an unknown time',
      scenario: { ...s, invariants: patched(s.invariants ?? [], 0, { when: 'sometimes' }) },
      problem: 'invariants[0].when must be "every-block" or "quiescent"; found "sometimes"',
    },
    {
      what: 'limits.maxSteps a string',
      scenario: { ...s, limits: { maxSteps: '10' } },
      problem: 'limits.maxSteps must be a whole number from 0 to 64 (MAX_PLAN_STEPS); found "10"',
    },
  ];

  it.each(cases)('$what', ({ scenario, problem }) => {
    const error = refusal(scenario);
    expect(error.problems).toEqual([problem]);
    expect(error.message).toBe(`scenario "market": ${problem}`);
  });

  it('an arbitrary that is not an arbitrary: what args returns is checked duck-typed, as a user\'s own copy of fast-check would not be an instance of ours', () => {
    const error = refusal({ ...s, methods: patched(s.methods, 0, { args: () => ({ amount: '1' }), deposit: () => 10n }) });
    expect(error.problems).toEqual([
      "methods[0].args must return a fast-check arbitrary of the call's JSON arguments (e.g. () => fc.constant({})); it returned an object { amount }",
      'methods[0].deposit must return a fast-check arbitrary of the yoctoNEAR to attach (e.g. () => fc.constant(10n ** 24n)); it returned the bigint 10n',
    ]);
  });

  it('accepts an arbitrary that is not an instance of this fast-check: only the methods arbitraries have are looked at', () => {
    const otherCopy = { generate: () => null, canShrinkWithoutContext: () => false, shrink: () => null, filter: () => otherCopy, map: () => otherCopy, chain: () => otherCopy };
    expect(otherCopy instanceof fc.Arbitrary).toBe(false);
    expect(validateScenario({ ...s, methods: patched(s.methods, 0, { args: () => otherCopy }) }, PACKAGE_ROOT).name).toBe('market');
  });

  it('names an args function that throws, with its message', () => {
    const error = refusal({ ...s, methods: patched(s.methods, 1, { args: () => { throw new Error('no shop'); } }) });
    expect(error.problems).toEqual(["methods[1].args threw when called with the scenario's accounts: no shop"]);
  });

  it('accepts the small scenario these cases break', () => {
    expect(validateScenario(s, PACKAGE_ROOT)).toBe(s);
  });
});

describe('a scenario that is not one at all', () => {
  const FIELDS = 'name, source?, contract, users, mocks, setup?, methods, callbacks, callbackProbeArgs?, attacker?, allowedStorageDifferences?, projections?, quiescent?, invariants?, liabilities?, storage?, allowedCallbackFailures?, expect?, limits?, expectViolation?';

  it('a factory exported instead of its scenario', () => {
    expect(refusal(market).message).toBe(`the unnamed scenario: the scenario must be an object { ${FIELDS} }; found the function market`);
  });

  it('a scenario without a name is named by where it is', () => {
    const error = refusal(without(market(), 'name'));
    expect(error.message).toBe("the unnamed scenario: name is missing; it must be the scenario's name (a non-empty string)");
    expect(() => validateScenario(without(market(), 'name'), PACKAGE_ROOT, 'scenarios[2] of market.ts')).toThrow(/^scenarios\[2\] of market\.ts: name is missing/);
  });

  it('a misspelt top-level field', () => {
    expect(refusal({ ...market(), expectViolations: true }).problems).toEqual([`the scenario has an unknown field "expectViolations"; it must be an object { ${FIELDS} }`]);
  });
});

describe('every problem at once, the shape first', () => {
  it('lists every problem of the shape, one line each, each naming the scenario', () => {
    const s = market();
    const error = refusal({ ...s, users: patched(s.users, 0, { balance: 1 }), mocks: patched(s.mocks, 1, { methods: ['buy'] }), limits: { maxWait: null } });
    expect(error.message.split('\n')).toEqual([
      `scenario "market": users[0].balance must be ${YOCTO}; found the number 1`,
      'scenario "market": mocks[1].methods must be the mock\'s interface, an object: method name → { behaviour?, default?, returns? }; found an array of 1 item',
      'scenario "market": limits.maxWait must be a whole number from 0 to 100 (MAX_WAIT_BLOCKS); found null',
    ]);
  });

  it('checks the wasm, accounts and bounds only once the shape is right', () => {
    const s = market();
    expect(refusal({ ...s, contract: { ...s.contract, wasm: 'contract/build/nope.wasm' }, callbacks: [1] }).problems).toEqual([
      'callbacks[0] must be a method name (a non-empty string); found the number 1',
    ]);
    expect(refusal({ ...s, contract: { ...s.contract, wasm: 'contract/build/nope.wasm' }, methods: patched(s.methods, 0, { args: () => null }) }).problems).toEqual([
      "methods[0].args must return a fast-check arbitrary of the call's JSON arguments (e.g. () => fc.constant({})); it returned null",
      expect.stringMatching(/^wasm not found: .*contract\/build\/nope\.wasm \(build it, or fix the path/),
    ]);
  });
});
