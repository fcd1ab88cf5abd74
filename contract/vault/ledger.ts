/** The vault's books: per-account NEAR balance, stake, tokens, and in-flight operations. */
import { LookupMap, near } from 'near-sdk-js';

export interface Ledger {
  balances: LookupMap<string>;
  staked: LookupMap<string>;
  tokens: LookupMap<string>;
  /** Accounts with a staking operation in flight, and which one. */
  locks: LookupMap<string>;
  totalBalances: string;
  totalStaked: string;
  totalTokens: string;
}

function get(map: LookupMap<string>, accountId: string): bigint {
  return BigInt(map.get(accountId) ?? '0');
}

function put(map: LookupMap<string>, accountId: string, value: bigint): void {
  if (value === 0n) map.remove(accountId);
  else map.set(accountId, value.toString());
}

export const balanceOf = (l: Ledger, id: string) => get(l.balances, id);
export const stakeOf = (l: Ledger, id: string) => get(l.staked, id);
export const tokensOf = (l: Ledger, id: string) => get(l.tokens, id);

export function creditBalance(l: Ledger, id: string, amount: bigint): void {
  put(l.balances, id, balanceOf(l, id) + amount);
  l.totalBalances = (BigInt(l.totalBalances) + amount).toString();
}

export function debitBalance(l: Ledger, id: string, amount: bigint): void {
  const balance = balanceOf(l, id);
  if (balance < amount) throw new Error(`not enough balance: ${id} has ${balance}, needs ${amount}`);
  put(l.balances, id, balance - amount);
  l.totalBalances = (BigInt(l.totalBalances) - amount).toString();
}

export function creditStake(l: Ledger, id: string, amount: bigint): void {
  put(l.staked, id, stakeOf(l, id) + amount);
  l.totalStaked = (BigInt(l.totalStaked) + amount).toString();
}

export function debitStake(l: Ledger, id: string, amount: bigint): void {
  const stake = stakeOf(l, id);
  if (stake < amount) throw new Error(`not enough stake: ${id} has ${stake}, needs ${amount}`);
  put(l.staked, id, stake - amount);
  l.totalStaked = (BigInt(l.totalStaked) - amount).toString();
}

export function creditTokens(l: Ledger, id: string, amount: bigint): void {
  put(l.tokens, id, tokensOf(l, id) + amount);
  l.totalTokens = (BigInt(l.totalTokens) + amount).toString();
}

export function debitTokens(l: Ledger, id: string, amount: bigint): void {
  const tokens = tokensOf(l, id);
  if (tokens < amount) throw new Error(`not enough tokens: ${id} has ${tokens}, needs ${amount}`);
  put(l.tokens, id, tokens - amount);
  l.totalTokens = (BigInt(l.totalTokens) - amount).toString();
}

export function lock(l: Ledger, id: string, operation: string): void {
  const held = l.locks.get(id);
  if (held !== null) throw new Error(`${id} already has a ${held} in flight`);
  l.locks.set(id, operation);
}

export function unlock(l: Ledger, id: string): void {
  l.locks.remove(id);
}

/** Sends NEAR out of the vault in a receipt of its own (not part of any returned promise). */
export function sendNear(receiverId: string, amount: bigint): void {
  if (amount === 0n) return;
  const transfer = near.promiseBatchCreate(receiverId);
  near.promiseBatchActionTransfer(transfer, amount);
}
