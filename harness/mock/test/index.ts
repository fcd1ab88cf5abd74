/** Test fixtures of the mock folder that other folders' tests use: the typed wasm assembler, to build purpose-made contracts. */
export { block, br, brIf, call, drop, get, i32, i64, loop, ModuleBuilder, nop, ret, set, tee, unreachable, when } from '../asm/index.js';
export type { Body, Expr, Func, Instr, Local, Stmt, ValType } from '../asm/index.js';
