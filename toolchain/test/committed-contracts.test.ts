/**
 * Every committed contract .wasm: it is there, Node compiles it, it exports exactly the
 * methods its source declares, it imports only NEAR's `env`, and it passes the checker.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../harness/runtime/index.js';
import { listContracts } from '../contracts.js';
import { checkContractWasm } from '../wasm-checker.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const VAULT_METHODS = [
  'batch_stake', 'deposit', 'ft_on_transfer', 'get_account', 'get_config', 'get_totals', 'init', 'on_batch_stake',
  'on_pay', 'on_relay_done', 'on_relay_gate', 'on_split_stake', 'on_stake', 'on_withdraw', 'on_withdraw_tokens', 'pay',
  'relay_stake', 'split_stake', 'stake', 'transfer_stake', 'withdraw', 'withdraw_tokens',
];
const ROUTER_METHODS = ['get_account', 'get_config', 'get_swap', 'get_totals', 'init', 'on_swap', 'swap'];
const DESK_METHODS = ['forward', 'ft_on_transfer', 'get_account', 'get_config', 'get_forward', 'get_totals', 'init', 'on_forward'];
const MOCK_SETUP = ['mock_behaviours', 'mock_calls', 'mock_clear_behaviour', 'mock_context', 'mock_continue', 'mock_relay', 'mock_reset', 'mock_set_behaviour'];
const MOCK_CATALOGUE = [
  'approve', 'burn', 'buy', 'call', 'check', 'claim', 'deposit', 'deposit_and_stake', 'execute', 'ft_on_transfer', 'ft_transfer',
  'ft_transfer_call', 'get_price', 'get_quote', 'lock', 'mint', 'nft_on_transfer', 'nft_transfer', 'nft_transfer_call', 'notify',
  'on_transfer', 'ping', 'sell', 'send', 'stake', 'storage_deposit', 'storage_withdraw', 'swap', 'unlock', 'unstake', 'unstake_all',
  'withdraw', 'withdraw_all',
];
const MOCK_FT_METHODS = [
  'ft_balance_of', 'ft_metadata', 'ft_resolve_transfer', 'ft_total_supply', 'ft_transfer', 'ft_transfer_call', 'init',
  'storage_balance_bounds', 'storage_balance_of', 'storage_deposit', 'storage_unregister',
];
const BUGGY = [
  'a-state-not-restored', 'b-deposit-not-refunded', 'c-refund-to-signer', 'd-callback-not-private', 'e-credit-before-call',
  'f-debit-in-callback', 'g-join-one-leg', 'h-callback-starved', 'i-lock-not-released',
];
const BUGGY_ROUTERS = ['j-router-stale-refund', 'k-router-trusts-malformed', 'l-router-number-amounts', 'o-router-callback-panics'];
const BUGGY_DESKS = ['m-desk-unused-lost', 'n-desk-unused-mismatch', 'p-desk-storage-unpaid', 'q-desk-gap-race'];

const EXPECTED_METHODS: Record<string, string[]> = {
  vault: VAULT_METHODS,
  router: ROUTER_METHODS,
  desk: DESK_METHODS,
  mock: [...MOCK_SETUP, ...MOCK_CATALOGUE].sort(),
  'mock-ft': MOCK_FT_METHODS,
  ...Object.fromEntries(BUGGY.map((name) => [`buggy-${name}`, VAULT_METHODS])),
  ...Object.fromEntries(BUGGY_ROUTERS.map((name) => [`buggy-${name}`, ROUTER_METHODS])),
  ...Object.fromEntries(BUGGY_DESKS.map((name) => [`buggy-${name}`, DESK_METHODS])),
};

/** The 55 imports of every near-sdk-js 2.0.0 contract, in import order (reference §2.10). */
const NEAR_SDK_JS_IMPORTS = (
  'panic_utf8 register_len read_register write_register current_account_id signer_account_id signer_account_pk ' +
  'predecessor_account_id input block_index block_timestamp epoch_height storage_usage account_balance ' +
  'account_locked_balance attached_deposit prepaid_gas used_gas random_seed sha256 keccak256 keccak512 ripemd160 ' +
  'ecrecover value_return panic log_utf8 log_utf16 promise_create promise_then promise_and promise_batch_create ' +
  'promise_batch_then promise_batch_action_create_account promise_batch_action_deploy_contract ' +
  'promise_batch_action_function_call promise_batch_action_transfer promise_batch_action_stake ' +
  'promise_batch_action_add_key_with_full_access promise_batch_action_add_key_with_function_call ' +
  'promise_batch_action_delete_key promise_batch_action_delete_account promise_batch_action_function_call_weight ' +
  'promise_results_count promise_result promise_return storage_write storage_read storage_remove storage_has_key ' +
  'validator_stake validator_total_stake alt_bn128_g1_multiexp alt_bn128_g1_sum alt_bn128_pairing_check'
)
  .split(' ')
  .map((name) => `env.${name}`);

const contracts = listContracts(ROOT);

describe('the contract set', () => {
  it('has the vault, the router, the desk, the mock, the mock token and one buggy variant per vulnerability class (a)-(q)', () => {
    expect(contracts.map((c) => c.name).sort()).toEqual(Object.keys(EXPECTED_METHODS).sort());
  });
});

describe.each(contracts)('$wasm', (contract) => {
  const bytes = new Uint8Array(readFileSync(ROOT + contract.wasm));

  it('compiles in Node', () => {
    expect(() => new WebAssembly.Module(bytes)).not.toThrow();
  });

  it('exports exactly the methods its source declares, plus memory', () => {
    const exports = decodeModule(bytes).exports;
    expect(exports.filter((e) => e.kind === 'function').map((e) => e.name).sort()).toEqual(EXPECTED_METHODS[contract.name]);
    expect(exports.filter((e) => e.kind !== 'function').map((e) => `${e.kind}:${e.name}`)).toEqual(['memory:memory']);
  });

  it("imports only NEAR's env host functions: the 55 every near-sdk-js 2.0.0 contract imports", () => {
    expect(decodeModule(bytes).imports.map((i) => `${i.module}.${i.name}`)).toEqual(NEAR_SDK_JS_IMPORTS);
  });

  it('passes the checker: MVP wasm only, within NEAR limits, no custom sections', () => {
    const checked = checkContractWasm(contract.wasm, bytes);
    expect(checked.methods).toEqual(EXPECTED_METHODS[contract.name]);
    expect(decodeModule(bytes).customSections).toEqual([]);
  });
});
