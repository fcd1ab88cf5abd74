/**
 * The chain's state: accounts with balance, locked balance, storage usage, code and
 * access keys, and each account's contract storage.
 *
 * Snapshots are copy-on-write: taking one freezes every account record, and the first
 * write to a frozen record copies it. A snapshot therefore costs one Map copy of the
 * account table, whatever the state's size, and restoring one is just as cheap.
 */
import type { AccessKey } from '../vm/actions.js';

export interface AccountInfo {
  amount: bigint;
  locked: bigint;
  storageUsage: bigint;
  /** base58 sha256 of the deployed code, or undefined when none is deployed. */
  codeHash: string | undefined;
}

/** Storage keys are binary; they are held as latin1 strings (one char per byte). */
export const storageKey = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
export const storageKeyBytes = (key: string): Uint8Array => new Uint8Array(Buffer.from(key, 'latin1'));

export class AccountRecord {
  frozen = false;

  constructor(
    readonly info: AccountInfo,
    readonly keys: Map<string, AccessKey>,
    readonly storage: Map<string, Uint8Array>,
  ) {}

  copy(): AccountRecord {
    return new AccountRecord({ ...this.info }, new Map(this.keys), new Map(this.storage));
  }
}

export interface WorldSnapshot {
  readonly accounts: ReadonlyMap<string, AccountRecord>;
}

export class WorldState {
  private accounts = new Map<string, AccountRecord>();
  /** Contract code by hash; never changes once stored, so snapshots share it. */
  private readonly codes = new Map<string, Uint8Array>();

  has(accountId: string): boolean {
    return this.accounts.has(accountId);
  }

  /** Read-only view of an account (do not mutate; use writable()). */
  get(accountId: string): AccountRecord | undefined {
    return this.accounts.get(accountId);
  }

  /** The account, copied first if a snapshot still shares it. */
  writable(accountId: string): AccountRecord {
    const record = this.accounts.get(accountId);
    if (!record) throw new Error(`account ${accountId} does not exist`);
    if (!record.frozen) return record;
    const copy = record.copy();
    this.accounts.set(accountId, copy);
    return copy;
  }

  create(accountId: string, info: AccountInfo): AccountRecord {
    const record = new AccountRecord(info, new Map(), new Map());
    this.accounts.set(accountId, record);
    return record;
  }

  /** Puts back a record saved earlier (e.g. to revert a failed receipt), or removes the account. */
  put(accountId: string, record: AccountRecord | undefined): void {
    if (record) this.accounts.set(accountId, record);
    else this.accounts.delete(accountId);
  }

  delete(accountId: string): void {
    this.accounts.delete(accountId);
  }

  /** Freezes one record so it can be restored later; returns it. */
  preserve(accountId: string): AccountRecord | undefined {
    const record = this.accounts.get(accountId);
    if (record) record.frozen = true;
    return record;
  }

  accountIds(): string[] {
    return [...this.accounts.keys()].sort();
  }

  code(hash: string): Uint8Array | undefined {
    return this.codes.get(hash);
  }

  storeCode(hash: string, code: Uint8Array): void {
    if (!this.codes.has(hash)) this.codes.set(hash, code);
  }

  snapshot(): WorldSnapshot {
    for (const record of this.accounts.values()) record.frozen = true;
    return { accounts: new Map(this.accounts) };
  }

  restore(snapshot: WorldSnapshot): void {
    for (const record of snapshot.accounts.values()) record.frozen = true;
    this.accounts = new Map(snapshot.accounts);
  }
}
