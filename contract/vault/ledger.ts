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

type Book = 'balances' | 'staked' | 'tokens';
const TOTAL = { balances: 'totalBalances', staked: 'totalStaked', tokens: 'totalTokens' } as const;
const NOUN = { balances: 'balance', staked: 'stake', tokens: 'tokens' } as const;

function credit(l: Ledger, book: Book, id: string, amount: bigint): void {
  put(l[book], id, get(l[book], id) + amount);
  l[TOTAL[book]] = (BigInt(l[TOTAL[book]]) + amount).toString();
}

function debit(l: Ledger, book: Book, id: string, amount: bigint): void {
  const held = get(l[book], id);
  if (held < amount) throw new Error(`not enough ${NOUN[book]}: ${id} has ${held}, needs ${amount}`);
  put(l[book], id, held - amount);
  l[TOTAL[book]] = (BigInt(l[TOTAL[book]]) - amount).toString();
}

export const balanceOf = (l: Ledger, id: string) => get(l.balances, id);
export const stakeOf = (l: Ledger, id: string) => get(l.staked, id);
export const tokensOf = (l: Ledger, id: string) => get(l.tokens, id);
export const creditBalance = (l: Ledger, id: string, amount: bigint) => credit(l, 'balances', id, amount);
export const debitBalance = (l: Ledger, id: string, amount: bigint) => debit(l, 'balances', id, amount);
export const creditStake = (l: Ledger, id: string, amount: bigint) => credit(l, 'staked', id, amount);
export const debitStake = (l: Ledger, id: string, amount: bigint) => debit(l, 'staked', id, amount);
export const creditTokens = (l: Ledger, id: string, amount: bigint) => credit(l, 'tokens', id, amount);
export const debitTokens = (l: Ledger, id: string, amount: bigint) => debit(l, 'tokens', id, amount);

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
