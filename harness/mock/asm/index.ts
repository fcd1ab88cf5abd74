/**
 * A tiny typed wasm assembler: MVP integer code, one memory, imports from `env`.
 *
 *   const m = new ModuleBuilder().memory(1, 'memory');
 *   const log = m.importFunction('env', 'log_utf8', ['i64', 'i64'], 'none');
 *   const main = m.func('main', [], 'none', () => [call(log, i64.const(5n), i64.const(0n))]);
 *   m.data(0, bytes('hello')).export('main', main).encode();
 */
import { i32Memory, i64Memory } from './memory.js';
import { i32Numeric, i64Numeric } from './numeric.js';

export const i32 = { ...i32Numeric, ...i32Memory };
export const i64 = { ...i64Numeric, ...i64Memory };
export { block, br, brIf, call, drop, loop, nop, ret, unreachable, when } from './control.js';
export { get, set, tee } from './variables.js';
export { ModuleBuilder } from './module.js';
export type { DeclareLocal, ParamsOf } from './module.js';
export { AsmError, Func, Label, Local } from './types.js';
export type { Body, Expr, Instr, Result, Stmt, ValType } from './types.js';
