import { HostError } from '../errors.js';
import type { VMLogic } from '../logic.js';

/** A storage key from guest memory or a register, refused beyond max_length_storage_key. */
export function storageKey(vm: VMLogic, ptr: bigint, len: bigint): Uint8Array {
  const key = vm.memoryOrRegister(ptr, len);
  const limit = vm.config.limits.maxLengthStorageKey;
  if (BigInt(key.length) > limit) throw new HostError({ kind: 'KeyLengthExceeded', length: BigInt(key.length), limit });
  return key;
}
