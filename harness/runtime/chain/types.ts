/** Transactions, receipts, blocks and outcomes, shaped after nearcore's. */
import type { Action } from '../vm/actions.js';
import type { FunctionCallError } from '../vm/errors.js';

export interface Transaction {
  signerId: string;
  /** "ed25519:<base58>" */
  publicKey: string;
  nonce: bigint;
  receiverId: string;
  actions: Action[];
}

export interface DataReceiver {
  dataId: string;
  receiverId: string;
}

export interface ActionReceipt {
  kind: 'action';
  receiptId: string;
  predecessorId: string;
  receiverId: string;
  signerId: string;
  signerPublicKey: string;
  gasPrice: bigint;
  outputDataReceivers: DataReceiver[];
  inputDataIds: string[];
  actions: Action[];
  /** A refund from `system` (deposit or gas); free, and burnt if it cannot be delivered. */
  isRefund: boolean;
  /** What a refund returns: an attached deposit, unused gas, or a deleted account's balance. */
  refundOf?: 'deposit' | 'gas' | 'deleted-account';
}

export interface DataReceipt {
  kind: 'data';
  receiptId: string;
  predecessorId: string;
  receiverId: string;
  dataId: string;
  /** null: the producing receipt failed. */
  data: Uint8Array | null;
}

export type Receipt = ActionReceipt | DataReceipt;

/** nearcore's ActionErrorKind (core/primitives errors.rs), the variants this runtime produces. */
export type ActionErrorKind =
  | { AccountAlreadyExists: { account_id: string } }
  | { AccountDoesNotExist: { account_id: string } }
  | { CreateAccountOnlyByRegistrar: { account_id: string; registrar_account_id: string; predecessor_id: string } }
  | { CreateAccountNotAllowed: { account_id: string; predecessor_id: string } }
  | { ActorNoPermission: { account_id: string; actor_id: string } }
  | { DeleteKeyDoesNotExist: { account_id: string; public_key: string } }
  | { AddKeyAlreadyExists: { account_id: string; public_key: string } }
  | { DeleteAccountStaking: { account_id: string } }
  | { LackBalanceForState: { account_id: string; amount: string } }
  | { TriesToUnstake: { account_id: string } }
  | { TriesToStake: { account_id: string; stake: string; locked: string; balance: string } }
  | { FunctionCallError: FunctionCallErrorJson }
  | { NewReceiptValidationError: unknown }
  | { OnlyImplicitAccountCreationAllowed: { account_id: string } }
  | { DeleteAccountWithLargeState: { account_id: string } };

/** FunctionCallError as nearcore serializes it on chain (host errors and traps collapsed to text). */
export type FunctionCallErrorJson =
  | { ExecutionError: string }
  | { CompilationError: unknown }
  | { MethodResolveError: string };

export interface ActionError {
  index: number | null;
  kind: ActionErrorKind;
}

export type TxExecutionError = { ActionError: ActionError } | { InvalidTxError: unknown };

export type ExecutionStatus =
  | { type: 'SuccessValue'; value: Uint8Array }
  | { type: 'SuccessReceiptId'; receiptId: string }
  | { type: 'Failure'; error: TxExecutionError; functionCallError?: FunctionCallError | undefined };

/** How a receipt changed its receiver: balance, and storage key by key. */
export interface StateChanges {
  accountId: string;
  balanceBefore: bigint | null;
  balanceAfter: bigint | null;
  /** key (latin1) -> [before, after]; null means absent. */
  storage: { key: string; before: Uint8Array | null; after: Uint8Array | null }[];
}

export interface ExecutionOutcome {
  /** Transaction hash or receipt id. */
  id: string;
  kind: 'transaction' | 'receipt';
  blockHeight: number;
  blockHash: string;
  executorId: string;
  /** The receipt's predecessor (for a transaction: its signer). */
  predecessorId: string;
  status: ExecutionStatus;
  logs: string[];
  receiptIds: string[];
  gasBurnt: bigint;
  tokensBurnt: bigint;
  /** Burnt-gas reward credited to the executor (burnt_gas_reward), in yocto. */
  contractReward: bigint;
  /** The receipt as executed (absent for transactions). */
  receipt?: ActionReceipt;
  /** What each of its input data dependencies delivered (callbacks): Successful or Failed. */
  promiseResults?: ('Successful' | 'Failed')[];
  stateChanges?: StateChanges;
}

export type FinalExecutionStatus =
  | { type: 'NotStarted' }
  | { type: 'Started' }
  | { type: 'SuccessValue'; value: Uint8Array }
  | { type: 'Failure'; error: TxExecutionError };

export interface FinalExecutionOutcome {
  status: FinalExecutionStatus;
  transaction: Transaction & { hash: string };
  transactionOutcome: ExecutionOutcome;
  /** Every receipt of the transaction's tree that has executed, in execution order. */
  receiptsOutcome: ExecutionOutcome[];
}

export interface Block {
  height: number;
  hash: string;
  prevHash: string;
  /** Nanoseconds. */
  timestamp: bigint;
  transactions: string[];
  /** Receipts executed in this block, in order. */
  receipts: string[];
  gasPrice: bigint;
}

/** InvalidTxError raised when a transaction is submitted (it never becomes a receipt). */
export class InvalidTransactionError extends Error {
  constructor(readonly error: Record<string, unknown>) {
    super(`invalid transaction: ${JSON.stringify(error, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
    this.name = 'InvalidTransactionError';
  }
}
