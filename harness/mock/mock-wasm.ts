/**
 * The mock external contract for an interface, generated: one exported method per
 * interface method, each running the answer program the harness stored for it, plus
 * `mock_continue`, which runs the program it is given (only when the mock calls itself).
 */
import { br, call, get, i32, i64, loop, ModuleBuilder, ret, set, when, type Expr, type Func } from './asm/index.js';
import { defineInterpreter, fail } from './interpreter.js';
import { importHost, type Host } from './host.js';
import { Constants, CONSTANTS_AREA, CURRENT_AREA, KEY_AREA, MAX_PROGRAM_BYTES, PREDECESSOR_AREA, PROGRAM_AREA, REGISTER } from './layout.js';
import { MOCK_CONTINUE, mockMethods } from './method-names.js';
import { ANSWER_KEY_PREFIX, WILDCARD_KEY } from './keys.js';

const u64 = (value: Expr<'i32'>) => i64.extend_i32_u(value);

/**
 * The wasm of a mock exporting `methods` (sorted, deduplicated; throws MockInterfaceError
 * on a name it cannot export) and `mock_continue`. The same interface always gives the
 * same bytes.
 */
export function mockWasm(methods: readonly string[]): Uint8Array {
  const names = mockMethods(methods);
  const m = new ModuleBuilder();
  const host = importHost(m);
  const constants = new Constants();
  const interpret = defineInterpreter(m, host, constants);
  const run = defineRun(m, host, constants, interpret);
  const answer = defineAnswer(m, host, constants, run);

  for (const name of names) {
    const prefix = constants.add(`${ANSWER_KEY_PREFIX}${name}@`);
    const method = m.func(name, [], 'none', () => [call(answer, i32.const(prefix.ptr), i32.const(prefix.len))]);
    m.export(name, method);
  }
  m.export(MOCK_CONTINUE, defineContinue(m, host, constants, run));
  return m.memory(constants.pages, 'memory').data(CONSTANTS_AREA, constants.bytes()).encode();
}

/** run(): copies the program in REGISTER.PROGRAM to PROGRAM_AREA and interprets it. */
function defineRun(m: ModuleBuilder, host: Host, constants: Constants, interpret: Func<readonly ['i32'], 'none'>) {
  const tooLarge = constants.add(`mock answer program is larger than the mock's ${MAX_PROGRAM_BYTES} bytes`);
  return m.func('run', [], 'none', (_, local) => {
    const length = local('i64', 'length');
    return [
      set(length, call(host.register_len, i64.const(REGISTER.PROGRAM))),
      when(i64.gt_u(get(length), i64.const(BigInt(MAX_PROGRAM_BYTES))), fail(host, tooLarge)),
      call(host.read_register, i64.const(REGISTER.PROGRAM), i64.const(BigInt(PROGRAM_AREA))),
      call(interpret, i32.wrap_i64(get(length))),
    ];
  });
}

/**
 * answer(prefix, prefixLen): the body of every interface method. Finds the program under
 * "a:<method>@<signer>", then "a:<method>", then "a:*" and runs it; with none, returns `null`.
 */
function defineAnswer(m: ModuleBuilder, host: Host, constants: Constants, run: Func<readonly [], 'none'>) {
  const nullJson = constants.add('null');
  const wildcard = constants.add(WILDCARD_KEY);
  return m.func('answer', ['i32', 'i32'], 'none', ([prefix, prefixLen], local) => {
    const keyLen = local('i32', 'key length');
    const found = (len: Expr<'i64'>, ptr: Expr<'i64'>) =>
      i64.eq(call(host.storage_read, len, ptr, i64.const(REGISTER.PROGRAM)), i64.const(1n));
    return [
      // KEY_AREA ← "a:<method>@" (copied through a register), then the signer's id.
      call(host.write_register, i64.const(REGISTER.COPY), u64(get(prefixLen)), u64(get(prefix))),
      call(host.read_register, i64.const(REGISTER.COPY), i64.const(BigInt(KEY_AREA))),
      call(host.signer_account_id, i64.const(REGISTER.SIGNER)),
      call(host.read_register, i64.const(REGISTER.SIGNER), i64.add(i64.const(BigInt(KEY_AREA)), u64(get(prefixLen)))),
      set(keyLen, i32.add(get(prefixLen), i32.wrap_i64(call(host.register_len, i64.const(REGISTER.SIGNER))))),
      when(found(u64(get(keyLen)), i64.const(BigInt(KEY_AREA))), [call(run), ret()]),
      // "a:<method>": the prefix without its "@".
      when(found(u64(i32.sub(get(prefixLen), i32.const(1))), i64.const(BigInt(KEY_AREA))), [call(run), ret()]),
      when(found(i64.const(BigInt(wildcard.len)), i64.const(BigInt(wildcard.ptr))), [call(run), ret()]),
      call(host.value_return, i64.const(BigInt(nullJson.len)), i64.const(BigInt(nullJson.ptr))),
    ];
  });
}

/** mock_continue: the program is its input; only the mock itself may call it. */
function defineContinue(m: ModuleBuilder, host: Host, constants: Constants, run: Func<readonly [], 'none'>) {
  const notPrivate = constants.add(`${MOCK_CONTINUE} is private`);
  return m.func(MOCK_CONTINUE, [], 'none', (_, local) => {
    const len = local('i32', 'id length');
    const i = local('i32', 'i');
    const byte = (area: number) => i32.load8_u(i32.add(i32.const(area), get(i)));
    return [
      call(host.predecessor_account_id, i64.const(REGISTER.PREDECESSOR)),
      call(host.current_account_id, i64.const(REGISTER.ACCOUNT)),
      set(len, i32.wrap_i64(call(host.register_len, i64.const(REGISTER.PREDECESSOR)))),
      when(i64.ne(u64(get(len)), call(host.register_len, i64.const(REGISTER.ACCOUNT))), fail(host, notPrivate)),
      call(host.read_register, i64.const(REGISTER.PREDECESSOR), i64.const(BigInt(PREDECESSOR_AREA))),
      call(host.read_register, i64.const(REGISTER.ACCOUNT), i64.const(BigInt(CURRENT_AREA))),
      loop((again) => [
        when(i32.lt_u(get(i), get(len)), [
          when(i32.ne(byte(PREDECESSOR_AREA), byte(CURRENT_AREA)), fail(host, notPrivate)),
          set(i, i32.add(get(i), i32.const(1))),
          br(again),
        ]),
      ]),
      call(host.input, i64.const(REGISTER.PROGRAM)),
      call(run),
    ];
  });
}
