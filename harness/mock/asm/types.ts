/**
 * The assembler's vocabulary: value types, typed instructions, locals, labels and
 * functions. An instruction knows the type it leaves on the stack (`'none'` for a
 * statement) and how to encode itself; the TypeScript types make a wrongly typed
 * operand a compile error, and the constructors check again at run time.
 */

/** The value types the assembler speaks (NEAR's MVP integers; no floats needed). */
export type ValType = 'i32' | 'i64';
/** What an instruction leaves on the stack: one value, or nothing. */
export type Result = ValType | 'none';

export const VALUE_TYPE_CODE: Readonly<Record<ValType, number>> = { i32: 0x7f, i64: 0x7e };

/** A mistake in assembled code: a wrong operand type, a branch out of scope, a foreign local. */
export class AsmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AsmError';
  }
}

/** Where an instruction is being encoded. */
export interface EncodeContext {
  readonly out: number[];
  localIndex(local: Local): number;
  /** How many blocks out a branch to `label` goes (0 = the innermost). */
  labelDepth(label: Label): number;
  functionIndex(fn: Func): number;
  /** Encodes `inside` with `label` as the innermost enclosing block. */
  within(label: Label, inside: () => void): void;
}

export interface Instr<R extends Result = Result> {
  readonly result: R;
  encode(context: EncodeContext): void;
}

/** An instruction that leaves one value of type T. */
export type Expr<T extends ValType> = Instr<T>;
/** An instruction that leaves nothing. */
export type Stmt = Instr<'none'>;

export function instr<R extends Result>(result: R, encode: (context: EncodeContext) => void): Instr<R> {
  return { result, encode };
}

/** Checks at run time what the TypeScript types already say, for callers that widened them. */
export function expectType(value: Instr, expected: Result, where: string): void {
  if (value.result !== expected) throw new AsmError(`${where}: expected ${expected === 'none' ? 'a statement' : `an ${expected} value`}, got ${value.result === 'none' ? 'a statement' : `an ${value.result} value`}`);
}

/** A local variable (or parameter) of one function. */
export class Local<T extends ValType = ValType> {
  constructor(
    readonly type: T,
    readonly name: string,
  ) {}
}

/** The target of a branch: a block (branching leaves it) or a loop (branching repeats it). */
export class Label {
  constructor(readonly kind: 'block' | 'loop') {}
}

/** A function of the module, imported or defined; `call` takes one. */
export class Func<P extends readonly ValType[] = readonly ValType[], R extends Result = Result> {
  constructor(
    readonly name: string,
    readonly params: P,
    readonly result: R,
  ) {}
}

/** The operands a call to a function with parameters P takes. */
export type ArgsFor<P extends readonly ValType[]> = { readonly [K in keyof P]: Expr<P[K]> };

/** A function body: statements, and for a function with a result, a final value. */
export type Body<R extends Result> = R extends ValType ? readonly [...Stmt[], Expr<R>] : readonly Stmt[];
