/**
 * fast-check arbitraries for runs, composed from small ones: a step (its call, its
 * answers from answers.ts, its timing), a schedule, a plan. Everything shrinks toward the simplest run: fewer steps, successful
 * answers, no waiting, no delays, emission order.
 */
import * as fc from 'fast-check';
import { argContext, type ArgContext, type Json, type MethodSpec, type Scenario } from '../scenario/index.js';
import { stepAnswers } from './answers.js';
import type { Plan, PlannedDelay, Step } from './plan.js';

const DEFAULT_GAS = 300_000_000_000_000n;

function delays(maxDelay: number): fc.Arbitrary<PlannedDelay[]> {
  if (maxDelay < 1) return fc.constant([]);
  return fc.array(fc.record({ receipt: fc.nat({ max: 7 }), blocks: fc.integer({ min: 1, max: maxDelay }) }), { maxLength: 2 });
}

/** A method's arguments, then its deposit, which may depend on them (`qty × price`). */
function call(method: MethodSpec, context: ArgContext): fc.Arbitrary<{ args: Json; deposit: bigint }> {
  const { deposit } = method;
  if (!deposit) return method.args(context).map((args) => ({ args, deposit: 0n }));
  return method.args(context).chain((args) => deposit(context, args).map((attached) => ({ args, deposit: attached })));
}

/** One user call, with everything that happens around it. */
export function step(scenario: Scenario, method: MethodSpec): fc.Arbitrary<Step> {
  const context = argContext(scenario);
  const limits = { maxWait: scenario.limits?.maxWait ?? 3, maxDelay: scenario.limits?.maxDelay ?? 2 };
  const relays = scenario.mocks.filter((m) => m.kind === 'mock' && m.relay).map((m) => m.id);
  const tokens = scenario.mocks.filter((m) => m.kind === 'fungible-token').map((m) => m.id);
  return fc
    .record({
      // Mostly the first user, so that consecutive steps often come from the same account
      // (a user racing their own in-flight operation), sometimes anyone.
      caller: fc.oneof({ weight: 3, arbitrary: fc.constant(context.users[0]!) }, { weight: 1, arbitrary: fc.constantFrom(...context.users) }),
      call: call(method, context),
      via: method.relayable && relays.length > 0 ? fc.option(fc.constantFrom(...relays), { nil: undefined, freq: 4 }) : fc.constant(undefined),
      // Most steps land in the same block as the previous one, inside its gap: that is
      // where rollback bugs live.
      wait: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat({ max: limits.maxWait }) }),
      answers: stepAnswers(scenario, limits.maxDelay),
      unregisteredAt: tokens.length > 0 ? fc.subarray(tokens) : fc.constant<string[]>([]),
      delays: delays(limits.maxDelay),
    })
    .map(
      (s): Step => ({
        caller: s.caller,
        method: method.name,
        receiver: method.receiver ?? scenario.contract.id,
        args: s.call.args,
        deposit: s.call.deposit.toString(),
        gas: (method.gas ?? DEFAULT_GAS).toString(),
        ...(s.via ? { via: s.via } : {}),
        wait: s.wait,
        answers: s.answers,
        ...(s.unregisteredAt.length > 0 ? { unregisteredAt: [...s.unregisteredAt] } : {}),
        delays: s.delays,
      }),
    );
}

/** A whole run: steps drawn from the scenario's methods, and the receipt order per block. */
export function plan(scenario: Scenario): fc.Arbitrary<Plan> {
  const maxSteps = scenario.limits?.maxSteps ?? 6;
  const anyStep = fc.oneof(...scenario.methods.map((m) => ({ weight: m.weight ?? 1, arbitrary: step(scenario, m) })));
  return fc.record({
    // Lengths spread over the whole range (fast-check's default size keeps arrays short, and
    // interleavings of several users need several steps).
    steps: fc.array(anyStep, { minLength: 0, maxLength: maxSteps, size: 'max' }),
    order: fc.array(fc.nat({ max: 1_000 }), { maxLength: 12 }),
  });
}
