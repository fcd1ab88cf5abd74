/** Reading and writing locals (parameters included). */
import { encodeU32 } from '../../runtime/index.js';
import { expectType, instr, type Expr, type Local, type Stmt, type ValType } from './types.js';

export function get<T extends ValType>(local: Local<T>): Expr<T> {
  return instr(local.type, (c) => c.out.push(0x20, ...encodeU32(c.localIndex(local))));
}

export function set<T extends ValType>(local: Local<T>, value: Expr<T>): Stmt {
  expectType(value, local.type, `set ${local.name}`);
  return instr('none', (c) => {
    value.encode(c);
    c.out.push(0x21, ...encodeU32(c.localIndex(local)));
  });
}

/** Sets the local and leaves the value on the stack too. */
export function tee<T extends ValType>(local: Local<T>, value: Expr<T>): Expr<T> {
  expectType(value, local.type, `tee ${local.name}`);
  return instr(local.type, (c) => {
    value.encode(c);
    c.out.push(0x22, ...encodeU32(c.localIndex(local)));
  });
}
