/** Context API: who is calling, with what input, in which block. */
import type { HostFunctionTable } from './host-function.js';
import { writeAccountId } from './account-id-register.js';
import { u64 } from './u64.js';

export const CONTEXT_FUNCTIONS = {
  current_account_id: {
    costs: ['base'],
    prohibitedInView: false,
    run: (vm, register) => writeAccountId(vm, register, vm.context.currentAccountId),
  },
  signer_account_id: {
    costs: ['base'],
    prohibitedInView: true,
    run: (vm, register) => writeAccountId(vm, register, vm.context.signerAccountId),
  },
  signer_account_pk: {
    costs: ['base'],
    prohibitedInView: true,
    run: (vm, register) => vm.writeRegister(u64(register), vm.context.signerAccountPk),
  },
  predecessor_account_id: {
    costs: ['base'],
    prohibitedInView: true,
    run: (vm, register) => writeAccountId(vm, register, vm.context.predecessorAccountId),
  },
  input: {
    costs: ['base'],
    prohibitedInView: false,
    run: (vm, register) => vm.writeRegister(u64(register), vm.context.input),
  },
  block_index: {
    costs: ['base'],
    prohibitedInView: false,
    run: (vm) => vm.context.blockHeight,
  },
  block_timestamp: {
    costs: ['base'],
    prohibitedInView: false,
    run: (vm) => vm.context.blockTimestamp,
  },
  epoch_height: {
    costs: ['base'],
    prohibitedInView: false,
    run: (vm) => vm.context.epochHeight,
  },
  storage_usage: {
    costs: ['base'],
    prohibitedInView: false,
    run: (vm) => vm.storageUsage,
  },
} satisfies HostFunctionTable;
