/** Integer constants, arithmetic, comparisons and conversions (MVP i32/i64). */
import { encodeSigned } from '../../runtime/index.js';
import { expectType, instr, type Expr, type ValType } from './types.js';

function unary<A extends ValType, R extends ValType>(name: string, opcode: number, operand: A, result: R) {
  return (a: Expr<A>): Expr<R> => {
    expectType(a, operand, name);
    return instr(result, (c) => {
      a.encode(c);
      c.out.push(opcode);
    });
  };
}

function binary<A extends ValType, R extends ValType>(name: string, opcode: number, operand: A, result: R) {
  return (a: Expr<A>, b: Expr<A>): Expr<R> => {
    expectType(a, operand, `${name} (first operand)`);
    expectType(b, operand, `${name} (second operand)`);
    return instr(result, (c) => {
      a.encode(c);
      b.encode(c);
      c.out.push(opcode);
    });
  };
}

export const i32Numeric = {
  /** Any 32-bit pattern: -2^31 … 2^32-1 (unsigned values wrap to their signed encoding). */
  const(value: number): Expr<'i32'> {
    if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 32) throw new RangeError(`i32.const ${value} is not a 32-bit integer`);
    const bytes = encodeSigned(BigInt(value), 32);
    return instr('i32', (c) => c.out.push(0x41, ...bytes));
  },
  add: binary('i32.add', 0x6a, 'i32', 'i32'),
  sub: binary('i32.sub', 0x6b, 'i32', 'i32'),
  mul: binary('i32.mul', 0x6c, 'i32', 'i32'),
  div_u: binary('i32.div_u', 0x6e, 'i32', 'i32'),
  rem_u: binary('i32.rem_u', 0x70, 'i32', 'i32'),
  and: binary('i32.and', 0x71, 'i32', 'i32'),
  or: binary('i32.or', 0x72, 'i32', 'i32'),
  xor: binary('i32.xor', 0x73, 'i32', 'i32'),
  shl: binary('i32.shl', 0x74, 'i32', 'i32'),
  shr_u: binary('i32.shr_u', 0x76, 'i32', 'i32'),
  eqz: unary('i32.eqz', 0x45, 'i32', 'i32'),
  eq: binary('i32.eq', 0x46, 'i32', 'i32'),
  ne: binary('i32.ne', 0x47, 'i32', 'i32'),
  lt_s: binary('i32.lt_s', 0x48, 'i32', 'i32'),
  lt_u: binary('i32.lt_u', 0x49, 'i32', 'i32'),
  gt_s: binary('i32.gt_s', 0x4a, 'i32', 'i32'),
  gt_u: binary('i32.gt_u', 0x4b, 'i32', 'i32'),
  le_u: binary('i32.le_u', 0x4d, 'i32', 'i32'),
  ge_u: binary('i32.ge_u', 0x4f, 'i32', 'i32'),
  /** The low 32 bits of an i64. */
  wrap_i64: unary('i32.wrap_i64', 0xa7, 'i64', 'i32'),
};

export const i64Numeric = {
  /** Any 64-bit pattern: -2^63 … 2^64-1 (u64::MAX is fine). */
  const(value: bigint): Expr<'i64'> {
    if (value < -(1n << 63n) || value >= 1n << 64n) throw new RangeError(`i64.const ${value} is not a 64-bit integer`);
    const bytes = encodeSigned(value, 64);
    return instr('i64', (c) => c.out.push(0x42, ...bytes));
  },
  add: binary('i64.add', 0x7c, 'i64', 'i64'),
  sub: binary('i64.sub', 0x7d, 'i64', 'i64'),
  mul: binary('i64.mul', 0x7e, 'i64', 'i64'),
  div_u: binary('i64.div_u', 0x80, 'i64', 'i64'),
  rem_u: binary('i64.rem_u', 0x82, 'i64', 'i64'),
  and: binary('i64.and', 0x83, 'i64', 'i64'),
  or: binary('i64.or', 0x84, 'i64', 'i64'),
  xor: binary('i64.xor', 0x85, 'i64', 'i64'),
  shl: binary('i64.shl', 0x86, 'i64', 'i64'),
  shr_u: binary('i64.shr_u', 0x88, 'i64', 'i64'),
  eqz: unary('i64.eqz', 0x50, 'i64', 'i32'),
  eq: binary('i64.eq', 0x51, 'i64', 'i32'),
  ne: binary('i64.ne', 0x52, 'i64', 'i32'),
  lt_s: binary('i64.lt_s', 0x53, 'i64', 'i32'),
  lt_u: binary('i64.lt_u', 0x54, 'i64', 'i32'),
  gt_s: binary('i64.gt_s', 0x55, 'i64', 'i32'),
  gt_u: binary('i64.gt_u', 0x56, 'i64', 'i32'),
  le_u: binary('i64.le_u', 0x58, 'i64', 'i32'),
  ge_u: binary('i64.ge_u', 0x5a, 'i64', 'i32'),
  /** An i32 read as unsigned, widened. */
  extend_i32_u: unary('i64.extend_i32_u', 0xad, 'i32', 'i64'),
  /** An i32 read as signed, widened. */
  extend_i32_s: unary('i64.extend_i32_s', 0xac, 'i32', 'i64'),
};
