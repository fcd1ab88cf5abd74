/** Economics API: balances, the attached deposit and gas. */
import type { HostFunctionTable } from './host-function.js';
import { u64 } from './u64.js';

export const ECONOMICS_FUNCTIONS = {
  account_balance: {
    costs: ['base'],
    prohibitedInView: false,
    run: (vm, ptr) => vm.writeU128(u64(ptr), vm.balance),
  },
  account_locked_balance: {
    costs: ['base'],
    prohibitedInView: false,
    run: (vm, ptr) => vm.writeU128(u64(ptr), vm.context.accountLockedBalance),
  },
  attached_deposit: {
    costs: ['base'],
    prohibitedInView: false,
    run: (vm, ptr) => vm.writeU128(u64(ptr), vm.context.attachedDeposit),
  },
  prepaid_gas: {
    costs: ['base'],
    prohibitedInView: true,
    run: (vm) => vm.context.prepaidGas,
  },
  used_gas: {
    costs: ['base'],
    prohibitedInView: true,
    run: (vm) => vm.gas.used,
  },
} satisfies HostFunctionTable;
