/** A chain with generated mocks, a stand-in caller contract, and one-line calls and checks. */
import { Chain, type ExecutionOutcome, type FinalExecutionOutcome } from '../../runtime/index.js';
import { answerKey, encodeAnswer, mockWasm, type AnswerProgram } from '../index.js';
import { callerInput, callerWasm } from './caller.js';

export const NEAR = 10n ** 24n;
export const TGAS = 10n ** 12n;
export const ALICE = 'alice.test.near';
export const BOB = 'bob.test.near';
export const CALLER = 'caller.test.near';
export const MOCK = 'mock.test.near';
export const OTHER = 'other.test.near';
const ALICE_KEY = 'ed25519:5BGSaf6YjVm7565VzWQHNxoyEjwr3jUpRJSGjREvU9dB';
const BOB_KEY = 'ed25519:H9k5eiU4xXS3M4z8HzKJSLaZdqGdGwBG49o7orNC4eZW';
const decoder = new TextDecoder();
const CALLER_WASM = callerWasm();

export interface CallOptions {
  signer?: string;
  deposit?: bigint;
  gas?: bigint;
  args?: Uint8Array;
}

export class MockChain {
  readonly chain = new Chain();

  /** `mock` and `other` mocks with the given interfaces, and the caller contract. */
  constructor(methods: readonly string[] = ['swap', 'price'], otherMethods: readonly string[] = ['price', 'refund']) {
    this.chain.addAccount(ALICE, { balance: 100n * NEAR, publicKeys: [ALICE_KEY] });
    this.chain.addAccount(BOB, { balance: 100n * NEAR, publicKeys: [BOB_KEY] });
    this.chain.addAccount(CALLER, { balance: 50n * NEAR, code: CALLER_WASM });
    this.chain.addAccount(MOCK, { balance: 50n * NEAR, code: mockWasm(methods) });
    this.chain.addAccount(OTHER, { balance: 50n * NEAR, code: mockWasm(otherMethods) });
  }

  /** Writes the answer program for `method` ('*': every method), optionally for one signer only. */
  answer(mock: string, method: string, program: AnswerProgram, signer?: string): this {
    this.chain.patchStorage(mock, answerKey(method, signer), encodeAnswer(program));
    return this;
  }

  /** A transaction calling `method` of `receiver`, run until its final outcome. */
  call(receiver: string, method: string, options: CallOptions = {}): FinalExecutionOutcome {
    const hash = this.chain.submitTransaction({
      signerId: options.signer ?? ALICE,
      receiverId: receiver,
      actions: [{ type: 'FunctionCall', methodName: method, args: options.args ?? new Uint8Array(), gas: options.gas ?? 300n * TGAS, deposit: options.deposit ?? 0n }],
    });
    return this.chain.runUntilFinal(hash);
  }

  /** The caller contract calls `mock.method` (forwarding `deposit`); the result is what its callback saw. */
  viaCaller(mock: string, method: string, options: Omit<CallOptions, 'args'> = {}): FinalExecutionOutcome {
    return this.call(CALLER, 'call_mock', { ...options, args: callerInput(mock, method) });
  }

  settle(): void {
    this.chain.runUntilQuiescent();
  }

  balance(account: string): bigint {
    return this.chain.viewAccount(account).amount;
  }

  /** Burnt-gas rewards credited to `account` so far. */
  rewards(account: string): bigint {
    return this.chain.outcomes().reduce((sum, o) => sum + (o.executorId === account ? o.contractReward : 0n), 0n);
  }
}

export function successText(result: FinalExecutionOutcome): string {
  if (result.status.type !== 'SuccessValue') throw new Error(`expected success, got ${JSON.stringify(result.status, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
  return decoder.decode(result.status.value);
}

/** The error of the first failed receipt: nearcore's ExecutionError text, or its ActionErrorKind as JSON. */
export function failureText(result: FinalExecutionOutcome): string | undefined {
  for (const outcome of result.receiptsOutcome) {
    if (outcome.status.type !== 'Failure') continue;
    const error = outcome.status.error;
    if (!('ActionError' in error)) return JSON.stringify(error);
    const kind = error.ActionError.kind as Record<string, unknown>;
    const call = kind['FunctionCallError'] as Record<string, unknown> | undefined;
    return call && typeof call['ExecutionError'] === 'string' ? call['ExecutionError'] : JSON.stringify(kind);
  }
  return undefined;
}

/** Outcomes of the receipts that ran `method` on `account`, in execution order. */
export function ran(result: FinalExecutionOutcome, account: string, method: string): ExecutionOutcome[] {
  return result.receiptsOutcome.filter((o) => o.executorId === account && o.receipt?.actions.some((a) => a.type === 'FunctionCall' && a.methodName === method));
}

/** The one outcome that ran `method` on `account`. */
export function ranOnce(result: FinalExecutionOutcome, account: string, method: string): ExecutionOutcome {
  const found = ran(result, account, method);
  if (found.length !== 1) throw new Error(`expected ${account}.${method} to run once, it ran ${found.length} times`);
  return found[0]!;
}
