/** Promise results API: what the promises a callback waited for produced, and returning a promise. */
import { HostError } from '../errors.js';
import type { HostFunctionTable } from './host-function.js';
import { u64 } from './u64.js';

export const PROMISE_RESULT_FUNCTIONS = {
  promise_results_count: {
    costs: ['base'],
    prohibitedInView: true,
    run: (vm) => BigInt(vm.context.promiseResults.length),
  },
  promise_result: {
    costs: ['base'],
    prohibitedInView: true,
    run: (vm, resultIdx, register) => {
      const results = vm.context.promiseResults;
      const index = u64(resultIdx);
      const result = index < BigInt(results.length) ? results[Number(index)] : undefined;
      if (!result) throw new HostError({ kind: 'InvalidPromiseResultIndex', result_idx: index });
      if (result.status === 'Successful') {
        vm.writeRegister(u64(register), result.data);
        return 1n;
      }
      return result.status === 'Failed' ? 2n : 0n;
    },
  },
  promise_return: {
    costs: ['base', 'promise_return'],
    prohibitedInView: true,
    run: (vm, promiseIdx) => {
      vm.pay('promise_return');
      const handle = vm.receipts.promise(u64(promiseIdx));
      if (handle.kind === 'joint') throw new HostError({ kind: 'CannotReturnJointPromise' });
      vm.returnData = { kind: 'ReceiptIndex', receipt: handle.receipt };
    },
  },
} satisfies HostFunctionTable;
