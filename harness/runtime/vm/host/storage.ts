/** Storage API: the contract's key-value state. */
import { HostError } from '../errors.js';
import type { HostFunctionTable } from './host-function.js';
import { storageKey } from './storage-key.js';
import { u64 } from './u64.js';

export const STORAGE_FUNCTIONS = {
  storage_write: {
    costs: ['base', 'storage_write_base', 'storage_write_key_byte', 'storage_write_value_byte', 'storage_write_evicted_byte'],
    prohibitedInView: true,
    run: (vm, keyLen, keyPtr, valueLen, valuePtr, register) => {
      const key = storageKey(vm, u64(keyPtr), u64(keyLen));
      const value = vm.memoryOrRegister(u64(valuePtr), u64(valueLen));
      const limit = vm.config.limits.maxLengthStorageValue;
      if (BigInt(value.length) > limit) throw new HostError({ kind: 'ValueLengthExceeded', length: BigInt(value.length), limit });
      vm.pay('storage_write_base');
      vm.pay('storage_write_key_byte', BigInt(key.length));
      vm.pay('storage_write_value_byte', BigInt(value.length));
      const previous = vm.storage.get(key);
      vm.storage.set(key, value);
      vm.recordStorageWrite(key, value, previous);
      if (!previous) return 0n;
      vm.pay('storage_write_evicted_byte', BigInt(previous.length));
      vm.writeRegister(u64(register), previous);
      return 1n;
    },
  },
  storage_read: {
    costs: ['base', 'storage_read_base', 'storage_read_key_byte', 'storage_read_value_byte'],
    prohibitedInView: false,
    run: (vm, keyLen, keyPtr, register) => {
      const key = storageKey(vm, u64(keyPtr), u64(keyLen));
      vm.pay('storage_read_base');
      vm.pay('storage_read_key_byte', BigInt(key.length));
      const value = vm.storage.get(key);
      if (!value) return 0n;
      vm.pay('storage_read_value_byte', BigInt(value.length));
      vm.writeRegister(u64(register), value);
      return 1n;
    },
  },
  storage_remove: {
    costs: ['base', 'storage_remove_base', 'storage_remove_key_byte', 'storage_remove_ret_value_byte'],
    prohibitedInView: true,
    run: (vm, keyLen, keyPtr, register) => {
      const key = storageKey(vm, u64(keyPtr), u64(keyLen));
      vm.pay('storage_remove_base');
      vm.pay('storage_remove_key_byte', BigInt(key.length));
      const previous = vm.storage.get(key);
      if (!previous) return 0n;
      vm.pay('storage_remove_ret_value_byte', BigInt(previous.length));
      vm.storage.remove(key);
      vm.recordStorageRemove(key, previous);
      vm.writeRegister(u64(register), previous);
      return 1n;
    },
  },
  storage_has_key: {
    costs: ['base', 'storage_has_key_base', 'storage_has_key_byte'],
    prohibitedInView: false,
    run: (vm, keyLen, keyPtr) => {
      const key = storageKey(vm, u64(keyPtr), u64(keyLen));
      vm.pay('storage_has_key_base');
      vm.pay('storage_has_key_byte', BigInt(key.length));
      return vm.storage.get(key) ? 1n : 0n;
    },
  },
} satisfies HostFunctionTable;
