/**
 * The host function tables, as a specification: which `env` names a contract may import,
 * which gas parameters each function charges, and which are refused in view calls.
 */
import { describe, expect, it } from 'vitest';
import { LATEST_PROTOCOL, SANDBOX_2_6_PROTOCOL } from '../../config/protocol.js';
import { HOST_FUNCTION_SIGNATURES } from '../../test/wat.js';
import { HOST_FUNCTION_NAMES, HOST_FUNCTION_SECTIONS, HOST_FUNCTIONS } from './sections.js';

/** What every near-sdk-js 2.0.0 contract imports (as toolchain/test/committed-contracts.test.ts checks). */
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
).split(' ');

/** The rest of nearcore's host API that neither near-sdk-js nor the conformance tests import. */
const OTHER_NEARCORE_NAMES = [
  'sandbox_debug_log',
  'storage_iter_range',
  'storage_iter_next',
  'bls12381_p1_sum',
  'bls12381_p2_sum',
  'bls12381_g1_multiexp',
  'bls12381_g2_multiexp',
  'bls12381_map_fp_to_g1',
  'bls12381_map_fp2_to_g2',
  'bls12381_pairing_check',
  'bls12381_p1_decompress',
  'bls12381_p2_decompress',
  'promise_yield_resume',
  'promise_yield_create_with_id',
  'promise_yield_resume_with_yield_id',
  'p256_verify',
  'chain_id',
  'current_contract_code',
  'refund_to_account_id',
  'promise_set_refund_to',
  'promise_batch_action_deploy_global_contract',
  'promise_batch_action_deploy_global_contract_by_account_id',
  'promise_batch_action_use_global_contract',
  'promise_batch_action_use_global_contract_by_account_id',
  'promise_batch_action_state_init',
  'promise_batch_action_state_init_by_account_id',
  'set_state_init_data_entry',
];

/** nearcore's functions that fail with ProhibitedInView in view calls (those implemented here). */
const PROHIBITED_IN_VIEW = [
  'signer_account_id',
  'signer_account_pk',
  'predecessor_account_id',
  'prepaid_gas',
  'used_gas',
  'promise_create',
  'promise_then',
  'promise_and',
  'promise_batch_create',
  'promise_batch_then',
  'promise_batch_action_create_account',
  'promise_batch_action_deploy_contract',
  'promise_batch_action_function_call',
  'promise_batch_action_function_call_weight',
  'promise_batch_action_transfer',
  'promise_batch_action_stake',
  'promise_batch_action_add_key_with_full_access',
  'promise_batch_action_add_key_with_function_call',
  'promise_batch_action_delete_key',
  'promise_batch_action_delete_account',
  'promise_results_count',
  'promise_result',
  'promise_return',
  'storage_write',
  'storage_remove',
];

const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

describe('host function names', () => {
  it('are the names near-sdk-js contracts import, those the conformance tests import, and the rest of nearcore\'s host API', () => {
    expect(HOST_FUNCTION_NAMES).toEqual(sorted([...NEAR_SDK_JS_IMPORTS, ...Object.keys(HOST_FUNCTION_SIGNATURES), ...OTHER_NEARCORE_NAMES]));
  });

  it('each appear in exactly one section', () => {
    const all = Object.values(HOST_FUNCTION_SECTIONS).flatMap((table) => Object.keys(table));
    expect(all.length).toBe(new Set(all).size);
    expect(HOST_FUNCTIONS.map(([name]) => name)).toEqual(all);
  });
});

describe('host function costs', () => {
  it.each([LATEST_PROTOCOL, SANDBOX_2_6_PROTOCOL])('name only gas parameters of the fee configuration ($name)', (protocol) => {
    const unknown = HOST_FUNCTIONS.flatMap(([name, spec]) =>
      spec.costs.filter((cost) => !(cost in protocol.extCosts) && !(cost in protocol.actionFees)).map((cost) => `${name}: ${cost}`),
    );
    expect(unknown).toEqual([]);
  });

  it('start with base for every implemented function; unsupported and deprecated ones charge nothing', () => {
    for (const [section, table] of Object.entries(HOST_FUNCTION_SECTIONS)) {
      const failsOnly = section === 'unsupported' || section === 'deprecated';
      for (const [name, spec] of Object.entries(table)) {
        if (failsOnly) expect(spec.costs, name).toEqual([]);
        else expect(spec.costs.indexOf('base'), name).toBe(0);
        expect(spec.costs.lastIndexOf('base'), name).toBe(spec.costs.indexOf('base'));
      }
    }
  });

  it('list no gas parameter twice', () => {
    for (const [name, spec] of HOST_FUNCTIONS) expect(new Set(spec.costs).size, name).toBe(spec.costs.length);
  });
});

describe('view calls', () => {
  it("refuse exactly nearcore's prohibited functions", () => {
    expect(sorted(HOST_FUNCTIONS.filter(([, spec]) => spec.prohibitedInView).map(([name]) => name))).toEqual(sorted(PROHIBITED_IN_VIEW));
  });
});
