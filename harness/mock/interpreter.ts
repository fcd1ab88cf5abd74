/**
 * The answer program interpreter, in wasm: `interpret(length)` runs the program held at
 * PROGRAM_AREA one op after another (program-format.md). It only reads memory; every
 * byte, id and amount it passes to NEAR is one the harness wrote into the program.
 */
import { block, br, call, get, i32, i64, loop, nop, ret, set, unreachable, when, type DeclareLocal, type Expr, type Func, type Local, type ModuleBuilder, type Stmt } from './asm/index.js';
import { ACCOUNT, FORMAT_VERSION, OP } from './format.js';
import type { Host } from './host.js';
import { DEPOSIT_AREA, FROM_REGISTER, PROGRAM_AREA, REGISTER, type Constant, type Constants } from './layout.js';

/** Instructions per iteration of BURN_GAS's loop: few iterations, however much gas there is. */
const BURN_LOOP_NOPS = 1_000;

const u64 = (value: Expr<'i32'>) => i64.extend_i32_u(value);
const at = (c: Constant) => [i64.const(BigInt(c.len)), i64.const(BigInt(c.ptr))] as const;

/** panic_utf8 with a constant message; it does not come back. */
export function fail(host: Host, message: Constant): Stmt[] {
  return [call(host.panic_utf8, ...at(message)), unreachable()];
}

export function defineInterpreter(m: ModuleBuilder, host: Host, constants: Constants): Func<readonly ['i32'], 'none'> {
  const malformed = constants.add('mock answer program is malformed: an operand runs past its end');
  const badVersion = constants.add(`mock answer program does not start with format version ${FORMAT_VERSION}`);
  const unknownOp = constants.add('mock answer program has an unknown op');
  const badAccount = constants.add('mock answer program has an unknown account kind');

  return m.func('interpret', ['i32'], 'none', ([length], local: DeclareLocal) => {
    const pc = local('i32', 'pc');
    const end = local('i32', 'end');
    const op = local('i32', 'op');
    const last = local('i64', 'last promise');
    const len = local('i32', 'len');
    const ptr = local('i32', 'ptr');
    const kind = local('i32', 'account kind');
    const accountLen = local('i64', 'account len');
    const accountPtr = local('i64', 'account ptr');
    const methodLen = local('i32', 'method len');
    const methodPtr = local('i32', 'method ptr');
    const amountPtr = local('i32', 'amount ptr');
    const gasPtr = local('i32', 'gas and weight ptr');

    const advance = (n: Expr<'i32'>) => set(pc, i32.add(get(pc), n));
    /** Fails unless n more bytes are left. */
    const need = (n: Expr<'i32'>) => when(i32.gt_u(n, i32.sub(get(end), get(pc))), fail(host, malformed));
    /** A fixed-size operand: its address into `into`. */
    const take = (size: number, into: Local<'i32'>) => [need(i32.const(size)), set(into, get(pc)), advance(i32.const(size))];
    /** A byte string operand (u32 length, bytes): its length and address. */
    const takeBytes = (lenInto: Local<'i32'>, ptrInto: Local<'i32'>) => [
      need(i32.const(4)),
      set(lenInto, i32.load(get(pc))),
      advance(i32.const(4)),
      need(get(lenInto)),
      set(ptrInto, get(pc)),
      advance(get(lenInto)),
    ];
    /** An account operand, as the (len, ptr) pair host functions take: a literal, or a register. */
    const fromRegister = (fill: Func<readonly ['i64'], 'none'>) => [
      call(fill, i64.const(REGISTER.ACCOUNT)),
      set(accountLen, i64.const(FROM_REGISTER)),
      set(accountPtr, i64.const(REGISTER.ACCOUNT)),
    ];
    const takeAccount = () => [
      need(i32.const(1)),
      set(kind, i32.load8_u(get(pc))),
      advance(i32.const(1)),
      block((done) => [
        when(i32.eq(get(kind), i32.const(ACCOUNT.LITERAL)), [...takeBytes(len, ptr), set(accountLen, u64(get(len))), set(accountPtr, u64(get(ptr))), br(done)]),
        when(i32.eq(get(kind), i32.const(ACCOUNT.PREDECESSOR)), [...fromRegister(host.predecessor_account_id), br(done)]),
        when(i32.eq(get(kind), i32.const(ACCOUNT.CURRENT)), [...fromRegister(host.current_account_id), br(done)]),
        when(i32.eq(get(kind), i32.const(ACCOUNT.SIGNER)), [...fromRegister(host.signer_account_id), br(done)]),
        ...fail(host, badAccount),
      ]),
    ];
    /** CALL and THEN_CALL operands after the account: method, args, deposit, gas, weight. */
    const takeCall = () => [...takeBytes(methodLen, methodPtr), ...takeBytes(len, ptr), ...take(16, amountPtr), ...take(16, gasPtr)];
    const addFunctionCall = () =>
      call(
        host.promise_batch_action_function_call_weight,
        get(last),
        u64(get(methodLen)),
        u64(get(methodPtr)),
        u64(get(len)),
        u64(get(ptr)),
        u64(get(amountPtr)),
        i64.load(get(gasPtr)),
        i64.load(get(gasPtr), 8),
      );
    const is = (code: number) => i32.eq(get(op), i32.const(code));

    return [
      set(pc, i32.const(PROGRAM_AREA)),
      set(end, i32.add(get(pc), get(length))),
      need(i32.const(1)),
      when(i32.ne(i32.load8_u(get(pc)), i32.const(FORMAT_VERSION)), fail(host, badVersion)),
      advance(i32.const(1)),
      set(last, i64.const(FROM_REGISTER)), // no promise yet
      loop((next) => [
        when(i32.ge_u(get(pc), get(end)), [ret()]), // out of ops: as END
        set(op, i32.load8_u(get(pc))),
        advance(i32.const(1)),
        when(is(OP.RETURN), [...takeBytes(len, ptr), call(host.value_return, u64(get(len)), u64(get(ptr))), ret()]),
        when(is(OP.PANIC), [...takeBytes(len, ptr), call(host.panic_utf8, u64(get(len)), u64(get(ptr))), unreachable()]),
        when(is(OP.TRAP), [unreachable()]),
        // Runs until the runtime's gas metering stops it (GasExceeded).
        when(is(OP.BURN_GAS), [loop((again) => [...Array.from({ length: BURN_LOOP_NOPS }, nop), br(again)])]),
        when(is(OP.TRANSFER), [
          ...takeAccount(),
          ...take(16, amountPtr),
          call(host.promise_batch_action_transfer, call(host.promise_batch_create, get(accountLen), get(accountPtr)), u64(get(amountPtr))),
          br(next),
        ]),
        when(is(OP.CALL), [
          ...takeAccount(),
          ...takeCall(),
          set(last, call(host.promise_batch_create, get(accountLen), get(accountPtr))),
          addFunctionCall(),
          br(next),
        ]),
        when(is(OP.THEN_CALL), [
          ...takeAccount(),
          ...takeCall(),
          set(last, call(host.promise_batch_then, get(last), get(accountLen), get(accountPtr))),
          addFunctionCall(),
          br(next),
        ]),
        when(is(OP.RETURN_PROMISE), [call(host.promise_return, get(last)), ret()]),
        when(is(OP.LOG), [...takeBytes(len, ptr), call(host.log_utf8, u64(get(len)), u64(get(ptr))), br(next)]),
        when(is(OP.END), [ret()]),
        // The call's whole attached deposit back to its predecessor, whatever it is: for answers
        // fixed before the call is known (a node's), as for a failure that comes a hop later.
        when(is(OP.REFUND_DEPOSIT), [
          call(host.attached_deposit, i64.const(BigInt(DEPOSIT_AREA))),
          ...fromRegister(host.predecessor_account_id),
          call(host.promise_batch_action_transfer, call(host.promise_batch_create, get(accountLen), get(accountPtr)), i64.const(BigInt(DEPOSIT_AREA))),
          br(next),
        ]),
        ...fail(host, unknownOp),
      ]),
    ];
  });
}
