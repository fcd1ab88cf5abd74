/**
 * Turning a plan's order choice into a legal receipt order: 0 keeps emission order; any
 * other number seeds a deterministic shuffle that only ever picks, for each sender and
 * receiver pair, the oldest receipt not yet placed (NEAR delivers each pair FIFO).
 */
import type { PendingReceipt } from '../runtime/index.js';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function legalOrder(due: readonly PendingReceipt[], choice: number): string[] {
  if (choice === 0 || due.length < 2) return due.map((r) => r.receiptId);
  const random = mulberry32(choice);
  const queues = new Map<string, PendingReceipt[]>();
  for (const receipt of [...due].sort((a, b) => a.sequence - b.sequence)) {
    const pair = `${receipt.predecessorId}\u0000${receipt.receiverId}`;
    const queue = queues.get(pair) ?? [];
    queue.push(receipt);
    queues.set(pair, queue);
  }
  const order: string[] = [];
  while (queues.size > 0) {
    const pairs = [...queues.keys()];
    const pair = pairs[Math.floor(random() * pairs.length)]!;
    const queue = queues.get(pair)!;
    order.push(queue.shift()!.receiptId);
    if (queue.length === 0) queues.delete(pair);
  }
  return order;
}
