/**
 * Test helper: purpose-built contracts written in WebAssembly text, assembled with
 * wabt's JS build. MVP features only unless a test asks for more.
 */
import wabtInit from 'wabt';

const wabt = await wabtInit();

const MVP = {
  mutable_globals: true,
  sat_float_to_int: false,
  sign_extension: false,
  multi_value: false,
  bulk_memory: false,
  reference_types: false,
  simd: false,
  threads: false,
  exceptions: false,
  tail_call: false,
};

export function wat(source: string, features: Partial<typeof MVP> = {}): Uint8Array {
  const module = wabt.parseWat('test.wat', source, { ...MVP, ...features });
  try {
    module.resolveNames();
    module.validate();
    return new Uint8Array(module.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    module.destroy();
  }
}

/** Every NEAR host function signature a test contract may import, by name. */
export const HOST_FUNCTION_SIGNATURES: Readonly<Record<string, string>> = {
  read_register: '(param i64 i64)',
  register_len: '(param i64) (result i64)',
  write_register: '(param i64 i64 i64)',
  current_account_id: '(param i64)',
  signer_account_id: '(param i64)',
  signer_account_pk: '(param i64)',
  predecessor_account_id: '(param i64)',
  input: '(param i64)',
  block_index: '(result i64)',
  block_timestamp: '(result i64)',
  epoch_height: '(result i64)',
  storage_usage: '(result i64)',
  account_balance: '(param i64)',
  account_locked_balance: '(param i64)',
  attached_deposit: '(param i64)',
  prepaid_gas: '(result i64)',
  used_gas: '(result i64)',
  random_seed: '(param i64)',
  sha256: '(param i64 i64 i64)',
  keccak256: '(param i64 i64 i64)',
  keccak512: '(param i64 i64 i64)',
  ripemd160: '(param i64 i64 i64)',
  ecrecover: '(param i64 i64 i64 i64 i64 i64 i64) (result i64)',
  ed25519_verify: '(param i64 i64 i64 i64 i64 i64) (result i64)',
  value_return: '(param i64 i64)',
  panic: '',
  panic_utf8: '(param i64 i64)',
  log_utf8: '(param i64 i64)',
  log_utf16: '(param i64 i64)',
  abort: '(param i32 i32 i32 i32)',
  promise_create: '(param i64 i64 i64 i64 i64 i64 i64 i64) (result i64)',
  promise_then: '(param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)',
  promise_and: '(param i64 i64) (result i64)',
  promise_batch_create: '(param i64 i64) (result i64)',
  promise_batch_then: '(param i64 i64 i64) (result i64)',
  promise_batch_action_create_account: '(param i64)',
  promise_batch_action_deploy_contract: '(param i64 i64 i64)',
  promise_batch_action_function_call: '(param i64 i64 i64 i64 i64 i64 i64)',
  promise_batch_action_function_call_weight: '(param i64 i64 i64 i64 i64 i64 i64 i64)',
  promise_batch_action_transfer: '(param i64 i64)',
  promise_batch_action_stake: '(param i64 i64 i64 i64)',
  promise_batch_action_add_key_with_full_access: '(param i64 i64 i64 i64)',
  promise_batch_action_add_key_with_function_call: '(param i64 i64 i64 i64 i64 i64 i64 i64 i64)',
  promise_batch_action_delete_key: '(param i64 i64 i64)',
  promise_batch_action_delete_account: '(param i64 i64 i64)',
  promise_results_count: '(result i64)',
  promise_result: '(param i64 i64) (result i64)',
  promise_return: '(param i64)',
  storage_write: '(param i64 i64 i64 i64 i64) (result i64)',
  storage_read: '(param i64 i64 i64) (result i64)',
  storage_remove: '(param i64 i64 i64) (result i64)',
  storage_has_key: '(param i64 i64) (result i64)',
  storage_iter_prefix: '(param i64 i64) (result i64)',
  validator_stake: '(param i64 i64 i64)',
  validator_total_stake: '(param i64)',
  alt_bn128_g1_sum: '(param i64 i64 i64)',
  promise_yield_create: '(param i64 i64 i64 i64 i64 i64 i64) (result i64)',
};

/** `(import "env" "name" (func $name …))` for each name. */
export function imports(...names: string[]): string {
  return names
    .map((name) => {
      const signature = HOST_FUNCTION_SIGNATURES[name];
      if (signature === undefined) throw new Error(`no signature for host function ${name}`);
      return `(import "env" "${name}" (func $${name} ${signature}))`;
    })
    .join('\n');
}
