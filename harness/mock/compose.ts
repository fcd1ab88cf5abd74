/**
 * Answers that take more than one receipt, composed from the ops: the mock calls itself
 * (`mock_continue`) or another account and returns that promise. Each hop through a
 * receipt costs one block.
 */
import { MOCK_CONTINUE } from './method-names.js';
import { CURRENT_ACCOUNT, encodeAnswer, op, type AnswerOp, type AnswerProgram, type FunctionCall } from './program.js';

/**
 * The call that runs `program` in a receipt of its own on the mock (one block later), with
 * all the gas left over. Inside it the predecessor is the mock itself, so a program that
 * names PREDECESSOR is refused: name the account by id.
 */
export function continuation(program: AnswerProgram): FunctionCall {
  const named = program.findIndex((o) => (o.op === 'transfer' ? o.to.kind : o.op === 'call' || o.op === 'then_call' ? o.account.kind : undefined) === 'predecessor');
  if (named >= 0) {
    throw new Error(`op ${named} (${program[named]!.op}) names PREDECESSOR, but a continuation runs in mock_continue, whose predecessor is the mock itself: name the account by id`);
  }
  return { account: CURRENT_ACCOUNT, method: MOCK_CONTINUE, args: encodeAnswer(program), deposit: 0n, gas: 0n, weight: 1n };
}

/** Answers with `program` `blocks` blocks later than the mock would (one hop through mock_continue per block). */
export function delayed(blocks: number, program: AnswerProgram): AnswerOp[] {
  if (!Number.isInteger(blocks) || blocks < 0) throw new RangeError(`delayed: ${blocks} blocks is not a whole number of blocks`);
  let answer: AnswerOp[] = [...program];
  for (let i = 0; i < blocks; i++) answer = [op.call(continuation(answer)), op.returnPromise()];
  return answer;
}

/**
 * Makes `call` (typically into the contract that called the mock) and, once it has
 * finished, whether it succeeded or not, answers with `program`.
 */
export function reentrant(call: FunctionCall, program: AnswerProgram): AnswerOp[] {
  return [op.call(call), op.thenCall(continuation(program)), op.returnPromise()];
}

/** Answers with whatever `call` returns (or its failure). */
export function forwarded(call: FunctionCall): AnswerOp[] {
  return [op.call(call), op.returnPromise()];
}
