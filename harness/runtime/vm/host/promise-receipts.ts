/**
 * Building the receipts of promises: a new action receipt, and the function-call action
 * that promise_create, promise_then and promise_batch_action_function_call(_weight) share.
 */
import { HostError } from '../errors.js';
import type { VMLogic } from '../logic.js';

/**
 * A new action receipt to `receiverId` waiting for the receipts `dependsOn`; pays its
 * creation fee and a data receipt fee for each dependency. Returns its promise index.
 */
export function newActionReceipt(vm: VMLogic, receiverId: string, dependsOn: number[]): bigint {
  const sir = vm.isSir(receiverId);
  vm.payAction('action_receipt_creation', sir);
  for (const dependency of dependsOn) {
    vm.payDataReceipt('data_receipt_creation_base', vm.isSir(vm.receipts.receipts[dependency]!.receiverId));
  }
  return vm.receipts.createBatch(receiverId, dependsOn);
}

/** Appends a FunctionCall action to the receipt of promise `promiseIndex` (all arguments already u64). */
export function addFunctionCallAction(
  vm: VMLogic,
  promiseIndex: bigint,
  methodLen: bigint,
  methodPtr: bigint,
  argsLen: bigint,
  argsPtr: bigint,
  amountPtr: bigint,
  gas: bigint,
  weight: bigint,
): void {
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
}
