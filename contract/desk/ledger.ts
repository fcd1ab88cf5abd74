/** The desk's books: tokens credited per account, the forwards in flight, and their totals. */
import { LookupMap } from 'near-sdk-js';

/** A forward waiting for its callback: recorded before the token call, removed by the callback. */
export interface PendingForward {
  id: number;
  account_id: string;
  receiver_id: string;
  amount: string;
}

export interface Ledger {
  /** Tokens credited to each account: what the desk owes it. */
  balances: LookupMap<string>;
  /** Tokens each account has in forwards not yet settled. */
  inFlight: LookupMap<string>;
  forwards: LookupMap<PendingForward>;
  totalBalances: string;
  totalInFlight: string;
  pendingForwards: number;
}

function get(map: LookupMap<string>, accountId: string): bigint {
  return BigInt(map.get(accountId) ?? '0');
}

function put(map: LookupMap<string>, accountId: string, value: bigint): void {
  if (value === 0n) map.remove(accountId);
  else map.set(accountId, value.toString());
}

export const balanceOf = (l: Ledger, id: string) => get(l.balances, id);
export const inFlightOf = (l: Ledger, id: string) => get(l.inFlight, id);

export function creditBalance(l: Ledger, id: string, amount: bigint): void {
  put(l.balances, id, get(l.balances, id) + amount);
  l.totalBalances = (BigInt(l.totalBalances) + amount).toString();
}

export function debitBalance(l: Ledger, id: string, amount: bigint): void {
  const held = get(l.balances, id);
  if (held < amount) throw new Error(`not enough tokens: ${id} has ${held}, needs ${amount}`);
  put(l.balances, id, held - amount);
  l.totalBalances = (BigInt(l.totalBalances) - amount).toString();
}

export function openForward(l: Ledger, forward: PendingForward): void {
  const amount = BigInt(forward.amount);
  l.forwards.set(String(forward.id), forward);
  put(l.inFlight, forward.account_id, get(l.inFlight, forward.account_id) + amount);
  l.totalInFlight = (BigInt(l.totalInFlight) + amount).toString();
  l.pendingForwards += 1;
}

export function pendingForward(l: Ledger, id: number): PendingForward {
  const forward = l.forwards.get(String(id));
  if (forward === null) throw new Error(`no forward #${id} in flight`);
  return forward;
}

export function closeForward(l: Ledger, forward: PendingForward): void {
  const amount = BigInt(forward.amount);
  l.forwards.remove(String(forward.id));
  put(l.inFlight, forward.account_id, get(l.inFlight, forward.account_id) - amount);
  l.totalInFlight = (BigInt(l.totalInFlight) - amount).toString();
  l.pendingForwards -= 1;
}
