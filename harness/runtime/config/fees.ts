/**
 * NEAR's gas parameters, as data (core/parameters/res/runtime_configs/parameters.snap).
 * `send` is burnt by the creator of a receipt (sir = signer is receiver), `exec` is
 * reserved by the creator and burnt when the receipt executes.
 */
export interface Fee {
  sendSir: bigint;
  sendNotSir: bigint;
  execution: bigint;
}

export type ActionFeeName =
  | 'action_receipt_creation'
  | 'data_receipt_creation_base'
  | 'data_receipt_creation_per_byte'
  | 'action_create_account'
  | 'action_delete_account'
  | 'action_deploy_contract'
  | 'action_deploy_contract_per_byte'
  | 'action_function_call'
  | 'action_function_call_per_byte'
  | 'action_transfer'
  | 'action_stake'
  | 'action_add_full_access_key'
  | 'action_add_function_call_key'
  | 'action_add_function_call_key_per_byte'
  | 'action_delete_key';

const fee = (sendSir: bigint, sendNotSir: bigint, execution: bigint): Fee => ({ sendSir, sendNotSir, execution });

export const LATEST_ACTION_FEES: Record<ActionFeeName, Fee> = {
  action_receipt_creation: fee(108_059_500_000n, 108_059_500_000n, 108_059_500_000n),
  data_receipt_creation_base: fee(36_486_732_312n, 36_486_732_312n, 36_486_732_312n),
  data_receipt_creation_per_byte: fee(17_212_011n, 47_683_715n, 17_212_011n),
  action_create_account: fee(3_850_000_000_000n, 3_850_000_000_000n, 3_850_000_000_000n),
  action_delete_account: fee(147_489_000_000n, 147_489_000_000n, 147_489_000_000n),
  action_deploy_contract: fee(184_765_750_000n, 184_765_750_000n, 184_765_750_000n),
  action_deploy_contract_per_byte: fee(6_812_999n, 47_683_715n, 64_572_944n),
  action_function_call: fee(200_000_000_000n, 200_000_000_000n, 780_000_000_000n),
  action_function_call_per_byte: fee(2_235_934n, 47_683_715n, 2_235_934n),
  action_transfer: fee(115_123_062_500n, 115_123_062_500n, 115_123_062_500n),
  action_stake: fee(141_715_687_500n, 141_715_687_500n, 102_217_625_000n),
  action_add_full_access_key: fee(101_765_125_000n, 101_765_125_000n, 101_765_125_000n),
  action_add_function_call_key: fee(102_217_625_000n, 102_217_625_000n, 102_217_625_000n),
  action_add_function_call_key_per_byte: fee(1_925_331n, 47_683_715n, 1_925_331n),
  action_delete_key: fee(94_946_625_000n, 94_946_625_000n, 94_946_625_000n),
};

/** Host-function costs (ExtCosts), in gas. */
export const LATEST_EXT_COSTS = {
  base: 264_768_111n,
  contract_loading_base: 35_445_963n,
  contract_loading_bytes: 1_089_295n,
  read_memory_base: 2_609_863_200n,
  read_memory_byte: 3_801_333n,
  write_memory_base: 2_803_794_861n,
  write_memory_byte: 2_723_772n,
  read_register_base: 2_517_165_186n,
  read_register_byte: 98_562n,
  write_register_base: 2_865_522_486n,
  write_register_byte: 3_801_564n,
  utf8_decoding_base: 3_111_779_061n,
  utf8_decoding_byte: 291_580_479n,
  utf16_decoding_base: 3_543_313_050n,
  utf16_decoding_byte: 163_577_493n,
  sha256_base: 4_540_970_250n,
  sha256_byte: 24_117_351n,
  keccak256_base: 5_879_491_275n,
  keccak256_byte: 21_471_105n,
  keccak512_base: 5_811_388_236n,
  keccak512_byte: 36_649_701n,
  ripemd160_base: 853_675_086n,
  ripemd160_block: 680_107_584n,
  ecrecover_base: 278_821_988_457n,
  ed25519_verify_base: 210_000_000_000n,
  ed25519_verify_byte: 9_000_000n,
  log_base: 3_543_313_050n,
  log_byte: 13_198_791n,
  storage_write_base: 64_196_736_000n,
  storage_write_key_byte: 70_482_867n,
  storage_write_value_byte: 31_018_539n,
  storage_write_evicted_byte: 32_117_307n,
  storage_read_base: 56_356_845_749n,
  storage_read_key_byte: 30_952_533n,
  storage_read_value_byte: 5_611_004n,
  storage_remove_base: 53_473_030_500n,
  storage_remove_key_byte: 38_220_384n,
  storage_remove_ret_value_byte: 11_531_556n,
  storage_has_key_base: 54_039_896_625n,
  storage_has_key_byte: 30_790_845n,
  touching_trie_node: 2_280_000_000n,
  read_cached_trie_node: 2_280_000_000n,
  promise_and_base: 1_465_013_400n,
  promise_and_per_promise: 5_452_176n,
  promise_return: 560_152_386n,
  validator_stake_base: 911_834_726_400n,
  validator_total_stake_base: 911_834_726_400n,
  alt_bn128_g1_multiexp_base: 713_000_000_000n,
  alt_bn128_g1_multiexp_element: 320_000_000_000n,
  alt_bn128_pairing_check_base: 9_686_000_000_000n,
  alt_bn128_pairing_check_element: 5_102_000_000_000n,
  alt_bn128_g1_sum_base: 3_000_000_000n,
  alt_bn128_g1_sum_element: 5_000_000_000n,
  yield_create_base: 153_411_779_276n,
  yield_create_byte: 15_643_988n,
  yield_resume_base: 1_195_627_285_210n,
  yield_resume_byte: 47_683_715n,
} as const;

export type ExtCostName = keyof typeof LATEST_EXT_COSTS;
export type ExtCosts = Record<ExtCostName, bigint>;
