/** The NEAR host functions the mock imports from `env`, with their wasm signatures. */
import type { ModuleBuilder } from './asm/index.js';

export type Host = ReturnType<typeof importHost>;

export function importHost(m: ModuleBuilder) {
  const env = <const P extends readonly ('i64')[], R extends 'i64' | 'none'>(name: string, params: P, result: R) => m.importFunction('env', name, params, result);
  return {
    input: env('input', ['i64'], 'none'),
    register_len: env('register_len', ['i64'], 'i64'),
    read_register: env('read_register', ['i64', 'i64'], 'none'),
    write_register: env('write_register', ['i64', 'i64', 'i64'], 'none'),
    current_account_id: env('current_account_id', ['i64'], 'none'),
    signer_account_id: env('signer_account_id', ['i64'], 'none'),
    predecessor_account_id: env('predecessor_account_id', ['i64'], 'none'),
    storage_read: env('storage_read', ['i64', 'i64', 'i64'], 'i64'),
    value_return: env('value_return', ['i64', 'i64'], 'none'),
    attached_deposit: env('attached_deposit', ['i64'], 'none'),
    panic_utf8: env('panic_utf8', ['i64', 'i64'], 'none'),
    log_utf8: env('log_utf8', ['i64', 'i64'], 'none'),
    promise_batch_create: env('promise_batch_create', ['i64', 'i64'], 'i64'),
    promise_batch_then: env('promise_batch_then', ['i64', 'i64', 'i64'], 'i64'),
    promise_batch_action_transfer: env('promise_batch_action_transfer', ['i64', 'i64'], 'none'),
    // (promise_index, method_len, method_ptr, args_len, args_ptr, amount_ptr, gas, weight)
    promise_batch_action_function_call_weight: env('promise_batch_action_function_call_weight', ['i64', 'i64', 'i64', 'i64', 'i64', 'i64', 'i64', 'i64'], 'none'),
    promise_return: env('promise_return', ['i64'], 'none'),
  };
}
