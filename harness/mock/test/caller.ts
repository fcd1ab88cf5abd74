/**
 * A stand-in for the contract under test, assembled with the mock's own assembler:
 *
 *   call_mock   input: [account length u8][account][method length u8][method]. Calls that
 *               method with the attached deposit and all spare gas, then `on_result`.
 *   on_result   returns the callee's bytes if its promise succeeded, else the text
 *               "promise failed" (never valid JSON, so never a mock's answer).
 *   poke        logs "poked" and returns "\"poked\"": a target for re-entrant calls.
 */
import { call, get, i32, i64, ModuleBuilder, set, when, type Expr } from '../asm/index.js';

export const PROMISE_FAILED = 'promise failed';
const U64_MAX = (1n << 64n) - 1n;
const INPUT = 0;
const DEPOSIT = 1024;
const ZERO = 1040;
const CONSTANTS = 2048;
const CALLBACK_GAS = 20_000_000_000_000n;

export function callerInput(account: string, method: string): Uint8Array {
  const encoder = new TextEncoder();
  const a = encoder.encode(account);
  const m = encoder.encode(method);
  return Uint8Array.from([a.length, ...a, m.length, ...m]);
}

export function callerWasm(): Uint8Array {
  const m = new ModuleBuilder().memory(1, 'memory');
  const env = <const P extends readonly 'i64'[], R extends 'i64' | 'none'>(name: string, params: P, result: R) => m.importFunction('env', name, params, result);
  const input = env('input', ['i64'], 'none');
  const readRegister = env('read_register', ['i64', 'i64'], 'none');
  const currentAccountId = env('current_account_id', ['i64'], 'none');
  const attachedDeposit = env('attached_deposit', ['i64'], 'none');
  const batchCreate = env('promise_batch_create', ['i64', 'i64'], 'i64');
  const batchThen = env('promise_batch_then', ['i64', 'i64', 'i64'], 'i64');
  const functionCall = env('promise_batch_action_function_call_weight', ['i64', 'i64', 'i64', 'i64', 'i64', 'i64', 'i64', 'i64'], 'none');
  const promiseReturn = env('promise_return', ['i64'], 'none');
  const promiseResult = env('promise_result', ['i64', 'i64'], 'i64');
  const valueReturn = env('value_return', ['i64', 'i64'], 'none');
  const log = env('log_utf8', ['i64', 'i64'], 'none');

  const texts: Uint8Array[] = [];
  let size = 0;
  const text = (value: string) => {
    const bytes = new TextEncoder().encode(value);
    const at = [i64.const(BigInt(bytes.length)), i64.const(BigInt(CONSTANTS + size))] as const;
    texts.push(bytes);
    size += bytes.length;
    return at;
  };
  const onResult = text('on_result');
  const failed = text(PROMISE_FAILED);
  const poked = text('poked');
  const pokedJson = text('"poked"');
  const u64 = (value: Expr<'i32'>) => i64.extend_i32_u(value);

  m.export(
    'call_mock',
    m.func('call_mock', [], 'none', (_, local) => {
      const accountLen = local('i32');
      const methodLen = local('i32');
      const mock = local('i64');
      const callback = local('i64');
      return [
        call(input, i64.const(0n)),
        call(readRegister, i64.const(0n), i64.const(BigInt(INPUT))),
        set(accountLen, i32.load8_u(i32.const(INPUT))),
        set(methodLen, i32.load8_u(i32.add(get(accountLen), i32.const(INPUT + 1)))),
        call(attachedDeposit, i64.const(BigInt(DEPOSIT))),
        set(mock, call(batchCreate, u64(get(accountLen)), i64.const(BigInt(INPUT + 1)))),
        call(functionCall, get(mock), u64(get(methodLen)), u64(i32.add(get(accountLen), i32.const(INPUT + 2))), i64.const(0n), i64.const(0n), i64.const(BigInt(DEPOSIT)), i64.const(0n), i64.const(1n)),
        call(currentAccountId, i64.const(1n)),
        set(callback, call(batchThen, get(mock), i64.const(U64_MAX), i64.const(1n))),
        call(functionCall, get(callback), ...onResult, i64.const(0n), i64.const(0n), i64.const(BigInt(ZERO)), i64.const(CALLBACK_GAS), i64.const(0n)),
        call(promiseReturn, get(callback)),
      ];
    }),
  );
  m.export(
    'on_result',
    m.func('on_result', [], 'none', () => [
      when(
        i64.eq(call(promiseResult, i64.const(0n), i64.const(2n)), i64.const(1n)),
        [call(valueReturn, i64.const(U64_MAX), i64.const(2n))],
        [call(valueReturn, ...failed)],
      ),
    ]),
  );
  m.export('poke', m.func('poke', [], 'none', () => [call(log, ...poked), call(valueReturn, ...pokedJson)]));
  const data = new Uint8Array(size);
  let at = 0;
  for (const t of texts) {
    data.set(t, at);
    at += t.length;
  }
  return m.data(CONSTANTS, data).encode();
}
