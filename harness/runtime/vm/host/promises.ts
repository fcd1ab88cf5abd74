/**
 * Promises API: creating receipts (promise_create, promise_then, promise_and,
 * promise_batch_create, promise_batch_then) and the actions appended to them
 * (promise_batch_action_*). All are prohibited in view calls.
 */
import { isValidAccountId } from '../account-id.js';
import { HostError } from '../errors.js';
import type { HostFunctionTable } from './host-function.js';
import { addFunctionCallAction, newActionReceipt } from './promise-receipts.js';
import { publicKeyFrom } from './public-key.js';
import { u64 } from './u64.js';

const encoder = new TextEncoder();

export const PROMISE_FUNCTIONS = {
  promise_create: {
    costs: ['base', 'action_receipt_creation', 'action_function_call', 'action_function_call_per_byte'],
    prohibitedInView: true,
    run: (vm, accLen, accPtr, methodLen, methodPtr, argsLen, argsPtr, amountPtr, gas) => {
      const receiver = vm.accountIdFrom(u64(accPtr), u64(accLen), isValidAccountId);
      const index = newActionReceipt(vm, receiver, []);
      addFunctionCallAction(vm, index, u64(methodLen), u64(methodPtr), u64(argsLen), u64(argsPtr), u64(amountPtr), u64(gas), 0n);
      return index;
    },
  },
  promise_then: {
    costs: ['base', 'action_receipt_creation', 'data_receipt_creation_base', 'action_function_call', 'action_function_call_per_byte'],
    prohibitedInView: true,
    run: (vm, promiseIdx, accLen, accPtr, methodLen, methodPtr, argsLen, argsPtr, amountPtr, gas) => {
      const receiver = vm.accountIdFrom(u64(accPtr), u64(accLen), isValidAccountId);
      const index = newActionReceipt(vm, receiver, vm.receipts.receiptsOf(u64(promiseIdx)));
      addFunctionCallAction(vm, index, u64(methodLen), u64(methodPtr), u64(argsLen), u64(argsPtr), u64(amountPtr), u64(gas), 0n);
      return index;
    },
  },
  promise_and: {
    costs: ['base', 'promise_and_base', 'promise_and_per_promise'],
    prohibitedInView: true,
    run: (vm, idxPtr, count) => {
      const n = u64(count);
      vm.pay('promise_and_base');
      vm.pay('promise_and_per_promise', n);
      const raw = vm.readMemory(u64(idxPtr), n * 8n);
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      const indices = Array.from({ length: Number(n) }, (_, i) => view.getBigUint64(i * 8, true));
      return vm.receipts.join(indices);
    },
  },
  promise_batch_create: {
    costs: ['base', 'action_receipt_creation'],
    prohibitedInView: true,
    run: (vm, accLen, accPtr) => newActionReceipt(vm, vm.accountIdFrom(u64(accPtr), u64(accLen), isValidAccountId), []),
  },
  promise_batch_then: {
    costs: ['base', 'action_receipt_creation', 'data_receipt_creation_base'],
    prohibitedInView: true,
    run: (vm, promiseIdx, accLen, accPtr) => {
      const receiver = vm.accountIdFrom(u64(accPtr), u64(accLen), isValidAccountId);
      return newActionReceipt(vm, receiver, vm.receipts.receiptsOf(u64(promiseIdx)));
    },
  },
  promise_batch_action_create_account: {
    costs: ['base', 'action_create_account'],
    prohibitedInView: true,
    run: (vm, promiseIdx) => {
      const receipt = vm.receipts.receiptForActions(u64(promiseIdx));
      vm.payAction('action_create_account', vm.isSir(receipt.receiverId));
      receipt.actions.push({ type: 'CreateAccount' });
    },
  },
  promise_batch_action_deploy_contract: {
    costs: ['base', 'action_deploy_contract', 'action_deploy_contract_per_byte'],
    prohibitedInView: true,
    run: (vm, promiseIdx, codeLen, codePtr) => {
      const code = vm.memoryOrRegister(u64(codePtr), u64(codeLen));
      const limit = vm.config.limits.maxContractSize;
      if (BigInt(code.length) > limit) throw new HostError({ kind: 'ContractSizeExceeded', size: BigInt(code.length), limit });
      const receipt = vm.receipts.receiptForActions(u64(promiseIdx));
      const sir = vm.isSir(receipt.receiverId);
      vm.payAction('action_deploy_contract', sir);
      vm.payAction('action_deploy_contract_per_byte', sir, BigInt(code.length));
      receipt.actions.push({ type: 'DeployContract', code });
    },
  },
  promise_batch_action_function_call: {
    costs: ['base', 'action_function_call', 'action_function_call_per_byte'],
    prohibitedInView: true,
    run: (vm, promiseIdx, methodLen, methodPtr, argsLen, argsPtr, amountPtr, gas) => {
      addFunctionCallAction(vm, u64(promiseIdx), u64(methodLen), u64(methodPtr), u64(argsLen), u64(argsPtr), u64(amountPtr), u64(gas), 0n);
    },
  },
  promise_batch_action_function_call_weight: {
    costs: ['base', 'action_function_call', 'action_function_call_per_byte'],
    prohibitedInView: true,
    run: (vm, promiseIdx, methodLen, methodPtr, argsLen, argsPtr, amountPtr, gas, weight) => {
      addFunctionCallAction(vm, u64(promiseIdx), u64(methodLen), u64(methodPtr), u64(argsLen), u64(argsPtr), u64(amountPtr), u64(gas), u64(weight));
    },
  },
  promise_batch_action_transfer: {
    costs: ['base', 'action_transfer'],
    prohibitedInView: true,
    run: (vm, promiseIdx, amountPtr) => {
      const amount = vm.readU128(u64(amountPtr));
      const receipt = vm.receipts.receiptForActions(u64(promiseIdx));
      vm.payAction('action_transfer', vm.isSir(receipt.receiverId));
      vm.spend(amount);
      receipt.actions.push({ type: 'Transfer', deposit: amount });
    },
  },
  promise_batch_action_stake: {
    costs: ['base', 'action_stake'],
    prohibitedInView: true,
    run: (vm, promiseIdx, amountPtr, keyLen, keyPtr) => {
      const amount = vm.readU128(u64(amountPtr));
      const publicKey = publicKeyFrom(vm.memoryOrRegister(u64(keyPtr), u64(keyLen)));
      const receipt = vm.receipts.receiptForActions(u64(promiseIdx));
      vm.payAction('action_stake', vm.isSir(receipt.receiverId));
      receipt.actions.push({ type: 'Stake', stake: amount, publicKey });
    },
  },
  promise_batch_action_add_key_with_full_access: {
    costs: ['base', 'action_add_full_access_key'],
    prohibitedInView: true,
    run: (vm, promiseIdx, keyLen, keyPtr, nonce) => {
      const publicKey = publicKeyFrom(vm.memoryOrRegister(u64(keyPtr), u64(keyLen)));
      const receipt = vm.receipts.receiptForActions(u64(promiseIdx));
      vm.payAction('action_add_full_access_key', vm.isSir(receipt.receiverId));
      receipt.actions.push({ type: 'AddKey', publicKey, accessKey: { nonce: u64(nonce) } });
    },
  },
  promise_batch_action_add_key_with_function_call: {
    costs: ['base', 'action_add_function_call_key', 'action_add_function_call_key_per_byte'],
    prohibitedInView: true,
    run: (vm, promiseIdx, keyLen, keyPtr, nonce, allowancePtr, receiverLen, receiverPtr, methodsLen, methodsPtr) => {
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
  },
  promise_batch_action_delete_key: {
    costs: ['base', 'action_delete_key'],
    prohibitedInView: true,
    run: (vm, promiseIdx, keyLen, keyPtr) => {
      const publicKey = publicKeyFrom(vm.memoryOrRegister(u64(keyPtr), u64(keyLen)));
      const receipt = vm.receipts.receiptForActions(u64(promiseIdx));
      vm.payAction('action_delete_key', vm.isSir(receipt.receiverId));
      receipt.actions.push({ type: 'DeleteKey', publicKey });
    },
  },
  promise_batch_action_delete_account: {
    costs: ['base', 'action_delete_account'],
    prohibitedInView: true,
    run: (vm, promiseIdx, beneficiaryLen, beneficiaryPtr) => {
      const beneficiaryId = vm.accountIdFrom(u64(beneficiaryPtr), u64(beneficiaryLen), isValidAccountId);
      const receipt = vm.receipts.receiptForActions(u64(promiseIdx));
      vm.payAction('action_delete_account', vm.isSir(receipt.receiverId));
      receipt.actions.push({ type: 'DeleteAccount', beneficiaryId });
    },
  },
} satisfies HostFunctionTable;
