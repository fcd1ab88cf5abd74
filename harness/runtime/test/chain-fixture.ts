/** Test helper: a chain with accounts and contracts, and one-line calls that run to completion. */
import { Chain, type ChainOptions, type ExecutionOutcome, type FinalExecutionOutcome } from '../index.js';
import type { Action } from '../vm/actions.js';
import { loadWasm } from './one-contract.js';

export const NEAR = 10n ** 24n;
export const TGAS = 10n ** 12n;
export const ALICE_KEY = 'ed25519:5BGSaf6YjVm7565VzWQHNxoyEjwr3jUpRJSGjREvU9dB';
export const BOB_KEY = 'ed25519:H9k5eiU4xXS3M4z8HzKJSLaZdqGdGwBG49o7orNC4eZW';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface CallOptions {
  deposit?: bigint;
  gas?: bigint;
  args?: unknown;
  raw?: Uint8Array;
}

export function functionCall(method: string, options: CallOptions = {}): Action {
  return {
    type: 'FunctionCall',
    methodName: method,
    args: options.raw ?? encoder.encode(options.args === undefined ? '' : JSON.stringify(options.args)),
    gas: options.gas ?? 300n * TGAS,
    deposit: options.deposit ?? 0n,
  };
}

export class TestChain {
  readonly chain: Chain;

  constructor(options: ChainOptions = {}) {
    this.chain = new Chain(options);
    this.chain.addAccount('alice.test.near', { balance: 100n * NEAR, publicKeys: [ALICE_KEY] });
    this.chain.addAccount('bob.test.near', { balance: 100n * NEAR, publicKeys: [BOB_KEY] });
  }

  /** Adds an account holding a contract: a committed .wasm path or raw wasm bytes. */
  deploy(accountId: string, code: string | Uint8Array, balance = 50n * NEAR): this {
    this.chain.addAccount(accountId, { balance, code: typeof code === 'string' ? loadWasm(code) : code, publicKeys: [ALICE_KEY] });
    return this;
  }

  submit(signerId: string, receiverId: string, actions: Action[]): string {
    return this.chain.submitTransaction({ signerId, receiverId, actions });
  }

  /** Submits one function call and runs blocks until its final outcome. */
  call(signerId: string, receiverId: string, method: string, options: CallOptions = {}): FinalExecutionOutcome {
    return this.chain.runUntilFinal(this.submit(signerId, receiverId, [functionCall(method, options)]));
  }

  /** Like call(), then also runs every remaining receipt (refunds). */
  callAndSettle(signerId: string, receiverId: string, method: string, options: CallOptions = {}): FinalExecutionOutcome {
    const hash = this.submit(signerId, receiverId, [functionCall(method, options)]);
    this.chain.runUntilQuiescent();
    return this.chain.transactionResult(hash)!;
  }

  view<T = unknown>(accountId: string, method: string, args: object = {}): T {
    return this.chain.viewJson<T>(accountId, method, args);
  }

  balance(accountId: string): bigint {
    return this.chain.viewAccount(accountId).amount;
  }

  /** Sum of every account's balance (liquid + locked). */
  totalBalance(): bigint {
    return this.chain.state.accountIds().reduce((sum, id) => sum + this.chain.viewAccount(id).amount + this.chain.viewAccount(id).locked, 0n);
  }

  /** Tokens burnt by every outcome so far, net of burnt-gas rewards credited to contracts. */
  netBurnt(): bigint {
    return this.chain.outcomes().reduce((sum, o) => sum + o.tokensBurnt - o.contractReward, 0n);
  }
}

export function successBytes(result: FinalExecutionOutcome): Uint8Array {
  if (result.status.type !== 'SuccessValue') throw new Error(`expected success, got ${JSON.stringify(result.status, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
  return result.status.value;
}

export function successText(result: FinalExecutionOutcome): string {
  return decoder.decode(successBytes(result));
}

export function successJson<T = unknown>(result: FinalExecutionOutcome): T {
  return JSON.parse(successText(result)) as T;
}

/** The FunctionCallError text of the first failed receipt, e.g. "Smart contract panicked: …". */
export function failureText(result: FinalExecutionOutcome | ExecutionOutcome): string | undefined {
  const outcomes = 'receiptsOutcome' in result ? result.receiptsOutcome : [result];
  for (const outcome of outcomes) {
    if (outcome.status.type !== 'Failure') continue;
    const error = outcome.status.error;
    if ('ActionError' in error) {
      const kind = error.ActionError.kind as Record<string, unknown>;
      const fc = kind['FunctionCallError'] as Record<string, unknown> | undefined;
      if (fc && typeof fc['ExecutionError'] === 'string') return fc['ExecutionError'];
      return JSON.stringify(kind);
    }
    return JSON.stringify(error);
  }
  return undefined;
}

/** The outcome of the receipt that ran `method` (the first one). */
export function receiptFor(result: FinalExecutionOutcome, method: string): ExecutionOutcome {
  const outcome = result.receiptsOutcome.find((o) => o.receipt?.actions.some((a) => a.type === 'FunctionCall' && a.methodName === method));
  if (!outcome) throw new Error(`no receipt ran ${method}`);
  return outcome;
}
