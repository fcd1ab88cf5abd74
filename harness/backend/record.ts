/**
 * What a backend reports about a run, independent of how it ran it: every receipt's
 * outcome, what each step became, block by block totals, and the final state. Plain
 * JSON (bigints as decimal strings), so traces can be printed and compared byte for byte.
 */
import type { Json } from '../scenario/index.js';

export interface ActionRecord {
  kind: 'call' | 'transfer' | 'other';
  /** For calls: the method; for other actions: the action type. */
  name: string;
  /** For calls: the argument bytes as text. */
  args?: string;
  deposit: string;
}

export interface StorageChangeRecord {
  key: string;
  before: string | null;
  after: string | null;
}

export interface ReceiptRecord {
  id: string;
  block: number;
  /** Which step's transaction tree it belongs to (undefined: setup or a probe). */
  step?: number;
  predecessor: string;
  receiver: string;
  actions: ActionRecord[];
  /** A refund from `system`: of an attached deposit, unused gas, or a deleted account. */
  refund?: 'deposit' | 'gas' | 'deleted-account';
  /** For callbacks: what each awaited promise delivered. */
  inputs?: ('Successful' | 'Failed')[];
  ok: boolean;
  /** Success: the returned bytes as text, or the receipt the result was delegated to. */
  value?: string;
  delegatedTo?: string;
  /** Failure: nearcore's error text, and its structured kind. */
  error?: string;
  errorKind?: Json;
  logs: string[];
  gasBurnt: string;
  tokensBurnt: string;
  balanceBefore: string | null;
  balanceAfter: string | null;
  storage: StorageChangeRecord[];
}

export interface StepRecord {
  index: number;
  submittedAtBlock: number;
  /** Transaction hash, unless the transaction was refused. */
  transaction?: string;
  /** Refused before it became a receipt (InvalidTxError). */
  refused?: string;
  outcome: 'success' | 'failure' | 'refused' | 'unfinished';
  /** The final value (success) or error text (failure). */
  result?: string;
  /** Receipt ids of its tree, in execution order. */
  receipts: string[];
}

export interface BlockRecord {
  height: number;
  receipts: string[];
  /** balances + NEAR in flight + net burnt tokens (where the backend can tell). */
  nearTotal?: string;
}

export interface ProbeRecord {
  method: string;
  caller: string;
  args: Json;
  ok: boolean;
  error?: string;
}

export interface InvariantFinding {
  invariant: string;
  block: number;
  message: string;
}

export interface RunRecord {
  backend: string;
  /** balances + NEAR in flight + net burnt tokens before the first step. */
  nearTotalAtStart?: string;
  steps: StepRecord[];
  blocks: BlockRecord[];
  receipts: Record<string, ReceiptRecord>;
  /** Whether every receipt ran before the block budget ran out. */
  settled: boolean;
  /** Raw storage of the contract and mocks at the end: key -> value, both hex. */
  finalStorage: Record<string, Record<string, string>>;
  finalBalances: Record<string, string>;
  /** Projections (scenario views) at the end, per user. */
  finalProjections: Record<string, Json>;
  probes: ProbeRecord[];
  /** Findings of per-block checks made while the run went on. */
  findings: InvariantFinding[];
}

/** A record before anything ran: the start every backend fills in, phase by phase (core.ts). */
export function emptyRunRecord(backend: string): RunRecord {
  return { backend, steps: [], blocks: [], receipts: {}, settled: true, finalStorage: {}, finalBalances: {}, finalProjections: {}, probes: [], findings: [] };
}
