/**
 * What the harness hands a scenario's functions: the accounts an argument arbitrary may
 * depend on, and a read-only view of the chain for invariants and projections. These are
 * written by the harness, not by users, so they are plain interfaces rather than schemas.
 */
import type { Json } from './behaviour.js';

/** What an argument arbitrary may depend on. */
export interface ArgContext {
  contract: string;
  users: string[];
  mocks: string[];
}

/** The call a mock is answering, as a `returns` arbitrary sees it. */
export interface MockCall {
  /** The mock method called. */
  method: string;
  /** The call's arguments parsed as JSON, or undefined when they are not JSON. */
  args: Json | undefined;
  /** The argument bytes as text. */
  argsText: string;
  /** yoctoNEAR attached to the call. */
  deposit: bigint;
  predecessor: string;
  signer: string;
}

/** Read-only access to the chain between blocks: for custom invariants and projections. */
export interface StateView {
  height: number;
  view<T = unknown>(accountId: string, method: string, args?: Json): T;
  /** The account's raw contract storage (key as latin1 string). */
  storage(accountId: string): Map<string, Uint8Array>;
  balance(accountId: string): bigint;
  /**
   * NEAR the account gained since the run started, not counting burnt-gas rewards:
   * what others sent it minus what it sent.
   */
  netReceived(accountId: string): bigint;
  /** yoctoNEAR attached to receipts still in flight to the account (refunds and transfers on their way), or only to those `from` sent. */
  inFlightTo(accountId: string, from?: string): bigint;
  /** The account's storage usage in bytes (code, state and NEAR's per-record overhead), which its balance must stake. */
  storageUsage(accountId: string): bigint;
  /** Whether any transaction or receipt is still waiting to run. */
  busy: boolean;
}

/** The accounts of a scenario, as its argument arbitraries see them. */
export function argContext(scenario: { contract: { id: string }; users: readonly { id: string }[]; mocks: readonly { id: string }[] }): ArgContext {
  return { contract: scenario.contract.id, users: scenario.users.map((u) => u.id), mocks: scenario.mocks.map((m) => m.id) };
}
