/**
 * From a plan's answer to the program the generated mock runs (harness/mock): the value it
 * returns (given, drawn from the method's `returns` arbitrary for this very call, or the
 * method's default), how much of the attached deposit it sends back, and the hops a
 * delayed, forwarded or re-entrant answer takes.
 *
 * Every deposit refund is made by the receipt the caller's deposit arrived in (so it goes
 * to the predecessor, as a contract sends change back): the part a successful answer does
 * not keep, and all of it when the answer fails in a later hop (NEAR itself refunds a
 * receipt that fails, but a hop that fails carries no deposit).
 */
import * as fc from 'fast-check';
import {
  accountId,
  delayed,
  forwarded,
  op,
  PREDECESSOR,
  reentrant,
  type AnswerOp,
  type AnswerProgram,
} from '../mock/index.js';
import { behaviourFails, type Json, type Keep, type MockBehaviour, type MockCall, type MockMethod, type SuccessfulAnswer } from '../scenario/index.js';

/** The bytes the old mocks returned for `malformed`: JSON cut off in the middle. */
const MALFORMED = '{"malformed": ';

export interface AnswerContext {
  /** The call being answered, as the method's `returns` arbitrary sees it. */
  call: MockCall;
  /** The mock method's declaration (its default and `returns`), if it has one. */
  method: MockMethod | undefined;
  /** The contract under test: where a re-entrant answer calls back. */
  contract: string;
  /** Account ids as the chain knows them (the workspaces backend runs under a namespace). */
  accountName?: (id: string) => string;
  /** Where a `returns` arbitrary's problem is reported: "pool.test.near.swap". */
  label: string;
}

export class AnswerValueError extends Error {
  constructor(label: string, problem: string) {
    super(`mock method ${label}: ${problem}`);
    this.name = 'AnswerValueError';
  }
}

/** The JSON a drawn answer returns: the `returns` arbitrary for this call, sampled with the plan's seed. */
function drawnValue(context: AnswerContext, draw: number): Json {
  const returns = context.method?.returns;
  if (!returns) return context.method?.default ?? null;
  let value: unknown;
  try {
    value = fc.sample(returns(context.call), { seed: draw, numRuns: 1 })[0];
  } catch (error) {
    throw new AnswerValueError(context.label, `its \`returns\` arbitrary failed for this call: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = JSON.stringify(value, (_, v: unknown) => {
    if (typeof v === 'bigint' || typeof v === 'function' || typeof v === 'symbol' || (typeof v === 'number' && !Number.isFinite(v))) throw new AnswerValueError(context.label, `its \`returns\` arbitrary drew ${String(v)}, which is not JSON (amounts are strings)`);
    return v;
  });
  return text === undefined ? null : (JSON.parse(text) as Json);
}

function returnedValue(b: Extract<MockBehaviour, { kind: 'return' }>, context: AnswerContext): Json {
  if (b.value !== undefined) return b.value;
  if (b.draw !== undefined) return drawnValue(context, b.draw);
  return context.method?.default ?? null;
}

/** What a successful answer keeps: the plan's share if it names one, else the method's own rule, else everything. */
function kept(b: MockBehaviour, context: AnswerContext): bigint {
  const deposit = context.call.deposit;
  const keep: Keep | undefined = b.kind === 'return' ? b.keep : undefined;
  if (keep === 'all') return deposit;
  if (keep === 'none') return 0n;
  if (keep !== undefined) return (deposit * BigInt(keep.millionths)) / 1_000_000n;
  const rule = context.method?.keeps;
  if (!rule) return deposit;
  const answer: SuccessfulAnswer =
    b.kind === 'return' ? { kind: 'value', value: returnedValue(b, context) } : { kind: 'bytes', bytes: b.kind === 'bytes' ? new Uint8Array(Buffer.from(b.base64, 'base64')) : new TextEncoder().encode(MALFORMED) };
  let amount: unknown;
  try {
    amount = rule(context.call, answer);
  } catch (error) {
    throw new AnswerValueError(context.label, `its \`keeps\` function failed for this call: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof amount !== 'bigint' || amount < 0n || amount > deposit) {
    throw new AnswerValueError(context.label, `its \`keeps\` function must return a bigint from 0 to the attached deposit (${deposit}); it returned ${String(amount)}`);
  }
  return amount;
}

/** What of the attached deposit goes back to the caller, from the first receipt. */
function refund(b: MockBehaviour, context: AnswerContext, hopped: boolean): bigint {
  const deposit = context.call.deposit;
  switch (b.kind) {
    case 'return':
    case 'bytes':
    case 'malformed':
      return deposit - kept(b, context);
    case 'fail':
    case 'trap':
    case 'exhaust-gas':
      return hopped ? deposit : 0n;
    case 'delay':
    case 'reenter':
      return refund(b.then, context, true);
    default:
      return 0n;
  }
}

/** JSON with every string (and key) passed through `name`: account ids inside arguments, as the chain knows them. */
function named(value: Json, name: (id: string) => string): Json {
  if (typeof value === 'string') return name(value);
  if (Array.isArray(value)) return value.map((v) => named(v, name));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [name(k), named(v, name)]));
  return value;
}

/** The answer itself, past any refund: what the last receipt of the answer does. */
function body(b: MockBehaviour, context: AnswerContext): AnswerOp[] {
  const name = context.accountName ?? ((id: string) => id);
  switch (b.kind) {
    case 'return':
      return [op.returnJson(returnedValue(b, context))];
    case 'bytes':
      return [op.return(new Uint8Array(Buffer.from(b.base64, 'base64')))];
    case 'malformed':
      return [op.return(MALFORMED)];
    case 'fail':
      return [op.panic(b.message)];
    case 'trap':
      return [op.trap()];
    case 'exhaust-gas':
      return [op.burnGas()];
    case 'promise':
      return forwarded({ account: accountId(name(b.account)), method: b.method, args: JSON.stringify(named(b.args ?? {}, name)), deposit: 0n, gas: 0n, weight: 1n });
    case 'delay':
      return delayed(b.blocks, body(b.then, context));
    case 'reenter':
      return reentrant({ account: accountId(name(context.contract)), method: b.method, args: JSON.stringify(named(b.args, name)), deposit: BigInt(b.deposit), gas: 0n, weight: 1n }, body(b.then, context));
  }
}

/** Whether the answer fails only after a hop (then no receipt that failed holds the deposit, and the mock sends it back itself). */
function failsAfterHop(b: MockBehaviour): boolean {
  return (b.kind === 'delay' || b.kind === 'reenter') && behaviourFails(b.then);
}

/** The program a mock runs to give `behaviour` as its answer to `context.call`. */
export function answerProgram(behaviour: MockBehaviour, context: AnswerContext): AnswerProgram {
  // The whole deposit goes back by the mock's own reading of it, exact however the answer was fixed.
  if (failsAfterHop(behaviour)) return [op.refundDeposit(), ...body(behaviour, context)];
  const back = refund(behaviour, context, false);
  return [...(back > 0n ? [op.transfer(PREDECESSOR, back)] : []), ...body(behaviour, context)];
}

/** What a relay mock does with the call it is asked to relay: makes it, with its attached deposit, and answers with its result. */
export function relayProgram(call: { receiver: string; method: string; args: Json; deposit: bigint; gas: bigint }, accountName: (id: string) => string = (id) => id): AnswerProgram {
  return forwarded({ account: accountId(accountName(call.receiver)), method: call.method, args: JSON.stringify(named(call.args, accountName)), deposit: call.deposit, gas: call.gas, weight: 0n });
}

