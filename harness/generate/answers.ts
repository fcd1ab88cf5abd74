/**
 * How a mock answers one of a step's calls: every answer kind for every declared method.
 * Success comes first, so everything shrinks toward the simplest run (the method's default
 * value, the deposit kept), then every way to fail, to be late, to answer with someone
 * else's answer, or to call back into the contract first.
 */
import * as fc from 'fast-check';
import { argContext, type Json, type MockBehaviour, type MockSpec, type Scenario } from '../scenario/index.js';

const PANIC_MESSAGES = ['paused', 'insufficient funds', 'not allowed'] as const;
/** Draws stay below 2^31 so that counterexample files hold them as plain integers. */
const DRAW_MAX = 2_147_483_647;

/** The methods a step may choose the answer of: every method of every mock's interface. */
export function answerKeys(scenario: Scenario): { mock: MockSpec; method: string; key: string }[] {
  return scenario.mocks.flatMap((mock) => (mock.kind === 'mock' ? Object.keys(mock.methods ?? {}).map((method) => ({ mock, method, key: `${mock.id}.${method}` })) : []));
}

/** A successful answer: a drawn value when the method has `returns`, and a kept share of the deposit when it `refundsDeposit`. */
function returnAnswer(drawn: boolean, refunds: boolean): fc.Arbitrary<MockBehaviour> {
  const keep = refunds
    ? fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constant('none' as const) },
        { weight: 2, arbitrary: fc.integer({ min: 0, max: 1_000_000 }).map((millionths) => ({ millionths })) },
      )
    : fc.constant(undefined);
  // A method with `returns` mostly answers with a drawn value (fast-check's `freq`: one in 5 is the default).
  return fc.record({ draw: drawn ? fc.option(fc.nat({ max: DRAW_MAX }), { nil: undefined, freq: 5 }) : fc.constant(undefined), keep }).map(
    ({ draw, keep: kept }): MockBehaviour => ({ kind: 'return', ...(draw !== undefined ? { draw } : {}), ...(kept !== undefined ? { keep: kept } : {}) }),
  );
}

/** A re-entrant call into the contract under test: one of its own methods, with arguments and deposit drawn as a user's would be. */
function reentry(scenario: Scenario, then: fc.Arbitrary<MockBehaviour>): fc.Arbitrary<MockBehaviour> | undefined {
  const own = scenario.methods.filter((m) => (m.receiver ?? scenario.contract.id) === scenario.contract.id);
  if (own.length === 0) return undefined;
  const context = argContext(scenario);
  return fc.oneof(...own.map((m) => m.args(context).chain((args: Json) => fc.tuple(fc.constant(args), m.deposit ? m.deposit(context, args) : fc.constant(0n)).map(([a, d]) => ({ method: m.name, args: a, deposit: d })))))
    .chain((call) => then.map((answer): MockBehaviour => ({ kind: 'reenter', method: call.method, args: call.args, deposit: call.deposit.toString(), then: answer })));
}

/** Every answer kind for `key`'s method; `maxDelay` 0 draws no delays. */
export function mockAnswer(scenario: Scenario, key: { mock: MockSpec; method: string; key: string }, maxDelay: number): fc.Arbitrary<MockBehaviour> {
  const spec = key.mock.methods?.[key.method];
  const others = answerKeys(scenario).filter((k) => spec?.answersWith?.includes(k.key) === true);
  const simple = fc.oneof(
    { weight: 6, arbitrary: returnAnswer(spec?.returns !== undefined, spec?.refundsDeposit === true) },
    { weight: 3, arbitrary: fc.constantFrom(...PANIC_MESSAGES).map((message): MockBehaviour => ({ kind: 'fail', message })) },
    { weight: 1, arbitrary: fc.constant<MockBehaviour>({ kind: 'trap' }) },
    { weight: 1, arbitrary: fc.constant<MockBehaviour>({ kind: 'exhaust-gas' }) },
    { weight: 1, arbitrary: fc.constant<MockBehaviour>({ kind: 'malformed' }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }).map((bytes): MockBehaviour => ({ kind: 'bytes', base64: Buffer.from(bytes).toString('base64') })) },
  );
  const promise = others.length > 0 ? fc.constantFrom(...others).map((k): MockBehaviour => ({ kind: 'promise', account: k.mock.id, method: k.method })) : undefined;
  const reenter = reentry(scenario, simple);
  const immediate = fc.oneof(
    { weight: 8, arbitrary: simple },
    ...(promise ? [{ weight: 1, arbitrary: promise }] : []),
    ...(reenter ? [{ weight: 1, arbitrary: reenter }] : []),
  );
  if (maxDelay < 1) return immediate;
  return fc.oneof(
    { weight: 4, arbitrary: immediate },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: maxDelay }), immediate).map(([blocks, then]): MockBehaviour => ({ kind: 'delay', blocks, then })) },
  );
}

/** The answers of one step: some of the declared methods get a chosen answer; the rest answer by default. */
export function stepAnswers(scenario: Scenario, maxDelay: number): fc.Arbitrary<Record<string, MockBehaviour>> {
  const keys = answerKeys(scenario);
  return fc
    .record(Object.fromEntries(keys.map((k) => [k.key, mockAnswer(scenario, k, maxDelay)])), { requiredKeys: [] })
    .map((answers) => Object.fromEntries(Object.entries(answers).flatMap(([key, answer]) => (answer ? [[key, answer] as const] : []))));
}
