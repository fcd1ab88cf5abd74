/**
 * ReceiptScheduler: which block each pending receipt runs in, and in what order.
 *
 * By default a receipt runs in the block after the one that created it, in emission
 * order — the earliest NEAR allows. A caller may delay a receipt and reorder a block's
 * receipts among the orders NEAR could produce. The model: every account may live on
 * its own shard, so receipts between different account pairs may arrive in any order,
 * but receipts from one account to another arrive in the order they were sent
 * (shard-to-shard delivery is FIFO). Delays and orders that break that are refused.
 */
import type { Receipt } from './types.js';

export interface PendingReceipt {
  receiptId: string;
  kind: Receipt['kind'];
  predecessorId: string;
  receiverId: string;
  /** Emission order across the whole chain. */
  sequence: number;
  /** The block it is due in. */
  dueHeight: number;
  /** Function-call method names (action receipts), for humans and harness policies. */
  methods: string[];
}

/** Chooses the order of the receipts due in a block; must return a permutation of their ids. */
export type OrderPolicy = (height: number, due: readonly PendingReceipt[]) => readonly string[];

export class SchedulingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchedulingError';
  }
}

interface Entry {
  info: PendingReceipt;
  receipt: Receipt;
}

const pairOf = (info: PendingReceipt) => `${info.predecessorId}\u0000${info.receiverId}`;

function describe(receipt: Receipt, dueHeight: number, sequence: number): PendingReceipt {
  return {
    receiptId: receipt.receiptId,
    kind: receipt.kind,
    predecessorId: receipt.predecessorId,
    receiverId: receipt.receiverId,
    sequence,
    dueHeight,
    methods: receipt.kind === 'action' ? receipt.actions.flatMap((a) => (a.type === 'FunctionCall' ? [a.methodName] : [])) : [],
  };
}

export class ReceiptScheduler {
  private entries: Entry[] = [];
  private sequence = 0;
  orderPolicy: OrderPolicy | undefined;

  enqueue(receipt: Receipt, dueHeight: number): void {
    this.entries.push({ info: describe(receipt, dueHeight, this.sequence++), receipt });
  }

  pending(): PendingReceipt[] {
    return this.entries.map((e) => ({ ...e.info })).sort((a, b) => a.dueHeight - b.dueHeight || a.sequence - b.sequence);
  }

  /** The receipts themselves, in emission order. */
  pendingReceipts(): Receipt[] {
    return [...this.entries].sort((a, b) => a.info.sequence - b.info.sequence).map((e) => e.receipt);
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Delays a pending receipt by `blocks`. Later receipts of the same sender and receiver
   * due before its new height move with it, keeping their order (FIFO delivery).
   */
  delay(receiptId: string, blocks: number): void {
    if (!Number.isInteger(blocks) || blocks < 0) throw new SchedulingError(`delay must be a non-negative integer number of blocks, got ${blocks}`);
    const target = this.entries.find((e) => e.info.receiptId === receiptId);
    if (!target) throw new SchedulingError(`receipt ${receiptId} is not pending`);
    const newHeight = target.info.dueHeight + blocks;
    target.info.dueHeight = newHeight;
    const pair = pairOf(target.info);
    for (const entry of this.entries) {
      if (pairOf(entry.info) === pair && entry.info.sequence > target.info.sequence && entry.info.dueHeight < newHeight) {
        entry.info.dueHeight = newHeight;
      }
    }
  }

  /** Removes and returns the receipts due at `height`, in the order they run. */
  take(height: number): Receipt[] {
    const due = this.entries.filter((e) => e.info.dueHeight <= height).sort((a, b) => a.info.sequence - b.info.sequence);
    if (due.length === 0) return [];
    this.entries = this.entries.filter((e) => e.info.dueHeight > height);
    if (!this.orderPolicy) return due.map((e) => e.receipt);
    const order = this.orderPolicy(height, due.map((e) => ({ ...e.info })));
    return this.validateOrder(due, order).map((e) => e.receipt);
  }

  private validateOrder(due: Entry[], order: readonly string[]): Entry[] {
    const byId = new Map(due.map((e) => [e.info.receiptId, e]));
    if (order.length !== due.length || new Set(order).size !== order.length || order.some((id) => !byId.has(id))) {
      throw new SchedulingError(`the order policy must return each of the ${due.length} due receipt ids exactly once`);
    }
    const ordered = order.map((id) => byId.get(id)!);
    const lastSequence = new Map<string, number>();
    for (const entry of ordered) {
      const pair = pairOf(entry.info);
      const previous = lastSequence.get(pair);
      if (previous !== undefined && previous > entry.info.sequence) {
        throw new SchedulingError(
          `order ${order.join(', ')} delivers receipts from ${entry.info.predecessorId} to ${entry.info.receiverId} out of the order they were sent; NEAR delivers them FIFO`,
        );
      }
      lastSequence.set(pair, entry.info.sequence);
    }
    return ordered;
  }

  snapshot(): { entries: Entry[]; sequence: number } {
    return { entries: this.entries.map((e) => ({ info: { ...e.info }, receipt: e.receipt })), sequence: this.sequence };
  }

  restore(snapshot: { entries: Entry[]; sequence: number }): void {
    this.entries = snapshot.entries.map((e) => ({ info: { ...e.info }, receipt: e.receipt }));
    this.sequence = snapshot.sequence;
  }
}
