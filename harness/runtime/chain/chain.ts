/**
 * The embedded NEAR chain: one shard, blocks produced on demand, receipts run in the
 * block nearcore would run them in (or where the ReceiptScheduler is told to), every
 * outcome kept. Deterministic: the same calls give the same outcomes, logs, balances
 * and block hashes, byte for byte.
 */
import { LATEST_PROTOCOL, type ProtocolConfig } from '../config/protocol.js';
import type { Action } from '../vm/actions.js';
import type { PromiseResult } from '../vm/context.js';
import { ContractCache } from '../vm/runner.js';
import { WorldState, type WorldSnapshot } from '../state/world-state.js';
import { execFees, prepaidFunctionCallGas, ReceiptExecutor, type BlockContext, type FunctionCallHook, type ReceiptResult } from './apply-receipt.js';
import { totalDeposit } from '../vm/actions.js';
import { storageKey } from '../state/world-state.js';
import { hashId, NO_CODE_HASH } from './ids.js';
import { accessKeyRecordSize } from './storage-usage.js';
import { ReceiptScheduler, type OrderPolicy, type PendingReceipt } from './scheduler.js';
import { applyTransaction, transactionHash } from './transactions.js';
import { viewAccessKey, viewAccessKeys, viewAccount, viewCode, viewFunction, viewState, type AccountView, type ViewResult } from './views.js';
import type { AccessKey } from '../vm/actions.js';
import {
  InvalidTransactionError,
  type ActionReceipt,
  type Block,
  type DataReceipt,
  type ExecutionOutcome,
  type FinalExecutionOutcome,
  type FinalExecutionStatus,
  type Receipt,
  type Transaction,
} from './types.js';

export interface ChainOptions {
  protocol?: ProtocolConfig;
  /** yocto per gas; defaults to the protocol's minimum gas price. */
  gasPrice?: bigint;
  /** Genesis block timestamp, in nanoseconds. */
  genesisTime?: bigint;
  /** Time between blocks, in nanoseconds (default 1 s). */
  blockInterval?: bigint;
  /** Blocks per epoch (default 43,200, as on mainnet). */
  epochLength?: number;
  rootAccountId?: string;
  rootBalance?: bigint;
  /** The root account's full-access key ("ed25519:<base58>"). */
  rootPublicKey?: string;
}

export interface NewAccount {
  balance?: bigint;
  code?: Uint8Array;
  /** Full-access keys ("ed25519:<base58>"). */
  publicKeys?: string[];
  locked?: bigint;
}

export interface TransactionRequest {
  signerId: string;
  receiverId: string;
  actions: Action[];
  /** Defaults to the signer's first full-access key. */
  publicKey?: string;
  /** Defaults to the key's nonce + 1. */
  nonce?: bigint;
  /** The transaction's hash when the caller computed it (an RPC node: sha256 of its borsh). */
  hash?: string;
}

/** The genesis key of the root account unless one is given (the sandbox's test.near key differs). */
export const DEFAULT_ROOT_KEY = 'ed25519:5BGSaf6YjVm7565VzWQHNxoyEjwr3jUpRJSGjREvU9dB';
const ONE_NEAR = 10n ** 24n;

interface ChainBookkeeping {
  blocks: Block[];
  outcomes: Map<string, ExecutionOutcome>;
  outcomeOrder: string[];
  transactions: Map<string, Transaction & { hash: string }>;
  pendingTransactions: (Transaction & { hash: string })[];
  postponed: Map<string, ActionReceipt>;
  waitingFor: Map<string, string>;
  receivedData: Map<string, Uint8Array | null>;
  /** Receipt id -> the transaction whose tree it belongs to. */
  receiptToTransaction: Map<string, string>;
  /** Receipts created so far in each transaction's tree. */
  treeSizes: Map<string, number>;
}

/** Called just before (or after) an action receipt executes; may patch state (as sandbox_patch_state can). */
export type BeforeReceiptHook = (receipt: ActionReceipt, transactionHash: string | undefined) => void;
export type AfterReceiptHook = BeforeReceiptHook;

/**
 * Extra blocks to hold a receipt when it is created (0: the earliest block NEAR allows).
 * `indexInTree` numbers the receipts of one transaction's tree in creation order.
 */
export type DelayPolicy = (receipt: Receipt, transactionHash: string | undefined, indexInTree: number) => number;

export interface ChainSnapshot {
  world: WorldSnapshot;
  book: ChainBookkeeping;
  scheduler: ReturnType<ReceiptScheduler['snapshot']>;
}

export class Chain {
  readonly protocol: ProtocolConfig;
  readonly gasPrice: bigint;
  readonly state = new WorldState();
  readonly contracts: ContractCache;
  readonly scheduler = new ReceiptScheduler();
  private readonly executor: ReceiptExecutor;
  private readonly genesisTime: bigint;
  private readonly blockInterval: bigint;
  private readonly epochLength: number;
  readonly rootAccountId: string;
  private book: ChainBookkeeping;
  private beforeReceiptHook: BeforeReceiptHook | undefined;
  private afterReceiptHook: AfterReceiptHook | undefined;
  private delayPolicy: DelayPolicy | undefined;

  constructor(options: ChainOptions = {}) {
    this.protocol = options.protocol ?? LATEST_PROTOCOL;
    this.gasPrice = options.gasPrice ?? this.protocol.minGasPrice;
    this.contracts = new ContractCache(this.protocol);
    this.executor = new ReceiptExecutor(this.state, this.protocol, this.contracts);
    this.genesisTime = options.genesisTime ?? 1_700_000_000_000_000_000n;
    this.blockInterval = options.blockInterval ?? 1_000_000_000n;
    this.epochLength = options.epochLength ?? 43_200;
    this.rootAccountId = options.rootAccountId ?? 'test.near';
    const genesis: Block = {
      height: 0,
      hash: hashId('genesis', this.rootAccountId, this.protocol.name),
      prevHash: '11111111111111111111111111111111',
      timestamp: this.genesisTime,
      transactions: [],
      receipts: [],
      gasPrice: this.gasPrice,
    };
    this.book = {
      blocks: [genesis],
      outcomes: new Map(),
      outcomeOrder: [],
      transactions: new Map(),
      pendingTransactions: [],
      postponed: new Map(),
      waitingFor: new Map(),
      receivedData: new Map(),
      receiptToTransaction: new Map(),
      treeSizes: new Map(),
    };
    this.addAccount(this.rootAccountId, {
      balance: options.rootBalance ?? 1_000_000_000n * ONE_NEAR,
      publicKeys: [options.rootPublicKey ?? DEFAULT_ROOT_KEY],
    });
  }

  // ---- blocks ----

  get head(): Block {
    return this.book.blocks[this.book.blocks.length - 1]!;
  }

  get height(): number {
    return this.head.height;
  }

  block(height: number): Block | undefined {
    return this.book.blocks[height];
  }

  blockByHash(hash: string): Block | undefined {
    return this.book.blocks.find((b) => b.hash === hash);
  }

  // ---- accounts (genesis-style setup, outside transactions) ----

  /**
   * Creates an account directly in state, like a genesis record: no transaction, no
   * fees. For setting up a scenario; use transactions for anything under test.
   */
  addAccount(accountId: string, account: NewAccount = {}): void {
    if (this.state.has(accountId)) throw new Error(`account ${accountId} already exists`);
    const record = this.state.create(accountId, {
      amount: account.balance ?? 0n,
      locked: account.locked ?? 0n,
      storageUsage: this.protocol.storageNumBytesAccount,
      codeHash: undefined,
    });
    for (const key of account.publicKeys ?? []) {
      const accessKey = { nonce: 0n };
      record.keys.set(key, accessKey);
      record.info.storageUsage += accessKeyRecordSize(this.protocol, key, accessKey);
    }
    if (account.code) this.setCode(accountId, account.code);
  }

  /** Deploys code directly in state (genesis-style; see addAccount). */
  setCode(accountId: string, code: Uint8Array): void {
    const record = this.state.writable(accountId);
    const hash = hashId('code', code);
    this.state.storeCode(hash, code);
    const oldSize = record.info.codeHash ? BigInt(this.state.code(record.info.codeHash)?.length ?? 0) : 0n;
    record.info.codeHash = hash;
    record.info.storageUsage += BigInt(code.length) - oldSize;
  }

  // ---- transactions ----

  /**
   * Validates a transaction and queues it for the next block; returns its hash.
   * Throws InvalidTransactionError (nearcore's InvalidTxError) if it cannot be accepted.
   */
  submitTransaction(request: TransactionRequest): string {
    const signer = this.state.get(request.signerId);
    if (!signer) throw new InvalidTransactionError({ SignerDoesNotExist: { signer_id: request.signerId } });
    const publicKey = request.publicKey ?? [...signer.keys].find(([, k]) => !k.functionCall)?.[0];
    if (!publicKey) {
      throw new InvalidTransactionError({ InvalidAccessKeyError: { AccessKeyNotFound: { account_id: request.signerId, public_key: 'none' } } });
    }
    const queuedNonces = this.book.pendingTransactions.filter((t) => t.signerId === request.signerId && t.publicKey === publicKey).map((t) => t.nonce);
    const keyNonce = signer.keys.get(publicKey)?.nonce ?? 0n;
    const nonce = request.nonce ?? [keyNonce, ...queuedNonces].reduce((a, b) => (a > b ? a : b)) + 1n;
    const tx: Transaction = { signerId: request.signerId, publicKey, nonce, receiverId: request.receiverId, actions: request.actions };
    const hash = request.hash ?? transactionHash(tx);
    if (this.book.transactions.has(hash) || queuedNonces.includes(nonce)) {
      throw new InvalidTransactionError({ InvalidNonce: { tx_nonce: nonce, ak_nonce: keyNonce } });
    }
    // Validate against the current state now, as a node does before accepting a
    // transaction: a dry run of its conversion on a snapshot.
    const dryRun = this.state.snapshot();
    try {
      applyTransaction(this.state, this.protocol, tx, hash, this.gasPrice, this.height + 1);
    } finally {
      this.state.restore(dryRun);
    }
    this.book.pendingTransactions.push({ ...tx, hash });
    return hash;
  }

  // ---- producing blocks ----

  /** Produces the next block: transactions, then local receipts, then incoming receipts. */
  step(): Block {
    const height = this.height + 1;
    const prev = this.head;
    const block: Block = {
      height,
      hash: '',
      prevHash: prev.hash,
      timestamp: this.genesisTime + BigInt(height) * this.blockInterval,
      transactions: [],
      receipts: [],
      gasPrice: this.gasPrice,
    };
    // The block hash commits to everything executed in it; receipts see a provisional
    // hash derived from the parent and height (as random seed material).
    const context: BlockContext = {
      height,
      hash: hashId('block-context', prev.hash, height),
      timestamp: block.timestamp,
      epochHeight: BigInt(Math.floor(height / this.epochLength)),
    };
    const executedOutcomes: ExecutionOutcome[] = [];
    const outgoing: Receipt[] = [];

    const pending = this.book.pendingTransactions;
    this.book.pendingTransactions = [];
    const local: ActionReceipt[] = [];
    for (const tx of pending) {
      let converted: ReturnType<typeof applyTransaction>;
      try {
        converted = applyTransaction(this.state, this.protocol, tx, tx.hash, this.gasPrice, height);
      } catch (error) {
        if (error instanceof InvalidTransactionError) continue; // dropped, as a node drops an invalid tx
        throw error;
      }
      this.book.transactions.set(tx.hash, tx);
      block.transactions.push(tx.hash);
      this.book.receiptToTransaction.set(converted.receipt.receiptId, tx.hash);
      const outcome: ExecutionOutcome = {
        id: tx.hash,
        kind: 'transaction',
        blockHeight: height,
        blockHash: '',
        executorId: tx.signerId,
        predecessorId: tx.signerId,
        status: { type: 'SuccessReceiptId', receiptId: converted.receipt.receiptId },
        logs: [],
        receiptIds: [converted.receipt.receiptId],
        gasBurnt: converted.cost.burntGas,
        tokensBurnt: converted.cost.burntGas * this.gasPrice,
        contractReward: 0n,
      };
      this.recordOutcome(outcome, executedOutcomes);
      // Signer == receiver: a local receipt, executed in this very block.
      if (tx.signerId === tx.receiverId) local.push(converted.receipt);
      else outgoing.push(converted.receipt);
    }

    const run = (receipt: Receipt) => this.process(receipt, context, block, outgoing, executedOutcomes);
    for (const receipt of local) run(receipt);
    for (const receipt of this.scheduler.take(height)) run(receipt);

    for (const receipt of outgoing) {
      this.scheduler.enqueue(receipt, height + 1);
      const tx = this.book.receiptToTransaction.get(receipt.receiptId);
      const index = tx ? (this.book.treeSizes.get(tx) ?? 0) : 0;
      if (tx) this.book.treeSizes.set(tx, index + 1);
      if (!this.delayPolicy) continue;
      const extra = this.delayPolicy(receipt, tx, index);
      if (extra > 0) this.scheduler.delay(receipt.receiptId, extra);
    }

    block.hash = hashId(
      'block',
      prev.hash,
      height,
      ...executedOutcomes.map((o) => `${o.id}:${statusDigest(o)}:${o.gasBurnt}:${o.logs.join('\n')}`),
    );
    for (const outcome of executedOutcomes) outcome.blockHash = block.hash;
    this.book.blocks.push(block);
    return block;
  }

  /** Produces `count` blocks. */
  advance(count: number): void {
    for (let i = 0; i < count; i++) this.step();
  }

  /** True while a transaction or receipt is waiting to run. */
  get busy(): boolean {
    return this.book.pendingTransactions.length > 0 || this.scheduler.size > 0;
  }

  /** Produces blocks until no transaction or receipt is pending; returns how many. */
  runUntilQuiescent(maxBlocks = 1_000): number {
    let produced = 0;
    while (this.busy) {
      if (produced >= maxBlocks) throw new Error(`still busy after ${maxBlocks} blocks: ${this.scheduler.size} receipts pending`);
      this.step();
      produced++;
    }
    return produced;
  }

  /** Runs blocks until `txHash` has its final outcome (or nothing is left to run). */
  runUntilFinal(txHash: string, maxBlocks = 1_000): FinalExecutionOutcome {
    for (let i = 0; i <= maxBlocks; i++) {
      const result = this.transactionResult(txHash);
      if (result && result.status.type !== 'NotStarted' && result.status.type !== 'Started') return result;
      if (!this.busy) break;
      this.step();
    }
    const result = this.transactionResult(txHash);
    if (!result) throw new Error(`transaction ${txHash} was never included (it was invalid when its block was produced)`);
    return result;
  }

  private process(receipt: Receipt, context: BlockContext, block: Block, outgoing: Receipt[], executed: ExecutionOutcome[]): void {
    if (receipt.kind === 'data') {
      this.receiveData(receipt, context, block, outgoing, executed);
      return;
    }
    const missing = receipt.inputDataIds.filter((id) => !this.book.receivedData.has(id));
    if (missing.length > 0) {
      // Postponed until its last input arrives; it then runs in that same block.
      this.book.postponed.set(receipt.receiptId, receipt);
      for (const id of missing) this.book.waitingFor.set(id, receipt.receiptId);
      return;
    }
    this.executeAction(receipt, context, block, outgoing, executed);
  }

  private receiveData(receipt: DataReceipt, context: BlockContext, block: Block, outgoing: Receipt[], executed: ExecutionOutcome[]): void {
    this.book.receivedData.set(receipt.dataId, receipt.data);
    const waiting = this.book.waitingFor.get(receipt.dataId);
    if (!waiting) return;
    this.book.waitingFor.delete(receipt.dataId);
    const postponed = this.book.postponed.get(waiting)!;
    if (postponed.inputDataIds.every((id) => this.book.receivedData.has(id))) {
      this.book.postponed.delete(waiting);
      this.executeAction(postponed, context, block, outgoing, executed);
    }
  }

  private executeAction(receipt: ActionReceipt, context: BlockContext, block: Block, outgoing: Receipt[], executed: ExecutionOutcome[]): void {
    this.beforeReceiptHook?.(receipt, this.book.receiptToTransaction.get(receipt.receiptId));
    const results: PromiseResult[] = receipt.inputDataIds.map((id) => {
      const data = this.book.receivedData.get(id);
      this.book.receivedData.delete(id);
      return data === null || data === undefined ? { status: 'Failed' } : { status: 'Successful', data };
    });
    const result: ReceiptResult = this.executor.execute(receipt, results, context);
    this.afterReceiptHook?.(receipt, this.book.receiptToTransaction.get(receipt.receiptId));
    const tx = this.book.receiptToTransaction.get(receipt.receiptId);
    for (const child of result.outgoing) {
      if (tx) this.book.receiptToTransaction.set(child.receiptId, tx);
      outgoing.push(child);
    }
    block.receipts.push(receipt.receiptId);
    this.recordOutcome(
      {
        id: receipt.receiptId,
        kind: 'receipt',
        blockHeight: block.height,
        blockHash: '',
        executorId: receipt.receiverId,
        predecessorId: receipt.predecessorId,
        status: result.status,
        logs: result.logs,
        receiptIds: result.receiptIds,
        gasBurnt: result.gasBurnt,
        tokensBurnt: result.tokensBurnt + result.depositBurnt,
        contractReward: result.contractReward,
        receipt,
        promiseResults: results.map((r) => (r.status === 'Successful' ? 'Successful' : 'Failed')),
        stateChanges: result.stateChanges,
      },
      executed,
    );
  }

  private recordOutcome(outcome: ExecutionOutcome, executed: ExecutionOutcome[]): void {
    this.book.outcomes.set(outcome.id, outcome);
    this.book.outcomeOrder.push(outcome.id);
    executed.push(outcome);
  }

  // ---- scheduling hook ----

  /** Receipts waiting to run, by due block and emission order. */
  pendingReceipts(): PendingReceipt[] {
    return this.scheduler.pending();
  }

  /** Receipts that arrived but wait for data from other receipts (callbacks in flight). */
  postponedReceipts(): ActionReceipt[] {
    return [...this.book.postponed.values()];
  }

  /** Delays a pending receipt by `blocks` blocks (see ReceiptScheduler for the rules). */
  delayReceipt(receiptId: string, blocks: number): void {
    this.scheduler.delay(receiptId, blocks);
  }

  /** Runs `hook` before every action receipt (undefined: none). */
  setBeforeReceiptHook(hook: BeforeReceiptHook | undefined): void {
    this.beforeReceiptHook = hook;
  }

  /** Runs `hook` after every action receipt (undefined: none). */
  setAfterReceiptHook(hook: AfterReceiptHook | undefined): void {
    this.afterReceiptHook = hook;
  }

  /** Tells `hook` of every function call executed, failed ones included (undefined: none). */
  setFunctionCallHook(hook: FunctionCallHook | undefined): void {
    this.executor.functionCallHook = hook;
  }

  /** Holds receipts extra blocks as they are created (undefined: none). */
  setDelayPolicy(policy: DelayPolicy | undefined): void {
    this.delayPolicy = policy;
  }

  /** The transaction whose receipt tree a receipt belongs to. */
  transactionOf(receiptId: string): string | undefined {
    return this.book.receiptToTransaction.get(receiptId);
  }

  /**
   * NEAR held by receipts not yet executed: their attached deposits and the tokens of the
   * gas prepaid for them. Balances + this + net burnt tokens stay constant.
   */
  valueInFlight(): bigint {
    const pending = [...this.scheduler.pendingReceipts(), ...this.book.postponed.values()];
    let value = 0n;
    for (const receipt of pending) {
      if (receipt.kind !== 'action') continue;
      value += totalDeposit(receipt.actions);
      if (!receipt.isRefund) value += (prepaidFunctionCallGas(receipt.actions) + execFees(this.protocol, receipt, receipt.signerId === receipt.receiverId)) * receipt.gasPrice;
    }
    return value;
  }

  /** yoctoNEAR attached to action receipts still in flight to `accountId` (deposits, transfers, refunds), or only those `from` sent. */
  depositInFlightTo(accountId: string, from?: string): bigint {
    let value = 0n;
    for (const receipt of [...this.scheduler.pendingReceipts(), ...this.book.postponed.values()]) {
      if (receipt.kind !== 'action' || receipt.receiverId !== accountId) continue;
      if (from === undefined || receipt.predecessorId === from) value += totalDeposit(receipt.actions);
    }
    return value;
  }

  /**
   * Writes (or with null, removes) one contract storage entry directly, as the sandbox's
   * sandbox_patch_state does: no receipt, no gas. Storage usage follows.
   */
  patchStorage(accountId: string, key: Uint8Array, value: Uint8Array | null): void {
    const record = this.state.writable(accountId);
    const k = storageKey(key);
    const previous = record.storage.get(k);
    const size = (v: Uint8Array) => BigInt(key.length + v.length) + this.protocol.storageNumExtraBytesRecord;
    if (previous) record.info.storageUsage -= size(previous);
    if (value) {
      record.storage.set(k, value);
      record.info.storageUsage += size(value);
    } else {
      record.storage.delete(k);
    }
  }

  /** Sets an access key directly (sandbox_patch_state), creating or replacing it. */
  patchAccessKey(accountId: string, publicKey: string, accessKey: AccessKey): void {
    const record = this.state.writable(accountId);
    const previous = record.keys.get(publicKey);
    if (previous) record.info.storageUsage -= accessKeyRecordSize(this.protocol, publicKey, previous);
    record.keys.set(publicKey, accessKey);
    record.info.storageUsage += accessKeyRecordSize(this.protocol, publicKey, accessKey);
  }

  /** Sets an account's balances and storage usage directly (sandbox_patch_state), creating it if needed. */
  patchAccount(accountId: string, fields: { amount: bigint; locked: bigint; storageUsage?: bigint; codeHash?: string }): void {
    if (!this.state.has(accountId)) this.state.create(accountId, { amount: 0n, locked: 0n, storageUsage: this.protocol.storageNumBytesAccount, codeHash: undefined });
    const record = this.state.writable(accountId);
    record.info.amount = fields.amount;
    record.info.locked = fields.locked;
    if (fields.storageUsage !== undefined) record.info.storageUsage = fields.storageUsage;
    if (fields.codeHash !== undefined) record.info.codeHash = fields.codeHash === NO_CODE_HASH ? undefined : fields.codeHash;
  }

  /** Receipts of a transaction's tree not yet executed (optionally ignoring refunds). */
  pendingInTree(txHash: string, includeRefunds: boolean): number {
    const pending = [...this.scheduler.pendingReceipts(), ...this.book.postponed.values()];
    return pending.filter((r) => this.book.receiptToTransaction.get(r.receiptId) === txHash && (includeRefunds || r.kind !== 'action' || !r.isRefund)).length;
  }

  /** Chooses the order of receipts within each block (undefined: emission order). */
  setOrderPolicy(policy: OrderPolicy | undefined): void {
    this.scheduler.orderPolicy = policy;
  }

  // ---- outcomes ----

  outcome(id: string): ExecutionOutcome | undefined {
    return this.book.outcomes.get(id);
  }

  /** Every outcome so far, in execution order. */
  outcomes(): ExecutionOutcome[] {
    return this.book.outcomeOrder.map((id) => this.book.outcomes.get(id)!);
  }

  /** A transaction, included or still waiting for a block. */
  transaction(hash: string): (Transaction & { hash: string }) | undefined {
    return this.book.transactions.get(hash) ?? this.book.pendingTransactions.find((t) => t.hash === hash);
  }

  /** Transactions submitted or included whose final outcome is not yet known. */
  inFlightTransactions(): string[] {
    const pending = this.book.pendingTransactions.map((t) => t.hash);
    const included = [...this.book.transactions.keys()].filter((hash) => {
      const status = this.transactionResult(hash)?.status.type;
      return status === 'Started' || status === 'NotStarted';
    });
    return [...pending, ...included];
  }

  /**
   * The final outcome of a transaction, following its receipt chain as nearcore does:
   * the status is that of the last receipt in the chain of SuccessReceiptId links;
   * receiptsOutcome lists every receipt of its tree that has run (refunds included).
   */
  transactionResult(txHash: string): FinalExecutionOutcome | undefined {
    const transaction = this.book.transactions.get(txHash);
    const transactionOutcome = this.book.outcomes.get(txHash);
    if (!transaction || !transactionOutcome) return undefined;
    const receiptsOutcome: ExecutionOutcome[] = [];
    const queue = [...transactionOutcome.receiptIds];
    while (queue.length > 0) {
      const outcome = this.book.outcomes.get(queue.shift()!);
      if (!outcome) continue;
      receiptsOutcome.push(outcome);
      queue.push(...outcome.receiptIds);
    }
    let status: FinalExecutionStatus = { type: 'Started' };
    let next: string | undefined = (transactionOutcome.status as { receiptId: string }).receiptId;
    while (next) {
      const outcome = this.book.outcomes.get(next);
      if (!outcome) break;
      next = undefined;
      if (outcome.status.type === 'SuccessReceiptId') next = outcome.status.receiptId;
      else if (outcome.status.type === 'SuccessValue') status = { type: 'SuccessValue', value: outcome.status.value };
      else status = { type: 'Failure', error: outcome.status.error };
    }
    receiptsOutcome.sort((a, b) => this.book.outcomeOrder.indexOf(a.id) - this.book.outcomeOrder.indexOf(b.id));
    return { status, transaction, transactionOutcome, receiptsOutcome };
  }

  // ---- views (latest state) ----

  /** A view call: read-only, as nearcore's `query call_function`. Throws ViewError with nearcore's text. */
  view(accountId: string, method: string, args: Uint8Array | object = new Uint8Array()): ViewResult {
    const input = args instanceof Uint8Array ? args : new TextEncoder().encode(JSON.stringify(args));
    return viewFunction(this.state, this.protocol, this.contracts, this.head, BigInt(Math.floor(this.height / this.epochLength)), accountId, method, input);
  }

  /** A view call whose result is JSON. */
  viewJson<T = unknown>(accountId: string, method: string, args: object = {}): T {
    return JSON.parse(new TextDecoder().decode(this.view(accountId, method, args).result)) as T;
  }

  viewAccount(accountId: string): AccountView {
    return viewAccount(this.state, accountId);
  }

  viewState(accountId: string, prefix?: Uint8Array): { key: Uint8Array; value: Uint8Array }[] {
    return viewState(this.state, accountId, prefix);
  }

  viewAccessKey(accountId: string, publicKey: string): AccessKey {
    return viewAccessKey(this.state, accountId, publicKey);
  }

  viewAccessKeys(accountId: string): { publicKey: string; accessKey: AccessKey }[] {
    return viewAccessKeys(this.state, accountId);
  }

  viewCode(accountId: string): { code: Uint8Array; hash: string } {
    return viewCode(this.state, accountId);
  }

  // ---- snapshots ----

  snapshot(): ChainSnapshot {
    return { world: this.state.snapshot(), scheduler: this.scheduler.snapshot(), book: copyBook(this.book) };
  }

  restore(snapshot: ChainSnapshot): void {
    this.state.restore(snapshot.world);
    this.scheduler.restore(snapshot.scheduler);
    this.book = copyBook(snapshot.book);
  }
}

/** Bookkeeping copies share outcomes and receipts (never mutated once recorded). */
function copyBook(b: ChainBookkeeping): ChainBookkeeping {
  return {
    blocks: [...b.blocks],
    outcomes: new Map(b.outcomes),
    outcomeOrder: [...b.outcomeOrder],
    transactions: new Map(b.transactions),
    pendingTransactions: [...b.pendingTransactions],
    postponed: new Map(b.postponed),
    waitingFor: new Map(b.waitingFor),
    receivedData: new Map(b.receivedData),
    receiptToTransaction: new Map(b.receiptToTransaction),
    treeSizes: new Map(b.treeSizes),
  };
}

function statusDigest(outcome: ExecutionOutcome): string {
  const status = outcome.status;
  if (status.type === 'SuccessValue') return `v${Buffer.from(status.value).toString('base64')}`;
  if (status.type === 'SuccessReceiptId') return `r${status.receiptId}`;
  return `f${JSON.stringify(status.error, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`;
}
