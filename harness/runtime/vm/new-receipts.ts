/**
 * The receipts a function call creates through promise host functions (nearcore's
 * ReceiptManager): one receipt per promise, dependencies between them, gas weights,
 * and which promise the call returns. The chain turns them into real receipts only
 * if the call succeeds.
 */
import type { Action } from './actions.js';
import { HostError } from './errors.js';

export interface NewReceipt {
  receiverId: string;
  actions: Action[];
  /** Indices (into the same list) of receipts whose results this one waits for, in order. */
  inputReceipts: number[];
  /** gas_weight of each FunctionCall action by action index (only weight > 0). */
  gasWeights: Map<number, bigint>;
}

export type PromiseHandle = { kind: 'receipt'; receipt: number } | { kind: 'joint'; receipts: number[] };

export class NewReceipts {
  readonly receipts: NewReceipt[] = [];
  readonly promises: PromiseHandle[] = [];

  constructor(private readonly maxPromises: number, private readonly maxInputs: number) {}

  private addPromise(handle: PromiseHandle): bigint {
    if (this.promises.length >= this.maxPromises) {
      throw new HostError({ kind: 'NumberPromisesExceeded', number_of_promises: BigInt(this.promises.length + 1), limit: BigInt(this.maxPromises) });
    }
    this.promises.push(handle);
    return BigInt(this.promises.length - 1);
  }

  promise(index: bigint): PromiseHandle {
    const handle = index < BigInt(this.promises.length) ? this.promises[Number(index)] : undefined;
    if (!handle) throw new HostError({ kind: 'InvalidPromiseIndex', promise_idx: index });
    return handle;
  }

  /** The receipts a promise stands for (a joint promise flattens to its legs, in order). */
  receiptsOf(index: bigint): number[] {
    const handle = this.promise(index);
    return handle.kind === 'receipt' ? [handle.receipt] : handle.receipts;
  }

  createBatch(receiverId: string, dependsOn: number[] = []): bigint {
    if (dependsOn.length > this.maxInputs) {
      throw new HostError({
        kind: 'NumberInputDataDependenciesExceeded',
        number_of_input_data_dependencies: BigInt(dependsOn.length),
        limit: BigInt(this.maxInputs),
      });
    }
    this.receipts.push({ receiverId, actions: [], inputReceipts: dependsOn, gasWeights: new Map() });
    return this.addPromise({ kind: 'receipt', receipt: this.receipts.length - 1 });
  }

  join(indices: bigint[]): bigint {
    const receipts = indices.flatMap((i) => this.receiptsOf(i));
    return this.addPromise({ kind: 'joint', receipts });
  }

  /** The receipt actions are appended to; joint promises take none. */
  receiptForActions(index: bigint): NewReceipt {
    const handle = this.promise(index);
    if (handle.kind === 'joint') throw new HostError({ kind: 'CannotAppendActionToJointPromise' });
    return this.receipts[handle.receipt]!;
  }

  /**
   * Hands unused gas to FunctionCall actions with a weight (nearcore distribute_gas):
   * floor(unused * w / total) each, the remainder to the last weighted action.
   * Returns the gas handed out.
   */
  distributeGas(unused: bigint): bigint {
    const weighted: { action: Extract<Action, { type: 'FunctionCall' }>; weight: bigint }[] = [];
    for (const receipt of this.receipts) {
      for (const [index, weight] of receipt.gasWeights) {
        const action = receipt.actions[index];
        if (action?.type === 'FunctionCall' && weight > 0n) weighted.push({ action, weight });
      }
    }
    if (weighted.length === 0 || unused <= 0n) return 0n;
    const totalWeight = weighted.reduce((sum, w) => sum + w.weight, 0n);
    let handedOut = 0n;
    weighted.forEach((entry, i) => {
      const share = i === weighted.length - 1 ? unused - handedOut : (unused * entry.weight) / totalWeight;
      entry.action.gas += share;
      handedOut += share;
    });
    return handedOut;
  }
}
