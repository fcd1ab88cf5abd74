/** Registers API: moving bytes between guest memory and the host's registers. */
import { U64_MAX } from '../logic.js';
import type { HostFunctionTable } from './host-function.js';
import { u64 } from './u64.js';

export const REGISTER_FUNCTIONS = {
  read_register: {
    costs: ['base'],
    prohibitedInView: false,
    run: (vm, register, ptr) => {
      vm.writeMemory(u64(ptr), vm.readRegister(u64(register)));
    },
  },
  register_len: {
    costs: ['base'],
    prohibitedInView: false,
    run: (vm, register) => {
      const value = vm.registers.get(u64(register));
      return value ? BigInt(value.length) : U64_MAX;
    },
  },
  write_register: {
    costs: ['base'],
    prohibitedInView: false,
    run: (vm, register, len, ptr) => {
      vm.writeRegister(u64(register), vm.readMemory(u64(ptr), u64(len)));
    },
  },
} satisfies HostFunctionTable;
