/** The router's books: output owed per account, the swaps in flight, and their totals. */
import { LookupMap } from 'near-sdk-js';

/** A swap waiting for its callback: recorded before the pool call, removed by the callback. */
export interface PendingSwap {
  id: number;
  account_id: string;
  pool: string;
  /** yoctoNEAR attached to the pool call. */
  amount_in: string;
  min_out: string;
}

export interface Ledger {
  /** Output units owed to each account. */
  outputs: LookupMap<string>;
  /** yoctoNEAR each account has at pools in swaps not yet settled. */
  inFlight: LookupMap<string>;
  swaps: LookupMap<PendingSwap>;
  totalOutput: string;
  totalInFlight: string;
  /** yoctoNEAR the pools reported using, over all settled swaps. */
  totalUsed: string;
  pendingSwaps: number;
}

function get(map: LookupMap<string>, accountId: string): bigint {
  return BigInt(map.get(accountId) ?? '0');
}

function put(map: LookupMap<string>, accountId: string, value: bigint): void {
  if (value === 0n) map.remove(accountId);
  else map.set(accountId, value.toString());
}

export const outputOf = (l: Ledger, id: string) => get(l.outputs, id);
export const inFlightOf = (l: Ledger, id: string) => get(l.inFlight, id);

export function creditOutput(l: Ledger, id: string, amount: bigint): void {
  put(l.outputs, id, get(l.outputs, id) + amount);
  l.totalOutput = (BigInt(l.totalOutput) + amount).toString();
}

export function recordUsed(l: Ledger, amount: bigint): void {
  l.totalUsed = (BigInt(l.totalUsed) + amount).toString();
}

export function openSwap(l: Ledger, swap: PendingSwap): void {
  const amount = BigInt(swap.amount_in);
  l.swaps.set(String(swap.id), swap);
  put(l.inFlight, swap.account_id, get(l.inFlight, swap.account_id) + amount);
  l.totalInFlight = (BigInt(l.totalInFlight) + amount).toString();
  l.pendingSwaps += 1;
}

export function pendingSwap(l: Ledger, id: number): PendingSwap {
  const swap = l.swaps.get(String(id));
  if (swap === null) throw new Error(`no swap #${id} in flight`);
  return swap;
}

export function closeSwap(l: Ledger, swap: PendingSwap): void {
  const amount = BigInt(swap.amount_in);
  l.swaps.remove(String(swap.id));
  put(l.inFlight, swap.account_id, get(l.inFlight, swap.account_id) - amount);
  l.totalInFlight = (BigInt(l.totalInFlight) - amount).toString();
  l.pendingSwaps -= 1;
}
