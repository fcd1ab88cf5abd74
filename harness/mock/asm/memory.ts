/**
 * Loads and stores in the module's one memory. Addresses are i32; `offset` is the
 * static offset added to them. No alignment is promised (the hint is 0), so any
 * address is fine.
 */
import { encodeU32 } from '../../runtime/index.js';
import { expectType, instr, type Expr, type Stmt, type ValType } from './types.js';

function memarg(offset: number): number[] {
  if (!Number.isInteger(offset) || offset < 0 || offset >= 2 ** 32) throw new RangeError(`memory offset ${offset} is not a u32`);
  return [0x00, ...encodeU32(offset)];
}

function load<T extends ValType>(name: string, opcode: number, result: T) {
  return (address: Expr<'i32'>, offset = 0): Expr<T> => {
    expectType(address, 'i32', `${name} address`);
    const immediate = memarg(offset);
    return instr(result, (c) => {
      address.encode(c);
      c.out.push(opcode, ...immediate);
    });
  };
}

function store<T extends ValType>(name: string, opcode: number, type: T) {
  return (address: Expr<'i32'>, value: Expr<T>, offset = 0): Stmt => {
    expectType(address, 'i32', `${name} address`);
    expectType(value, type, `${name} value`);
    const immediate = memarg(offset);
    return instr('none', (c) => {
      address.encode(c);
      value.encode(c);
      c.out.push(opcode, ...immediate);
    });
  };
}

export const i32Memory = {
  load: load('i32.load', 0x28, 'i32'),
  load8_u: load('i32.load8_u', 0x2d, 'i32'),
  load16_u: load('i32.load16_u', 0x2f, 'i32'),
  store: store('i32.store', 0x36, 'i32'),
  store8: store('i32.store8', 0x3a, 'i32'),
};

export const i64Memory = {
  load: load('i64.load', 0x29, 'i64'),
  load8_u: load('i64.load8_u', 0x31, 'i64'),
  load32_u: load('i64.load32_u', 0x35, 'i64'),
  store: store('i64.store', 0x37, 'i64'),
  store8: store('i64.store8', 0x3c, 'i64'),
  store32: store('i64.store32', 0x3e, 'i64'),
};
