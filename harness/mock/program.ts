/**
 * Answer programs: what a mock method does when called, as data the harness writes into
 * the mock's storage. The ops and their binary encoding are described in
 * program-format.md; `encodeAnswer` writes that encoding and refuses what the mock could
 * not run.
 */
import { isValidAccountId } from '../runtime/index.js';
import { ACCOUNT, FORMAT_VERSION, OP } from './format.js';
import { MAX_PROGRAM_BYTES } from './layout.js';

/** Bytes, or text sent as its UTF-8 bytes. */
export type Bytes = string | Uint8Array;

/** An account, named by id or by its role in the call being answered. */
export type AccountRef =
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'predecessor' }
  | { readonly kind: 'current' }
  | { readonly kind: 'signer' };

/** The account that called the mock (in mock_continue: the mock itself). */
export const PREDECESSOR: AccountRef = { kind: 'predecessor' };
/** The mock's own account. */
export const CURRENT_ACCOUNT: AccountRef = { kind: 'current' };
/** The account that signed the transaction. */
export const SIGNER: AccountRef = { kind: 'signer' };
export const accountId = (id: string): AccountRef => ({ kind: 'id', id });

/** A function call the mock makes: promise_batch_action_function_call_weight. */
export interface FunctionCall {
  readonly account: AccountRef;
  readonly method: string;
  /** Default: none. */
  readonly args?: Bytes;
  /** Yocto; default 0. */
  readonly deposit?: bigint;
  /** Static gas; default 0 (then the weight hands it the unused gas). */
  readonly gas?: bigint;
  /** Share of the unused gas; default 1. */
  readonly weight?: bigint;
}

export type AnswerOp =
  | { readonly op: 'return'; readonly value: Bytes }
  | { readonly op: 'panic'; readonly message: string }
  | { readonly op: 'trap' }
  | { readonly op: 'burn_gas' }
  | { readonly op: 'transfer'; readonly to: AccountRef; readonly amount: bigint }
  | ({ readonly op: 'call' } & FunctionCall)
  | ({ readonly op: 'then_call' } & FunctionCall)
  | { readonly op: 'return_promise' }
  | { readonly op: 'log'; readonly text: string }
  | { readonly op: 'refund_deposit' }
  | { readonly op: 'end' };

export type AnswerProgram = readonly AnswerOp[];

/** The ops, one constructor each. */
export const op = {
  /** value_return(value); ends. */
  return: (value: Bytes): AnswerOp => ({ op: 'return', value }),
  /** value_return(JSON.stringify(value)); ends. */
  returnJson: (value: unknown): AnswerOp => ({ op: 'return', value: JSON.stringify(value) }),
  /** panic_utf8(message): "Smart contract panicked: <message>"; ends. */
  panic: (message: string): AnswerOp => ({ op: 'panic', message }),
  /** `unreachable`: "WebAssembly trap: An `unreachable` opcode was executed."; ends. */
  trap: (): AnswerOp => ({ op: 'trap' }),
  /** Loops until the gas runs out: "Exceeded the prepaid gas."; ends. */
  burnGas: (): AnswerOp => ({ op: 'burn_gas' }),
  /** Sends `amount` yocto to `to` (a promise of its own); continues. */
  transfer: (to: AccountRef, amount: bigint): AnswerOp => ({ op: 'transfer', to, amount }),
  /** Calls a method (a new promise, now the last one); continues. */
  call: (call: FunctionCall): AnswerOp => ({ op: 'call', ...call }),
  /** Calls a method once the last promise is done (now the last one); continues. */
  thenCall: (call: FunctionCall): AnswerOp => ({ op: 'then_call', ...call }),
  /** promise_return(last promise): the answer is that promise's result; ends. */
  returnPromise: (): AnswerOp => ({ op: 'return_promise' }),
  /** log_utf8(text); continues. */
  log: (text: string): AnswerOp => ({ op: 'log', text }),
  /** Sends the call's whole attached deposit back to its predecessor (zero: a transfer of nothing); continues. */
  refundDeposit: (): AnswerOp => ({ op: 'refund_deposit' }),
  /** Ends with no return value. */
  end: (): AnswerOp => ({ op: 'end' }),
};

const ENDING = new Set<AnswerOp['op']>(['return', 'panic', 'trap', 'burn_gas', 'return_promise', 'end']);
const U64_LIMIT = 1n << 64n;
const U128_LIMIT = 1n << 128n;

export class AnswerProgramError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnswerProgramError';
  }
}

class Writer {
  private readonly chunks: Uint8Array[] = [];
  size = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  u8(value: number): void {
    this.push(Uint8Array.of(value));
  }

  /** A little-endian unsigned integer of `width` bytes. */
  uint(value: bigint, width: number): void {
    const bytes = new Uint8Array(width);
    let rest = value;
    for (let i = 0; i < width; i++, rest >>= 8n) bytes[i] = Number(rest & 0xffn);
    this.push(bytes);
  }

  /** u32 length, then the bytes. */
  bytes(value: Bytes): void {
    const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    this.uint(BigInt(bytes.length), 4);
    this.push(bytes);
  }

  result(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

/**
 * The binary form of a program, to store under an answer key or pass to mock_continue.
 * Throws AnswerProgramError for an op after an ending one, a THEN_CALL or RETURN_PROMISE
 * with no earlier CALL, an invalid account id, an empty method name, an amount outside
 * u128 or gas outside u64, and a program larger than the mock's memory holds.
 */
export function encodeAnswer(program: AnswerProgram): Uint8Array {
  const w = new Writer();
  w.u8(FORMAT_VERSION);
  let promises = 0;
  program.forEach((o, index) => {
    const where = `answer program op ${index} (${o.op})`;
    const problem = (text: string) => new AnswerProgramError(`${where}: ${text}`);
    if (index > 0 && ENDING.has(program[index - 1]!.op)) throw problem(`follows "${program[index - 1]!.op}", which ends the program`);
    const amount = (value: bigint, what: string) => {
      if (value < 0n || value >= U128_LIMIT) throw problem(`${what} ${value} is not a u128`);
      w.uint(value, 16);
    };
    const u64 = (value: bigint, what: string) => {
      if (value < 0n || value >= U64_LIMIT) throw problem(`${what} ${value} is not a u64`);
      w.uint(value, 8);
    };
    const account = (ref: AccountRef) => {
      if (ref.kind !== 'id') return w.u8(ACCOUNT[ref.kind === 'predecessor' ? 'PREDECESSOR' : ref.kind === 'current' ? 'CURRENT' : 'SIGNER']);
      if (!isValidAccountId(ref.id)) throw problem(`"${ref.id}" is not a valid account id`);
      w.u8(ACCOUNT.LITERAL);
      w.bytes(ref.id);
    };
    const functionCall = (call: FunctionCall) => {
      account(call.account);
      if (call.method === '') throw problem('the method name is empty');
      w.bytes(call.method);
      w.bytes(call.args ?? new Uint8Array());
      amount(call.deposit ?? 0n, 'deposit');
      u64(call.gas ?? 0n, 'gas');
      u64(call.weight ?? 1n, 'weight');
    };
    switch (o.op) {
      case 'return':
        w.u8(OP.RETURN);
        return w.bytes(o.value);
      case 'panic':
        w.u8(OP.PANIC);
        return w.bytes(o.message);
      case 'trap':
        return w.u8(OP.TRAP);
      case 'burn_gas':
        return w.u8(OP.BURN_GAS);
      case 'transfer':
        w.u8(OP.TRANSFER);
        account(o.to);
        return amount(o.amount, 'amount');
      case 'call':
        w.u8(OP.CALL);
        promises++;
        return functionCall(o);
      case 'then_call':
        if (promises === 0) throw problem('needs an earlier call to follow');
        w.u8(OP.THEN_CALL);
        return functionCall(o);
      case 'return_promise':
        if (promises === 0) throw problem('needs an earlier call whose result to return');
        return w.u8(OP.RETURN_PROMISE);
      case 'log':
        w.u8(OP.LOG);
        return w.bytes(o.text);
      case 'end':
        return w.u8(OP.END);
      case 'refund_deposit':
        return w.u8(OP.REFUND_DEPOSIT);
    }
  });
  if (w.size > MAX_PROGRAM_BYTES) {
    throw new AnswerProgramError(`answer program is ${w.size} bytes; the mock's memory holds programs of at most ${MAX_PROGRAM_BYTES} bytes`);
  }
  return w.result();
}
