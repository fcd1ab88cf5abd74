/** Validator API: stakes of the current epoch's validators. */
import type { HostFunctionTable } from './host-function.js';
import { u64 } from './u64.js';

export const VALIDATOR_FUNCTIONS = {
  validator_stake: {
    costs: ['base', 'validator_stake_base'],
    prohibitedInView: false,
    run: (vm, accLen, accPtr, stakePtr) => {
      vm.pay('validator_stake_base');
      vm.accountIdFrom(u64(accPtr), u64(accLen), () => true);
      // The embedded chain has no validator set: every account's stake is 0.
      vm.writeU128(u64(stakePtr), 0n);
    },
  },
  validator_total_stake: {
    costs: ['base', 'validator_total_stake_base'],
    prohibitedInView: false,
    run: (vm, stakePtr) => {
      vm.pay('validator_total_stake_base');
      vm.writeU128(u64(stakePtr), 0n);
    },
  },
} satisfies HostFunctionTable;
