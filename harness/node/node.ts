/**
 * A NEAR JSON-RPC node over the embedded runtime: the methods near-workspaces 5 and
 * near-api-js use, with nearcore's result and error shapes. Blocks are produced when a
 * request waits for execution, on `sandbox_fast_forward`, and (optionally) by a timer
 * while anything is pending, so time moves as blocks are produced.
 */
import { createServer, type Server } from 'node:http';
import { ed25519 } from '@noble/curves/ed25519';
import type { z } from 'zod';
import {
  base58,
  Chain,
  InvalidTransactionError,
  NO_CODE_HASH,
  ViewError,
  type ChainOptions,
  type FinalExecutionOutcome,
} from '../runtime/index.js';
import { safelyReport, writeDiagnosticToStderr, type DiagnosticHook, type NodeDiagnostic } from './diagnostics.js';
import { produceBlocksUntil } from './fast-forward.js';
import { LATEST_PROTOCOL_VERSION, noPresetMessage, protocolPreset, protocolVersionOf } from './protocol-versions.js';
import { jsonRpcListener, MAX_JSON_PAYLOAD_BYTES } from './http-transport.js';
import { emptyBatch, failure, readRequest, success, type Answer, type JsonRpcId, type JsonRpcResponse } from './json-rpc.js';
import { handlerError, internalError, invalidTransaction, methodNotFound, parseError, RpcError, UNEXPECTED_FAILURE_TEXT } from './rpc-errors.js';
import { isMethodName, METHOD_PARAMS, parseParams, type MethodName, type ParamsOf, type StateRecord, type WaitUntil } from './rpc-params.js';
import { BorshError, decodeSignedTransaction } from './signed-transaction.js';
import { TimeSlice } from './time-slice.js';
import { accessKeyView, actionView, blockView, finalOutcomeView } from './views.js';

export type { WaitUntil } from './rpc-params.js';

export interface KeyPair {
  publicKey: string;
  /** "ed25519:<base58 of seed ++ public key>", the form near-api-js and validator_key.json use. */
  secretKey: string;
}

export function keyPairFromSeed(seed: Uint8Array): KeyPair {
  const publicKey = ed25519.getPublicKey(seed);
  return { publicKey: `ed25519:${base58(publicKey)}`, secretKey: `ed25519:${base58(new Uint8Array([...seed, ...publicKey]))}` };
}

/**
 * A fixed key pair (every seed byte `seed`), derived on first use: the first derivation in a
 * thread builds the curve's tables (about 0.1 s), which a run that signs nothing, as every
 * run on the embedded runtime, should not pay at import.
 */
export function lazyKeyPair(seed: number): () => KeyPair {
  let pair: KeyPair | undefined;
  return () => (pair ??= keyPairFromSeed(new Uint8Array(32).fill(seed)));
}

/** The default root key: fixed, so a home written by `init` keeps controlling `test.near`. */
export const defaultRootKeyPair = lazyKeyPair(7);

export interface NodeOptions extends ChainOptions {
  /** Produce a block every this many ms while anything is pending (0: only on demand). */
  autoBlockMs?: number;
  /**
   * The protocol version the node runs and reports: its preset (protocol-versions.ts) is the
   * chain's protocol unless `protocol` is given. Default: the version of `protocol` (the
   * latest preset's, LATEST_PROTOCOL_VERSION, when neither is given).
   */
  protocolVersion?: number;
  /** The chain id `status`, block headers and the protocol config report (a genesis' chain_id; default "sandbox"). */
  chainId?: string;
  /** Blocks a transaction's block hash stays valid (the sandbox genesis: 100). */
  transactionValidityPeriod?: number;
  rootKeyPair?: KeyPair;
  /** Blocks a waiting request may produce before giving up with a timeout error. */
  maxBlocksPerWait?: number;
  /** The largest request body accepted, in bytes (default: nearcore's 10 MiB). */
  maxBodyBytes?: number;
  /**
   * Receives the node's unexpected failures (clients only get a neutral INTERNAL_ERROR).
   * Default: one line on stderr.
   */
  onDiagnostic?: DiagnosticHook;
}

/** What `handle` answers: one response, or a batch's responses in request order. */
export interface RpcAnswer {
  status: number;
  payload: JsonRpcResponse | JsonRpcResponse[];
}

type Empty = Record<string, never>;

export class EmbeddedNode {
  readonly chain: Chain;
  readonly rootKeyPair: KeyPair;
  /** The protocol version the chain runs, as `status` reports it. */
  readonly protocolVersion: number;
  readonly chainId: string;
  private readonly validityPeriod: number;
  private readonly maxBlocksPerWait: number;
  private readonly autoBlockMs: number;
  private readonly maxBodyBytes: number;
  private readonly onDiagnostic: DiagnosticHook;
  private server: Server | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly signatures = new Map<string, string>();
  /** The tail of the fast-forwards queued so far: they run one after another. */
  private fastForwards: Promise<unknown> = Promise.resolve();

  constructor(options: NodeOptions = {}) {
    this.rootKeyPair = options.rootKeyPair ?? defaultRootKeyPair();
    const preset = options.protocolVersion === undefined ? undefined : protocolPreset(options.protocolVersion);
    if (options.protocolVersion !== undefined && !preset) throw new RangeError(noPresetMessage(options.protocolVersion));
    const protocol = options.protocol ?? preset?.protocol;
    this.protocolVersion = options.protocolVersion ?? (protocol ? protocolVersionOf(protocol) : LATEST_PROTOCOL_VERSION);
    this.chainId = options.chainId ?? 'sandbox';
    this.chain = new Chain({ ...options, ...(protocol ? { protocol } : {}), rootPublicKey: this.rootKeyPair.publicKey });
    this.validityPeriod = options.transactionValidityPeriod ?? 100;
    this.maxBlocksPerWait = options.maxBlocksPerWait ?? 500;
    this.autoBlockMs = options.autoBlockMs ?? 0;
    this.maxBodyBytes = options.maxBodyBytes ?? MAX_JSON_PAYLOAD_BYTES;
    this.onDiagnostic = options.onDiagnostic ?? writeDiagnosticToStderr;
    // Block 1 exists from the start: clients take a "final" block hash to sign with.
    this.chain.step();
  }

  // ---- HTTP ----

  /** Listens on host:port (port 0: any free port); resolves with the URL. */
  listen(port = 0, host = '127.0.0.1'): Promise<{ url: string; port: number }> {
    return new Promise((resolve, reject) => {
      const server = createServer(
        jsonRpcListener({ maxBodyBytes: this.maxBodyBytes, answer: (body) => this.handle(body), status: () => this.status(), report: (d) => this.report(d) }),
      );
      server.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} on ${host} is already in use: stop whatever listens there, or choose another port`));
        else reject(error);
      });
      server.listen(port, host, () => {
        const address = server.address();
        const actual = typeof address === 'object' && address ? address.port : port;
        this.server = server;
        if (this.autoBlockMs > 0) {
          this.timer = setInterval(() => {
            if (this.chain.busy) this.chain.step();
          }, this.autoBlockMs);
          this.timer.unref();
        }
        resolve({ url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}`, port: actual });
      });
    });
  }

  async close(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  // ---- JSON-RPC ----

  /**
   * Answers a parsed JSON-RPC body (also usable without HTTP): one request, or a batch, whose
   * responses come in request order. Never rejects: every failure is a JSON-RPC error.
   */
  async handle(body: unknown): Promise<RpcAnswer> {
    if (!Array.isArray(body)) return this.answer(body);
    if (body.length === 0) return emptyBatch();
    const responses: JsonRpcResponse[] = [];
    // A batch of many quick requests is still long: let other clients in between.
    const slice = new TimeSlice();
    for (const item of body) {
      responses.push((await this.answer(item)).payload);
      if (slice.expired) await slice.yield();
    }
    return { status: 200, payload: responses };
  }

  private async answer(value: unknown): Promise<Answer> {
    const read = readRequest(value);
    if ('failure' in read) return read.failure;
    const { id, method, params } = read.request;
    try {
      return success(id, await this.dispatch(method, params));
    } catch (error) {
      return this.failed(id, method, error);
    }
  }

  /** RpcErrors are answers; anything else is our failure: reported, and answered neutrally. */
  private failed(id: JsonRpcId, method: string, error: unknown): Answer {
    if (error instanceof RpcError) return failure(id, error);
    this.report({ context: method, error });
    return failure(id, internalError(UNEXPECTED_FAILURE_TEXT));
  }

  private report(diagnostic: NodeDiagnostic): void {
    safelyReport(this.onDiagnostic, diagnostic);
  }

  private dispatch(method: string, params: unknown): unknown {
    if (this.stopping) throw internalError('the node is shutting down', 503);
    if (!isMethodName(method)) throw methodNotFound(method);
    return this.methods[method](params);
  }

  /** Each method with its params schema (rpc-params.ts): answers see only validated params. */
  private readonly methods: Record<MethodName, (params: unknown) => unknown> = {
    block: withParams(METHOD_PARAMS.block, (p) => this.block(p.block_id)),
    status: withParams(METHOD_PARAMS.status, () => this.status()),
    query: withParams(METHOD_PARAMS.query, (p) => this.query(p)),
    send_tx: withParams(METHOD_PARAMS.send_tx, (p) => this.sendTransaction(p.signed_tx_base64, p.wait_until ?? 'EXECUTED_OPTIMISTIC')),
    broadcast_tx_commit: withParams(METHOD_PARAMS.broadcast_tx_commit, (p) => this.sendTransaction(p.signed_tx_base64, 'EXECUTED_OPTIMISTIC')),
    broadcast_tx_async: withParams(METHOD_PARAMS.broadcast_tx_async, (p) => this.sendTransaction(p.signed_tx_base64, 'NONE', true)),
    tx: withParams(METHOD_PARAMS.tx, (p) => this.transactionStatus(p, false)),
    EXPERIMENTAL_tx_status: withParams(METHOD_PARAMS.EXPERIMENTAL_tx_status, (p) => this.transactionStatus(p, true)),
    EXPERIMENTAL_protocol_config: withParams(METHOD_PARAMS.EXPERIMENTAL_protocol_config, () => this.protocolConfig()),
    gas_price: withParams(METHOD_PARAMS.gas_price, () => ({ gas_price: this.chain.gasPrice.toString() })),
    sandbox_patch_state: withParams(METHOD_PARAMS.sandbox_patch_state, (p) => this.patchState(p.records)),
    sandbox_fast_forward: withParams(METHOD_PARAMS.sandbox_fast_forward, (p) => this.fastForward(p.delta_height)),
  };

  // ---- blocks and status ----

  private block(blockId: number | string | undefined) {
    const reported = { chainId: this.chainId, protocolVersion: this.protocolVersion };
    if (blockId === undefined) return blockView(this.chain, this.chain.head, reported);
    const block = typeof blockId === 'number' ? this.chain.block(blockId) : this.chain.blockByHash(blockId);
    if (!block) throw handlerError('UNKNOWN_BLOCK', { block_reference: { block_id: blockId } }, `DB Not Found Error: BLOCK: ${blockId}`);
    return blockView(this.chain, block, reported);
  }

  status() {
    const head = this.chain.head;
    return {
      // The genesis' chain id and protocol version: one protocol runs from genesis on, so
      // the newest version the node supports (latest_protocol_version) is that one too.
      chain_id: this.chainId,
      genesis_hash: this.chain.block(0)!.hash,
      latest_protocol_version: this.protocolVersion,
      protocol_version: this.protocolVersion,
      rpc_addr: null,
      node_public_key: this.rootKeyPair.publicKey,
      node_key: null,
      validator_account_id: this.chain.rootAccountId,
      validator_public_key: this.rootKeyPair.publicKey,
      validators: [{ account_id: this.chain.rootAccountId }],
      version: { version: 'near-rollback-harness', build: 'embedded', rustc_version: '' },
      sync_info: {
        latest_block_hash: head.hash,
        latest_block_height: head.height,
        latest_state_root: NO_CODE_HASH,
        latest_block_time: new Date(Number(head.timestamp / 1_000_000n)).toISOString(),
        syncing: false,
        earliest_block_hash: this.chain.block(0)!.hash,
        earliest_block_height: 0,
        earliest_block_time: new Date(Number(this.chain.block(0)!.timestamp / 1_000_000n)).toISOString(),
        epoch_id: NO_CODE_HASH,
        epoch_start_height: 0,
      },
    };
  }

  private protocolConfig() {
    const p = this.chain.protocol;
    return {
      protocol_version: this.protocolVersion,
      chain_id: this.chainId,
      genesis_height: 0,
      epoch_length: 43_200,
      min_gas_price: p.minGasPrice.toString(),
      max_gas_price: (p.minGasPrice * 10_000_000n).toString(),
      transaction_validity_period: this.validityPeriod,
      runtime_config: {
        storage_amount_per_byte: p.storageAmountPerByte.toString(),
        wasm_config: { limit_config: { max_gas_burnt: Number(p.limits.maxGasBurnt), max_total_prepaid_gas: Number(p.maxTotalPrepaidGas) } },
      },
    };
  }

  // ---- queries ----

  private where() {
    return { block_height: this.chain.height, block_hash: this.chain.head.hash };
  }

  private query(params: ParamsOf<'query'>) {
    const accountId = params.account_id;
    if (!this.chain.state.has(accountId)) {
      if (params.request_type === 'view_access_key') return { error: `account ${accountId} does not exist while viewing`, logs: [], ...this.where() };
      throw handlerError('UNKNOWN_ACCOUNT', { requested_account_id: accountId, ...this.where() }, `account ${accountId} does not exist while viewing`);
    }
    switch (params.request_type) {
      case 'view_account': {
        const a = this.chain.viewAccount(accountId);
        return { amount: a.amount.toString(), locked: a.locked.toString(), code_hash: a.codeHash, storage_usage: Number(a.storageUsage), storage_paid_at: 0, ...this.where() };
      }
      case 'view_access_key':
        return this.viewAccessKey(accountId, params.public_key);
      case 'view_access_key_list':
        return { keys: this.chain.viewAccessKeys(accountId).map((k) => ({ public_key: k.publicKey, access_key: accessKeyView(k.accessKey) })), ...this.where() };
      case 'view_code':
        return this.viewCode(accountId);
      case 'call_function':
        return this.callFunction(accountId, params.method_name, fromBase64(params.args_base64));
      case 'view_state': {
        const values = this.chain.viewState(accountId, fromBase64(params.prefix_base64)).map((e) => ({ key: toBase64(e.key), value: toBase64(e.value), proof: [] }));
        return { values, proof: [], ...this.where() };
      }
    }
  }

  private viewAccessKey(accountId: string, publicKey: string) {
    try {
      return { ...accessKeyView(this.chain.viewAccessKey(accountId, publicKey)), ...this.where() };
    } catch (error) {
      if (!(error instanceof ViewError)) throw error;
      // nearcore answers a missing key with a success body carrying the error text.
      return { error: `access key ${publicKey} does not exist while viewing`, logs: [], ...this.where() };
    }
  }

  private viewCode(accountId: string) {
    try {
      const { code, hash } = this.chain.viewCode(accountId);
      return { code_base64: toBase64(code), hash, ...this.where() };
    } catch (error) {
      if (!(error instanceof ViewError)) throw error;
      throw handlerError('NO_CONTRACT_CODE', { contract_account_id: accountId, ...this.where() }, `Contract code for contract ID #${accountId} has never been observed on the node`);
    }
  }

  private callFunction(accountId: string, method: string, args: Uint8Array) {
    try {
      const { result, logs } = this.chain.view(accountId, method, args);
      return { result: [...result], logs, ...this.where() };
    } catch (error) {
      if (!(error instanceof ViewError)) throw error;
      return { error: error.message, logs: [], ...this.where() };
    }
  }

  // ---- transactions ----

  private sendTransaction(base64: string, waitUntil: WaitUntil, hashOnly = false): unknown {
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length === 0 || bytes.toString('base64').replace(/=+$/, '') !== base64.replace(/=+$/, '')) throw parseError('signed_tx_base64 is not valid base64');
    let decoded: ReturnType<typeof decodeSignedTransaction>;
    try {
      decoded = decodeSignedTransaction(new Uint8Array(bytes));
    } catch (error) {
      if (error instanceof BorshError) throw parseError(`Failed parsing args: the transaction is not valid borsh: ${error.message}`);
      throw error;
    }
    const { transaction, hash } = decoded;
    if (!this.chain.transaction(hash)) {
      if (!decoded.signatureValid) throw invalidTransaction('InvalidSignature');
      const block = this.chain.blockByHash(decoded.blockHash);
      if (!block) throw invalidTransaction('InvalidChain');
      if (this.chain.height - block.height > this.validityPeriod) throw invalidTransaction('Expired');
      try {
        this.chain.submitTransaction({ ...transaction, hash });
      } catch (error) {
        if (error instanceof InvalidTransactionError) throw invalidTransaction(numbersForNonces(error.error));
        throw error;
      }
      this.signatures.set(hash, `ed25519:${base58(decoded.signature)}`);
    }
    if (hashOnly) return hash;
    return this.await(hash, transaction.signerId, waitUntil);
  }

  private transactionStatus(params: ParamsOf<'tx'>, withReceipts: boolean): unknown {
    const { tx_hash: hash, sender_account_id: sender } = params;
    const wait = params.wait_until ?? 'EXECUTED_OPTIMISTIC';
    const tx = this.chain.transaction(hash);
    if (!tx || tx.signerId !== sender) {
      throw handlerError('UNKNOWN_TRANSACTION', { requested_transaction_hash: hash }, `Transaction ${hash} doesn't exist`);
    }
    const view = this.await(hash, sender, wait);
    if (!withReceipts || !('receipts_outcome' in view)) return view;
    // EXPERIMENTAL_tx_status also lists the receipts themselves (who sent them, their actions).
    const receipts = this.chain.transactionResult(hash)!.receiptsOutcome.map((o) => ({
      predecessor_id: o.predecessorId,
      receiver_id: o.executorId,
      receipt_id: o.id,
      receipt: {
        Action: {
          signer_id: o.receipt?.signerId,
          signer_public_key: o.receipt?.signerPublicKey,
          gas_price: o.receipt?.gasPrice.toString(),
          output_data_receivers: (o.receipt?.outputDataReceivers ?? []).map((r) => ({ data_id: r.dataId, receiver_id: r.receiverId })),
          input_data_ids: o.receipt?.inputDataIds ?? [],
          actions: (o.receipt?.actions ?? []).map(actionView),
          is_promise_yield: false,
        },
      },
    }));
    return { ...view, receipts };
  }

  /** Produces blocks until the transaction reaches `waitUntil`, then describes it. */
  private await(hash: string, _sender: string, waitUntil: WaitUntil): Record<string, unknown> {
    const reached = (): boolean => {
      const result = this.chain.transactionResult(hash);
      if (waitUntil === 'NONE') return true;
      if (!result) return false;
      if (waitUntil === 'INCLUDED' || waitUntil === 'INCLUDED_FINAL') return true;
      const final = result.status.type === 'SuccessValue' || result.status.type === 'Failure';
      return final && this.chain.pendingInTree(hash, waitUntil !== 'EXECUTED_OPTIMISTIC') === 0;
    };
    for (let produced = 0; !reached(); produced++) {
      if (produced >= this.maxBlocksPerWait || !this.chain.busy) {
        throw handlerError('TIMEOUT_ERROR', {}, `Timeout: transaction ${hash} did not reach ${waitUntil} within ${produced} blocks`);
      }
      this.chain.step();
    }
    const result = this.chain.transactionResult(hash);
    if (!result) return { final_execution_status: 'NONE' };
    const status = this.statusReached(result);
    if (waitUntil === 'NONE' || waitUntil === 'INCLUDED' || waitUntil === 'INCLUDED_FINAL') {
      if (status === 'INCLUDED' || status === 'INCLUDED_FINAL') return { final_execution_status: status };
    }
    return finalOutcomeView(result, status, this.signatures.get(hash));
  }

  private statusReached(result: FinalExecutionOutcome): WaitUntil {
    const final = result.status.type === 'SuccessValue' || result.status.type === 'Failure';
    if (!final) return 'INCLUDED_FINAL';
    return this.chain.pendingInTree(result.transaction.hash, true) === 0 ? 'FINAL' : 'EXECUTED_OPTIMISTIC';
  }

  // ---- sandbox ----

  /** Records apply in order; nearcore's StateRecord shapes (validated in rpc-params.ts). */
  private patchState(records: StateRecord[]): Empty {
    for (const record of records) this.applyRecord(record);
    return {};
  }

  private applyRecord({ Account, AccessKey, Contract, Data }: StateRecord): void {
    if (Account) {
      const { amount, locked, storage_usage, code_hash } = Account.account;
      this.chain.patchAccount(Account.account_id, {
        amount: amount ?? 0n,
        locked: locked ?? 0n,
        ...(storage_usage !== undefined ? { storageUsage: storage_usage } : {}),
        ...(code_hash !== undefined ? { codeHash: code_hash } : {}),
      });
    } else if (AccessKey) {
      const { nonce, permission } = AccessKey.access_key;
      const functionCall = typeof permission === 'object' ? permission.FunctionCall : undefined;
      this.requireAccount(AccessKey.account_id);
      this.chain.patchAccessKey(AccessKey.account_id, AccessKey.public_key, {
        nonce: nonce ?? 0n,
        ...(functionCall
          ? {
              functionCall: {
                ...(functionCall.allowance != null ? { allowance: functionCall.allowance } : {}),
                receiverId: functionCall.receiver_id,
                methodNames: functionCall.method_names ?? [],
              },
            }
          : {}),
      });
    } else if (Contract) {
      if (!this.chain.state.has(Contract.account_id)) this.chain.patchAccount(Contract.account_id, { amount: 0n, locked: 0n });
      this.chain.setCode(Contract.account_id, fromBase64(Contract.code));
    } else if (Data) {
      this.requireAccount(Data.account_id);
      this.chain.patchStorage(Data.account_id, fromBase64(Data.data_key), fromBase64(Data.value));
    }
  }

  /** Keys and storage belong to an account: patching them for a missing one is refused. */
  private requireAccount(accountId: string): void {
    if (!this.chain.state.has(accountId)) throw handlerError('UNKNOWN_ACCOUNT', { requested_account_id: accountId }, `account ${accountId} does not exist`);
  }

  /**
   * Runs after the fast-forwards queued before it (so each moves `delta` past the head it
   * starts from), in slices that leave the node answering meanwhile (fast-forward.ts).
   * Resolves to `{}`, nearcore's result: near-api-js needs a defined one.
   */
  private fastForward(delta: number): Promise<Empty> {
    const run = this.fastForwards.then(async (): Promise<Empty> => {
      const finished = await produceBlocksUntil(this.chain, this.chain.height + delta, () => this.stopping);
      if (!finished) throw internalError('the node is shutting down', 503);
      return {};
    });
    this.fastForwards = run.catch(() => undefined);
    return run;
  }
}

/** An answer that runs only on params `schema` accepts (a PARSE_ERROR naming the wrong parameters otherwise). */
function withParams<S extends z.ZodType>(schema: S, answer: (params: z.output<S>) => unknown): (params: unknown) => unknown {
  return (params) => answer(parseParams(schema, params));
}

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const fromBase64 = (text: string | undefined): Uint8Array => new Uint8Array(Buffer.from(text ?? '', 'base64'));

/** nearcore reports nonces as JSON numbers. */
function numbersForNonces(error: Record<string, unknown>): unknown {
  return JSON.parse(
    JSON.stringify(error, (key, v: unknown) =>
      typeof v === 'bigint' ? (['tx_nonce', 'ak_nonce', 'upper_bound', 'total_prepaid_gas', 'limit'].includes(key) ? Number(v) : v.toString()) : v,
    ),
  );
}

