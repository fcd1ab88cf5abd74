/**
 * Structured control flow and calls. Blocks take their body as a function of their own
 * label, so a branch names the block it leaves (or the loop it repeats) and the
 * assembler works out the depth; a branch to a block that does not enclose it is an
 * AsmError when the module is encoded. Blocks leave no value (block type 0x40).
 */
import { encodeU32 } from '../../runtime/index.js';
import { AsmError, expectType, instr, Label, type ArgsFor, type Expr, type Func, type Instr, type Result, type Stmt, type ValType } from './types.js';

function statements(body: readonly Stmt[], where: string): readonly Stmt[] {
  body.forEach((s, i) => expectType(s, 'none', `${where}, statement ${i}`));
  return body;
}

function structured(opcode: number, kind: 'block' | 'loop', body: (label: Label) => readonly Stmt[]): Stmt {
  const label = new Label(kind);
  const inside = statements(body(label), kind);
  return instr('none', (c) => {
    c.out.push(opcode, 0x40);
    c.within(label, () => inside.forEach((s) => s.encode(c)));
    c.out.push(0x0b);
  });
}

/** A block: branching to its label continues after it. */
export const block = (body: (exit: Label) => readonly Stmt[]): Stmt => structured(0x02, 'block', body);

/** A loop: branching to its label starts its body again; falling off the end leaves it. */
export const loop = (body: (again: Label) => readonly Stmt[]): Stmt => structured(0x03, 'loop', body);

/** if (condition ≠ 0) then … else … */
export function when(condition: Expr<'i32'>, then: readonly Stmt[], otherwise: readonly Stmt[] = []): Stmt {
  expectType(condition, 'i32', 'if condition');
  const thenBody = statements(then, 'if branch');
  const elseBody = statements(otherwise, 'else branch');
  const label = new Label('block');
  return instr('none', (c) => {
    condition.encode(c);
    c.out.push(0x04, 0x40);
    c.within(label, () => {
      thenBody.forEach((s) => s.encode(c));
      if (elseBody.length > 0) {
        c.out.push(0x05);
        elseBody.forEach((s) => s.encode(c));
      }
    });
    c.out.push(0x0b);
  });
}

export function br(label: Label): Stmt {
  return instr('none', (c) => c.out.push(0x0c, ...encodeU32(c.labelDepth(label))));
}

export function brIf(label: Label, condition: Expr<'i32'>): Stmt {
  expectType(condition, 'i32', 'br_if condition');
  return instr('none', (c) => {
    condition.encode(c);
    c.out.push(0x0d, ...encodeU32(c.labelDepth(label)));
  });
}

/** Returns from the function, with its result if it has one. */
export function ret(value?: Expr<ValType>): Stmt {
  return instr('none', (c) => {
    value?.encode(c);
    c.out.push(0x0f);
  });
}

export const unreachable = (): Stmt => instr('none', (c) => c.out.push(0x00));
export const nop = (): Stmt => instr('none', (c) => c.out.push(0x01));

/** Evaluates a value and throws it away. */
export function drop(value: Expr<ValType>): Stmt {
  if ((value.result as Result) === 'none') throw new AsmError('drop: expected a value, got a statement');
  return instr('none', (c) => {
    value.encode(c);
    c.out.push(0x1a);
  });
}

export function call<P extends readonly ValType[], R extends Result>(fn: Func<P, R>, ...args: ArgsFor<P>): Instr<R> {
  const operands = args as readonly Expr<ValType>[];
  if (operands.length !== fn.params.length) throw new AsmError(`call ${fn.name}: expected ${fn.params.length} arguments, got ${operands.length}`);
  operands.forEach((a, i) => expectType(a, fn.params[i]!, `call ${fn.name}, argument ${i}`));
  return instr(fn.result, (c) => {
    operands.forEach((a) => a.encode(c));
    c.out.push(0x10, ...encodeU32(c.functionIndex(fn)));
  });
}
