/**
 * Host functions a contract may import but not use here: nearcore's newer ones this
 * runtime does not implement (Unsupported), and the storage iterators nearcore removed
 * (Deprecated). Importing them links; calling one fails with that host error, paying nothing.
 */
import { HostError } from '../errors.js';
import type { HostFunctionSpec, HostFunctionTable } from './host-function.js';

/** Host functions that exist in nearcore but are not implemented here; callable names only. */
const UNSUPPORTED = [
  'alt_bn128_g1_multiexp',
  'alt_bn128_g1_sum',
  'alt_bn128_pairing_check',
  'bls12381_p1_sum',
  'bls12381_p2_sum',
  'bls12381_g1_multiexp',
  'bls12381_g2_multiexp',
  'bls12381_map_fp_to_g1',
  'bls12381_map_fp2_to_g2',
  'bls12381_pairing_check',
  'bls12381_p1_decompress',
  'bls12381_p2_decompress',
  'promise_yield_create',
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

/** The storage iterators nearcore has deprecated: importable, Deprecated when called. */
const DEPRECATED = ['storage_iter_prefix', 'storage_iter_range', 'storage_iter_next'];

function failing(error: (methodName: string) => HostError): (name: string) => [string, HostFunctionSpec] {
  return (name) => [
    name,
    {
      costs: [],
      prohibitedInView: false,
      run: () => {
        throw error(name);
      },
    },
  ];
}

export const UNSUPPORTED_FUNCTIONS: HostFunctionTable = Object.fromEntries(
  UNSUPPORTED.map(failing((method_name) => new HostError({ kind: 'Unsupported', method_name }))),
);

export const DEPRECATED_FUNCTIONS: HostFunctionTable = Object.fromEntries(
  DEPRECATED.map(failing((method_name) => new HostError({ kind: 'Deprecated', method_name }))),
);
