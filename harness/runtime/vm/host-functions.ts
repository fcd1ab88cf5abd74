/**
 * The `env` host functions a NEAR contract imports, over a VMLogic.
 * Every i64 parameter arrives from V8 as a signed BigInt and is normalised to u64;
 * every i64 result is returned as a BigInt.
 */
import { ed25519 } from '@noble/curves/ed25519';
import { secp256k1 } from '@noble/curves/secp256k1';
import { keccak_256, keccak_512 } from '@noble/hashes/sha3';
import { ripemd160 } from '@noble/hashes/ripemd160';
import { sha256 } from '@noble/hashes/sha256';
import { isValidAccountId } from './account-id.js';
import { HostError } from './errors.js';
import { U64_MAX, type VMLogic } from './logic.js';
import { executionProfile } from './profile.js';

type HostFunction = (...args: (bigint | number)[]) => bigint | number | void;

const u64 = (value: bigint | number): bigint => BigInt.asUintN(64, BigInt(value));
const encoder = new TextEncoder();

function publicKeyFrom(bytes: Uint8Array): Uint8Array {
  // Borsh PublicKey: 0 = ed25519 (32 bytes), 1 = secp256k1 (64 bytes).
  const ok = (bytes[0] === 0 && bytes.length === 33) || (bytes[0] === 1 && bytes.length === 65);
  if (!ok) throw new HostError({ kind: 'InvalidPublicKey' });
  return bytes;
}

function unsupported(name: string): HostFunction {
  return () => {
    throw new HostError({ kind: 'Unsupported', method_name: name });
  };
}

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

export function createHostFunctions(vm: VMLogic, profile = false): Record<string, HostFunction> {
  const ctx = vm.context;
  const base = () => vm.pay('base');
  const writeAccountId = (register: bigint | number, id: string) => vm.writeRegister(u64(register), encoder.encode(id));
  const viewRestricted = (name: string) => {
    base();
    vm.prohibitedInView(name);
  };

  const newReceipt = (receiverId: string, dependsOn: number[]): bigint => {
    const sir = vm.isSir(receiverId);
    vm.payAction('action_receipt_creation', sir);
    for (const dependency of dependsOn) {
      vm.payDataReceipt('data_receipt_creation_base', vm.isSir(vm.receipts.receipts[dependency]!.receiverId));
    }
    return vm.receipts.createBatch(receiverId, dependsOn);
  };

  const functionCallAction = (
    promiseIndex: bigint,
    methodLen: bigint,
    methodPtr: bigint,
    argsLen: bigint,
    argsPtr: bigint,
    amountPtr: bigint,
    gas: bigint,
    weight: bigint,
  ) => {
    const amount = vm.readU128(amountPtr);
    const method = vm.memoryOrRegister(methodPtr, methodLen);
    if (method.length === 0) throw new HostError({ kind: 'EmptyMethodName' });
    const args = vm.memoryOrRegister(argsPtr, argsLen);
    const receipt = vm.receipts.receiptForActions(promiseIndex);
    const sir = vm.isSir(receipt.receiverId);
    const methodName = vm.decodeUtf8(method);
    vm.payAction('action_function_call', sir);
    vm.payAction('action_function_call_per_byte', sir, BigInt(method.length + args.length));
    vm.gas.reserve(gas);
    vm.spend(amount);
    receipt.actions.push({ type: 'FunctionCall', methodName, args, gas, deposit: amount });
    if (weight > 0n) receipt.gasWeights.set(receipt.actions.length - 1, weight);
  };

  const storageKey = (ptr: bigint, len: bigint): Uint8Array => {
    const key = vm.memoryOrRegister(ptr, len);
    const limit = vm.config.limits.maxLengthStorageKey;
    if (BigInt(key.length) > limit) throw new HostError({ kind: 'KeyLengthExceeded', length: BigInt(key.length), limit });
    return key;
  };

  const digest = (
    name: 'sha256' | 'keccak256' | 'keccak512',
    hash: (data: Uint8Array) => Uint8Array,
  ): HostFunction => (len, ptr, register) => {
    base();
    vm.pay(`${name}_base`);
    const data = vm.memoryOrRegister(u64(ptr), u64(len));
    vm.pay(`${name}_byte`, BigInt(data.length));
    vm.writeRegister(u64(register), hash(data));
  };

  const functions: Record<string, HostFunction> = {
    // ---- registers ----
    read_register: (register, ptr) => {
      base();
      vm.writeMemory(u64(ptr), vm.readRegister(u64(register)));
    },
    register_len: (register) => {
      base();
      const value = vm.registers.get(u64(register));
      return value ? BigInt(value.length) : U64_MAX;
    },
    write_register: (register, len, ptr) => {
      base();
      vm.writeRegister(u64(register), vm.readMemory(u64(ptr), u64(len)));
    },

    // ---- context ----
    current_account_id: (register) => {
      base();
      writeAccountId(register, ctx.currentAccountId);
    },
    signer_account_id: (register) => {
      viewRestricted('signer_account_id');
      writeAccountId(register, ctx.signerAccountId);
    },
    signer_account_pk: (register) => {
      viewRestricted('signer_account_pk');
      vm.writeRegister(u64(register), ctx.signerAccountPk);
    },
    predecessor_account_id: (register) => {
      viewRestricted('predecessor_account_id');
      writeAccountId(register, ctx.predecessorAccountId);
    },
    input: (register) => {
      base();
      vm.writeRegister(u64(register), ctx.input);
    },
    block_index: () => {
      base();
      return ctx.blockHeight;
    },
    block_timestamp: () => {
      base();
      return ctx.blockTimestamp;
    },
    epoch_height: () => {
      base();
      return ctx.epochHeight;
    },
    storage_usage: () => {
      base();
      return vm.storageUsage;
    },

    // ---- economics ----
    account_balance: (ptr) => {
      base();
      vm.writeU128(u64(ptr), vm.balance);
    },
    account_locked_balance: (ptr) => {
      base();
      vm.writeU128(u64(ptr), ctx.accountLockedBalance);
    },
    attached_deposit: (ptr) => {
      base();
      vm.writeU128(u64(ptr), ctx.attachedDeposit);
    },
    prepaid_gas: () => {
      viewRestricted('prepaid_gas');
      return ctx.prepaidGas;
    },
    used_gas: () => {
      viewRestricted('used_gas');
      return vm.gas.used;
    },

    // ---- math and crypto ----
    random_seed: (register) => {
      base();
      vm.writeRegister(u64(register), ctx.randomSeed);
    },
    sha256: digest('sha256', (d) => sha256(d)),
    keccak256: digest('keccak256', (d) => keccak_256(d)),
    keccak512: digest('keccak512', (d) => keccak_512(d)),
    ripemd160: (len, ptr, register) => {
      base();
      vm.pay('ripemd160_base');
      const data = vm.memoryOrRegister(u64(ptr), u64(len));
      // Cost is per 64-byte block of the padded message (9 bytes of padding at least).
      vm.pay('ripemd160_block', BigInt(Math.floor((data.length + 9 + 63) / 64)));
      vm.writeRegister(u64(register), ripemd160(data));
    },
    ecrecover: (hashLen, hashPtr, sigLen, sigPtr, v, malleabilityFlag, register) => {
      base();
      vm.pay('ecrecover_base');
      const hash = vm.memoryOrRegister(u64(hashPtr), u64(hashLen));
      if (hash.length !== 32) throw new HostError({ kind: 'ECRecoverError', msg: `invalid hash input length, expected 32 bytes, got ${hash.length}` });
      const signature = vm.memoryOrRegister(u64(sigPtr), u64(sigLen));
      if (signature.length !== 64) throw new HostError({ kind: 'ECRecoverError', msg: `invalid signature input length, expected 64 bytes, got ${signature.length}` });
      const recovery = u64(v);
      if (recovery > 3n) throw new HostError({ kind: 'ECRecoverError', msg: `V recovery byte 0 through 3 are valid but was provided ${recovery}` });
      const flag = u64(malleabilityFlag);
      if (flag > 1n) throw new HostError({ kind: 'ECRecoverError', msg: `Malleability flag needs to be 0 or 1, but is instead ${flag}` });
      try {
        const sig = secp256k1.Signature.fromCompact(signature).addRecoveryBit(Number(recovery));
        if (flag === 1n && sig.hasHighS()) return 0n;
        const point = sig.recoverPublicKey(hash);
        vm.writeRegister(u64(register), point.toRawBytes(false).subarray(1));
        return 1n;
      } catch {
        return 0n;
      }
    },
    ed25519_verify: (sigLen, sigPtr, msgLen, msgPtr, keyLen, keyPtr) => {
      base();
      vm.pay('ed25519_verify_base');
      const signature = vm.memoryOrRegister(u64(sigPtr), u64(sigLen));
      if (signature.length !== 64) throw new HostError({ kind: 'Ed25519VerifyInvalidInput', msg: 'invalid signature length' });
      const message = vm.memoryOrRegister(u64(msgPtr), u64(msgLen));
      vm.pay('ed25519_verify_byte', BigInt(message.length));
      const key = vm.memoryOrRegister(u64(keyPtr), u64(keyLen));
      if (key.length !== 32) throw new HostError({ kind: 'Ed25519VerifyInvalidInput', msg: 'invalid public key length' });
      try {
        return ed25519.verify(signature, message, key) ? 1n : 0n;
      } catch {
        return 0n;
      }
    },

    // ---- output, logs, panics ----
    value_return: (len, ptr) => {
      base();
      const data = vm.memoryOrRegister(u64(ptr), u64(len));
      const limit = vm.config.limits.maxLengthReturnedData;
      if (BigInt(data.length) > limit) throw new HostError({ kind: 'ReturnedValueLengthExceeded', length: BigInt(data.length), limit });
      for (const receiver of ctx.outputDataReceivers) {
        // Each waiting receiver gets a data receipt carrying these bytes.
        vm.payDataReceipt('data_receipt_creation_per_byte', vm.isSir(receiver.receiverId), BigInt(data.length));
      }
      vm.returnData = { kind: 'Value', data };
    },
    panic: () => {
      base();
      throw new HostError({ kind: 'GuestPanic', panic_msg: 'explicit guest panic' });
    },
    panic_utf8: (len, ptr) => {
      base();
      throw new HostError({ kind: 'GuestPanic', panic_msg: vm.readUtf8Text(u64(ptr), u64(len)) });
    },
    log_utf8: (len, ptr) => {
      base();
      vm.log(vm.readUtf8Text(u64(ptr), u64(len)));
    },
    log_utf16: (len, ptr) => {
      base();
      vm.log(vm.readUtf16Text(u64(ptr), u64(len)));
    },
    abort: (msgPtr, filenamePtr, line, col) => {
      base();
      // AssemblyScript strings: a u32 byte length 4 bytes before the UTF-16 text.
      const text = (ptr: number) => {
        const at = BigInt(ptr >>> 0);
        if (at < 4n) throw new HostError({ kind: 'BadUTF16' });
        const lengthBytes = vm.readMemory(at - 4n, 4n);
        const length = new DataView(lengthBytes.buffer, lengthBytes.byteOffset).getUint32(0, true);
        return vm.readUtf16Text(at, BigInt(length));
      };
      const message = `${text(Number(msgPtr))}, filename: "${text(Number(filenamePtr))}" line: ${Number(line) >>> 0} col: ${Number(col) >>> 0}`;
      vm.log(`ABORT: ${message}`);
      throw new HostError({ kind: 'GuestPanic', panic_msg: message });
    },

    // ---- promises ----
    promise_create: (accLen, accPtr, methodLen, methodPtr, argsLen, argsPtr, amountPtr, gas) => {
      viewRestricted('promise_create');
      const receiver = vm.accountIdFrom(u64(accPtr), u64(accLen), isValidAccountId);
      const index = newReceipt(receiver, []);
      functionCallAction(index, u64(methodLen), u64(methodPtr), u64(argsLen), u64(argsPtr), u64(amountPtr), u64(gas), 0n);
      return index;
    },
    promise_then: (promiseIdx, accLen, accPtr, methodLen, methodPtr, argsLen, argsPtr, amountPtr, gas) => {
      viewRestricted('promise_then');
      const receiver = vm.accountIdFrom(u64(accPtr), u64(accLen), isValidAccountId);
      const index = newReceipt(receiver, vm.receipts.receiptsOf(u64(promiseIdx)));
      functionCallAction(index, u64(methodLen), u64(methodPtr), u64(argsLen), u64(argsPtr), u64(amountPtr), u64(gas), 0n);
      return index;
    },
    promise_and: (idxPtr, count) => {
      viewRestricted('promise_and');
      const n = u64(count);
      vm.pay('promise_and_base');
      vm.pay('promise_and_per_promise', n);
      const raw = vm.readMemory(u64(idxPtr), n * 8n);
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      const indices = Array.from({ length: Number(n) }, (_, i) => view.getBigUint64(i * 8, true));
      return vm.receipts.join(indices);
    },
    promise_batch_create: (accLen, accPtr) => {
      viewRestricted('promise_batch_create');
      return newReceipt(vm.accountIdFrom(u64(accPtr), u64(accLen), isValidAccountId), []);
    },
    promise_batch_then: (promiseIdx, accLen, accPtr) => {
      viewRestricted('promise_batch_then');
      const receiver = vm.accountIdFrom(u64(accPtr), u64(accLen), isValidAccountId);
      return newReceipt(receiver, vm.receipts.receiptsOf(u64(promiseIdx)));
    },
    promise_batch_action_create_account: (promiseIdx) => {
      viewRestricted('promise_batch_action_create_account');
      const receipt = vm.receipts.receiptForActions(u64(promiseIdx));
      vm.payAction('action_create_account', vm.isSir(receipt.receiverId));
      receipt.actions.push({ type: 'CreateAccount' });
    },
    promise_batch_action_deploy_contract: (promiseIdx, codeLen, codePtr) => {
      viewRestricted('promise_batch_action_deploy_contract');
      const code = vm.memoryOrRegister(u64(codePtr), u64(codeLen));
      const limit = vm.config.limits.maxContractSize;
      if (BigInt(code.length) > limit) throw new HostError({ kind: 'ContractSizeExceeded', size: BigInt(code.length), limit });
      const receipt = vm.receipts.receiptForActions(u64(promiseIdx));
      const sir = vm.isSir(receipt.receiverId);
      vm.payAction('action_deploy_contract', sir);
      vm.payAction('action_deploy_contract_per_byte', sir, BigInt(code.length));
      receipt.actions.push({ type: 'DeployContract', code });
    },
    promise_batch_action_function_call: (promiseIdx, methodLen, methodPtr, argsLen, argsPtr, amountPtr, gas) => {
      viewRestricted('promise_batch_action_function_call');
      functionCallAction(u64(promiseIdx), u64(methodLen), u64(methodPtr), u64(argsLen), u64(argsPtr), u64(amountPtr), u64(gas), 0n);
    },
    promise_batch_action_function_call_weight: (promiseIdx, methodLen, methodPtr, argsLen, argsPtr, amountPtr, gas, weight) => {
      viewRestricted('promise_batch_action_function_call_weight');
      functionCallAction(u64(promiseIdx), u64(methodLen), u64(methodPtr), u64(argsLen), u64(argsPtr), u64(amountPtr), u64(gas), u64(weight));
    },
    promise_batch_action_transfer: (promiseIdx, amountPtr) => {
      viewRestricted('promise_batch_action_transfer');
      const amount = vm.readU128(u64(amountPtr));
      const receipt = vm.receipts.receiptForActions(u64(promiseIdx));
      vm.payAction('action_transfer', vm.isSir(receipt.receiverId));
      vm.spend(amount);
      receipt.actions.push({ type: 'Transfer', deposit: amount });
    },
    promise_batch_action_stake: (promiseIdx, amountPtr, keyLen, keyPtr) => {
      viewRestricted('promise_batch_action_stake');
      const amount = vm.readU128(u64(amountPtr));
      const publicKey = publicKeyFrom(vm.memoryOrRegister(u64(keyPtr), u64(keyLen)));
      const receipt = vm.receipts.receiptForActions(u64(promiseIdx));
      vm.payAction('action_stake', vm.isSir(receipt.receiverId));
      receipt.actions.push({ type: 'Stake', stake: amount, publicKey });
    },
    promise_batch_action_add_key_with_full_access: (promiseIdx, keyLen, keyPtr, nonce) => {
      viewRestricted('promise_batch_action_add_key_with_full_access');
      const publicKey = publicKeyFrom(vm.memoryOrRegister(u64(keyPtr), u64(keyLen)));
      const receipt = vm.receipts.receiptForActions(u64(promiseIdx));
      vm.payAction('action_add_full_access_key', vm.isSir(receipt.receiverId));
      receipt.actions.push({ type: 'AddKey', publicKey, accessKey: { nonce: u64(nonce) } });
    },
    promise_batch_action_add_key_with_function_call: (
      promiseIdx,
      keyLen,
      keyPtr,
      nonce,
      allowancePtr,
      receiverLen,
      receiverPtr,
      methodsLen,
      methodsPtr,
    ) => {
      viewRestricted('promise_batch_action_add_key_with_function_call');
      const publicKey = publicKeyFrom(vm.memoryOrRegister(u64(keyPtr), u64(keyLen)));
      const allowance = vm.readU128(u64(allowancePtr));
      const receiverId = vm.accountIdFrom(u64(receiverPtr), u64(receiverLen), isValidAccountId);
      const methodBytes = vm.memoryOrRegister(u64(methodsPtr), u64(methodsLen));
      const methods = vm.decodeUtf8(methodBytes);
      const methodNames = methods === '' ? [] : methods.split(',');
      if (methodNames.some((m) => m.length === 0)) throw new HostError({ kind: 'EmptyMethodName' });
      const receipt = vm.receipts.receiptForActions(u64(promiseIdx));
      const sir = vm.isSir(receipt.receiverId);
      vm.payAction('action_add_function_call_key', sir);
      vm.payAction('action_add_function_call_key_per_byte', sir, methodNames.reduce((n, m) => n + BigInt(encoder.encode(m).length + 1), 0n));
      receipt.actions.push({
        type: 'AddKey',
        publicKey,
        accessKey: { nonce: u64(nonce), functionCall: { allowance: allowance === 0n ? undefined : allowance, receiverId, methodNames } },
      });
    },
    promise_batch_action_delete_key: (promiseIdx, keyLen, keyPtr) => {
      viewRestricted('promise_batch_action_delete_key');
      const publicKey = publicKeyFrom(vm.memoryOrRegister(u64(keyPtr), u64(keyLen)));
      const receipt = vm.receipts.receiptForActions(u64(promiseIdx));
      vm.payAction('action_delete_key', vm.isSir(receipt.receiverId));
      receipt.actions.push({ type: 'DeleteKey', publicKey });
    },
    promise_batch_action_delete_account: (promiseIdx, beneficiaryLen, beneficiaryPtr) => {
      viewRestricted('promise_batch_action_delete_account');
      const beneficiaryId = vm.accountIdFrom(u64(beneficiaryPtr), u64(beneficiaryLen), isValidAccountId);
      const receipt = vm.receipts.receiptForActions(u64(promiseIdx));
      vm.payAction('action_delete_account', vm.isSir(receipt.receiverId));
      receipt.actions.push({ type: 'DeleteAccount', beneficiaryId });
    },

    // ---- promise results ----
    promise_results_count: () => {
      viewRestricted('promise_results_count');
      return BigInt(ctx.promiseResults.length);
    },
    promise_result: (resultIdx, register) => {
      viewRestricted('promise_result');
      const index = u64(resultIdx);
      const result = index < BigInt(ctx.promiseResults.length) ? ctx.promiseResults[Number(index)] : undefined;
      if (!result) throw new HostError({ kind: 'InvalidPromiseResultIndex', result_idx: index });
      if (result.status === 'Successful') {
        vm.writeRegister(u64(register), result.data);
        return 1n;
      }
      return result.status === 'Failed' ? 2n : 0n;
    },
    promise_return: (promiseIdx) => {
      viewRestricted('promise_return');
      vm.pay('promise_return');
      const handle = vm.receipts.promise(u64(promiseIdx));
      if (handle.kind === 'joint') throw new HostError({ kind: 'CannotReturnJointPromise' });
      vm.returnData = { kind: 'ReceiptIndex', receipt: handle.receipt };
    },

    // ---- storage ----
    storage_write: (keyLen, keyPtr, valueLen, valuePtr, register) => {
      viewRestricted('storage_write');
      const key = storageKey(u64(keyPtr), u64(keyLen));
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
    storage_read: (keyLen, keyPtr, register) => {
      base();
      const key = storageKey(u64(keyPtr), u64(keyLen));
      vm.pay('storage_read_base');
      vm.pay('storage_read_key_byte', BigInt(key.length));
      const value = vm.storage.get(key);
      if (!value) return 0n;
      vm.pay('storage_read_value_byte', BigInt(value.length));
      vm.writeRegister(u64(register), value);
      return 1n;
    },
    storage_remove: (keyLen, keyPtr, register) => {
      viewRestricted('storage_remove');
      const key = storageKey(u64(keyPtr), u64(keyLen));
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
    storage_has_key: (keyLen, keyPtr) => {
      base();
      const key = storageKey(u64(keyPtr), u64(keyLen));
      vm.pay('storage_has_key_base');
      vm.pay('storage_has_key_byte', BigInt(key.length));
      return vm.storage.get(key) ? 1n : 0n;
    },
    storage_iter_prefix: () => {
      throw new HostError({ kind: 'Deprecated', method_name: 'storage_iter_prefix' });
    },
    storage_iter_range: () => {
      throw new HostError({ kind: 'Deprecated', method_name: 'storage_iter_range' });
    },
    storage_iter_next: () => {
      throw new HostError({ kind: 'Deprecated', method_name: 'storage_iter_next' });
    },

    // ---- validators ----
    validator_stake: (accLen, accPtr, stakePtr) => {
      base();
      vm.pay('validator_stake_base');
      vm.accountIdFrom(u64(accPtr), u64(accLen), () => true);
      // The embedded chain has no validator set: every account's stake is 0.
      vm.writeU128(u64(stakePtr), 0n);
    },
    validator_total_stake: (stakePtr) => {
      base();
      vm.pay('validator_total_stake_base');
      vm.writeU128(u64(stakePtr), 0n);
    },

    // ---- sandbox-only ----
    sandbox_debug_log: (len, ptr) => {
      base();
      vm.log(vm.readUtf8Text(u64(ptr), u64(len)));
    },
  };

  for (const name of UNSUPPORTED) functions[name] = unsupported(name);
  // Instruction gas burnt by the contract is settled before every host call, and the
  // remaining budget handed back after it.
  for (const [name, fn] of Object.entries(functions)) {
    functions[name] = profile
      ? (...args) => {
          const started = process.hrtime.bigint();
          try {
            vm.syncFromWasm();
            const result = fn(...args);
            vm.syncToWasm();
            return result;
          } finally {
            executionProfile.hostNanos += process.hrtime.bigint() - started;
          }
        }
      : (...args) => {
          vm.syncFromWasm();
          const result = fn(...args);
          vm.syncToWasm();
          return result;
        };
  }
  return functions;
}

/** Every `env` name a contract may import from this runtime. */
export const HOST_FUNCTION_NAMES: readonly string[] = Object.keys(
  createHostFunctions({ context: {}, config: {} } as unknown as VMLogic),
).sort();
