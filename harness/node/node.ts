/**
 * A NEAR JSON-RPC node over the embedded runtime: the methods near-workspaces 5 and
 * near-api-js use, with nearcore's result and error shapes. Blocks are produced when a
 * request waits for execution, on `sandbox_fast_forward`, and (optionally) by a timer
 * while anything is pending, so time moves as blocks are produced.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ed25519 } from '@noble/curves/ed25519';
import {
  base58,
  Chain,
  InvalidTransactionError,
  NO_CODE_HASH,
  publicKeyFromBorsh,
  ViewError,
  type ChainOptions,
  type FinalExecutionOutcome,
} from '../runtime/index.js';
import { BorshError, decodeSignedTransaction } from './signed-transaction.js';
import { handlerError, invalidTransaction, methodNotFound, parseError, RpcError } from './rpc-errors.js';
import { accessKeyView, actionView, blockView, finalOutcomeView } from './views.js';

export type WaitUntil = 'NONE' | 'INCLUDED' | 'EXECUTED_OPTIMISTIC' | 'INCLUDED_FINAL' | 'EXECUTED' | 'FINAL';
const WAIT_LEVELS: readonly WaitUntil[] = ['NONE', 'INCLUDED', 'EXECUTED_OPTIMISTIC', 'INCLUDED_FINAL', 'EXECUTED', 'FINAL'];
type Params = Record<string, unknown>;

export interface KeyPair {
  publicKey: string;
  /** "ed25519:<base58 of seed ++ public key>", the form near-api-js and validator_key.json use. */
  secretKey: string;
}

export function keyPairFromSeed(seed: Uint8Array): KeyPair {
  const publicKey = ed25519.getPublicKey(seed);
  return { publicKey: `ed25519:${base58(publicKey)}`, secretKey: `ed25519:${base58(new Uint8Array([...seed, ...publicKey]))}` };
}

/** The default root key: fixed, so a home written by `init` keeps controlling `test.near`. */
export const DEFAULT_ROOT_KEY_PAIR = keyPairFromSeed(new Uint8Array(32).fill(7));

export interface NodeOptions extends ChainOptions {
  /** Produce a block every this many ms while anything is pending (0: only on demand). */
  autoBlockMs?: number;
  /** Blocks a transaction's block hash stays valid (the sandbox genesis: 100). */
  transactionValidityPeriod?: number;
  rootKeyPair?: KeyPair;
  /** Blocks a waiting request may produce before giving up with a timeout error. */
  maxBlocksPerWait?: number;
}

interface JsonRpcRequest {
  jsonrpc?: string;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

export class EmbeddedNode {
  readonly chain: Chain;
  readonly rootKeyPair: KeyPair;
  private readonly validityPeriod: number;
  private readonly maxBlocksPerWait: number;
  private readonly autoBlockMs: number;
  private server: Server | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly signatures = new Map<string, string>();

  constructor(options: NodeOptions = {}) {
    this.rootKeyPair = options.rootKeyPair ?? DEFAULT_ROOT_KEY_PAIR;
    this.chain = new Chain({ ...options, rootPublicKey: this.rootKeyPair.publicKey });
    this.validityPeriod = options.transactionValidityPeriod ?? 100;
    this.maxBlocksPerWait = options.maxBlocksPerWait ?? 500;
    this.autoBlockMs = options.autoBlockMs ?? 0;
    // Block 1 exists from the start: clients take a "final" block hash to sign with.
    this.chain.step();
  }

  // ---- HTTP ----

  /** Listens on host:port (port 0: any free port); resolves with the URL. */
  listen(port = 0, host = '127.0.0.1'): Promise<{ url: string; port: number }> {
    return new Promise((resolve, reject) => {
      const server = createServer((request, response) => void this.serve(request, response));
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

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      response.end(text);
    };
    if (request.method === 'GET' && (request.url === '/status' || request.url?.startsWith('/status?'))) {
      send(200, this.status());
      return;
    }
    if (request.method !== 'POST') {
      send(405, { error: 'use POST / with a JSON-RPC body, or GET /status' });
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body: JsonRpcRequest;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as JsonRpcRequest;
    } catch (error) {
      send(400, { jsonrpc: '2.0', id: null, error: parseError(`invalid JSON: ${(error as Error).message}`).error });
      return;
    }
    if (this.stopping) {
      send(503, { jsonrpc: '2.0', id: body.id ?? null, error: handlerError('INTERNAL_ERROR', {}, 'the node is shutting down').error });
      return;
    }
    const { status, payload } = this.handle(body);
    send(status, payload);
  }

  /** Answers one JSON-RPC request (also usable without HTTP). */
  handle(body: JsonRpcRequest): { status: number; payload: Record<string, unknown> } {
    const id = body.id ?? null;
    try {
      if (typeof body.method !== 'string') throw parseError('the request has no "method"');
      return { status: 200, payload: { jsonrpc: '2.0', id, result: this.dispatch(body.method, body.params) } };
    } catch (error) {
      if (error instanceof RpcError) return { status: error.httpStatus, payload: { jsonrpc: '2.0', id, error: error.error } };
      const message = error instanceof Error ? error.message : String(error);
      return { status: 200, payload: { jsonrpc: '2.0', id, error: handlerError('INTERNAL_ERROR', { error_message: message }, message).error } };
    }
  }

  private dispatch(method: string, params: unknown): unknown {
    switch (method) {
      case 'block':
        return this.blockMethod(params as Params);
      case 'status':
        return this.status();
      case 'query':
        return this.query(params as Params);
      case 'send_tx':
        return this.sendTransaction(this.param(params, 'signed_tx_base64'), this.waitUntil(params, 'EXECUTED_OPTIMISTIC'));
      case 'broadcast_tx_commit':
        return this.sendTransaction(this.arrayParam(params, 0), 'EXECUTED_OPTIMISTIC');
      case 'broadcast_tx_async':
        return this.sendTransaction(this.arrayParam(params, 0), 'NONE', true);
      case 'tx':
        return this.transactionStatus(params, false);
      case 'EXPERIMENTAL_tx_status':
        return this.transactionStatus(params, true);
      case 'EXPERIMENTAL_protocol_config':
        return this.protocolConfig();
      case 'gas_price':
        return { gas_price: this.chain.gasPrice.toString() };
      case 'sandbox_patch_state':
        return this.patchState(params as Params);
      case 'sandbox_fast_forward':
        return this.fastForward(params as Params);
      default:
        throw methodNotFound(method);
    }
  }

  private param(params: unknown, name: string): string {
    const value = Array.isArray(params) ? params[0] : (params as Params | undefined)?.[name];
    if (typeof value !== 'string') throw parseError(`missing string parameter "${name}"`);
    return value;
  }

  private arrayParam(params: unknown, index: number): string {
    const value = Array.isArray(params) ? params[index] : undefined;
    if (typeof value !== 'string') throw parseError(`expected parameters [signed_tx_base64]`);
    return value;
  }

  private waitUntil(params: unknown, fallback: WaitUntil): WaitUntil {
    const value = Array.isArray(params) ? undefined : (params as Params | undefined)?.['wait_until'];
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !WAIT_LEVELS.includes(value as WaitUntil)) throw parseError(`unknown wait_until ${JSON.stringify(value)} (one of ${WAIT_LEVELS.join(', ')})`);
    return value as WaitUntil;
  }

  // ---- blocks and status ----

  private blockMethod(params: Params | undefined) {
    const blockId = params?.['block_id'];
    if (blockId === undefined) return blockView(this.chain, this.chain.head);
    const block = typeof blockId === 'number' ? this.chain.block(blockId) : typeof blockId === 'string' ? this.chain.blockByHash(blockId) : undefined;
    if (!block) throw handlerError('UNKNOWN_BLOCK', { block_reference: { block_id: blockId } }, `DB Not Found Error: BLOCK: ${String(blockId)}`);
    return blockView(this.chain, block);
  }

  status() {
    const head = this.chain.head;
    return {
      chain_id: 'sandbox',
      genesis_hash: this.chain.block(0)!.hash,
      latest_protocol_version: 74,
      protocol_version: 74,
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
      protocol_version: 74,
      chain_id: 'sandbox',
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

  private query(params: Params | undefined) {
    if (!params || typeof params !== 'object' || Array.isArray(params)) throw parseError('query takes an object: {request_type, finality | block_id, …}');
    const type = params['request_type'];
    const accountId = params['account_id'];
    if (typeof accountId !== 'string') throw parseError('query needs "account_id"');
    const unknownAccount = () =>
      handlerError('UNKNOWN_ACCOUNT', { requested_account_id: accountId, ...this.where() }, `account ${accountId} does not exist while viewing`);
    if (!this.chain.state.has(accountId)) {
      if (type === 'view_access_key') return { error: `account ${accountId} does not exist while viewing`, logs: [], ...this.where() };
      throw unknownAccount();
    }
    switch (type) {
      case 'view_account': {
        const a = this.chain.viewAccount(accountId);
        return { amount: a.amount.toString(), locked: a.locked.toString(), code_hash: a.codeHash, storage_usage: Number(a.storageUsage), storage_paid_at: 0, ...this.where() };
      }
      case 'view_access_key': {
        const publicKey = params['public_key'];
        if (typeof publicKey !== 'string') throw parseError('view_access_key needs "public_key"');
        try {
          return { ...accessKeyView(this.chain.viewAccessKey(accountId, publicKey)), ...this.where() };
        } catch (error) {
          if (!(error instanceof ViewError)) throw error;
          // nearcore answers a missing key with a success body carrying the error text.
          return { error: `access key ${publicKey} does not exist while viewing`, logs: [], ...this.where() };
        }
      }
      case 'view_access_key_list':
        return { keys: this.chain.viewAccessKeys(accountId).map((k) => ({ public_key: k.publicKey, access_key: accessKeyView(k.accessKey) })), ...this.where() };
      case 'view_code':
        try {
          const { code, hash } = this.chain.viewCode(accountId);
          return { code_base64: Buffer.from(code).toString('base64'), hash, ...this.where() };
        } catch (error) {
          if (!(error instanceof ViewError)) throw error;
          throw handlerError('NO_CONTRACT_CODE', { contract_account_id: accountId, ...this.where() }, `Contract code for contract ID #${accountId} has never been observed on the node`);
        }
      case 'call_function': {
        const method = params['method_name'];
        const args = params['args_base64'];
        if (typeof method !== 'string') throw parseError('call_function needs "method_name"');
        const input = typeof args === 'string' ? new Uint8Array(Buffer.from(args, 'base64')) : new Uint8Array();
        try {
          const { result, logs } = this.chain.view(accountId, method, input);
          return { result: [...result], logs, ...this.where() };
        } catch (error) {
          if (!(error instanceof ViewError)) throw error;
          return { error: error.message, logs: [], ...this.where() };
        }
      }
      case 'view_state': {
        const prefix = typeof params['prefix_base64'] === 'string' ? new Uint8Array(Buffer.from(params['prefix_base64'], 'base64')) : new Uint8Array();
        const values = this.chain.viewState(accountId, prefix).map((e) => ({ key: Buffer.from(e.key).toString('base64'), value: Buffer.from(e.value).toString('base64'), proof: [] }));
        return { values, proof: [], ...this.where() };
      }
      default:
        throw parseError(`unknown request_type ${JSON.stringify(type)}`);
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

  private transactionStatus(params: unknown, withReceipts: boolean): unknown {
    let hash: unknown;
    let sender: unknown;
    let wait: WaitUntil = 'EXECUTED_OPTIMISTIC';
    if (Array.isArray(params)) [hash, sender] = params as unknown[];
    else {
      hash = (params as Params | undefined)?.['tx_hash'];
      sender = (params as Params | undefined)?.['sender_account_id'];
      wait = this.waitUntil(params, 'EXECUTED_OPTIMISTIC');
    }
    if (typeof hash !== 'string' || typeof sender !== 'string') throw parseError('tx takes {tx_hash, sender_account_id, wait_until?}');
    const tx = this.chain.transaction(hash);
    if (!tx || tx.signerId !== sender) {
      throw handlerError('UNKNOWN_TRANSACTION', { requested_transaction_hash: hash }, `Transaction ${hash} doesn't exist`);
    }
    const view = this.await(hash, sender, wait) as Record<string, unknown>;
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
  private await(hash: string, _sender: string, waitUntil: WaitUntil): unknown {
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

  private patchState(params: Params | undefined): Record<string, never> {
    const records = params?.['records'];
    if (!Array.isArray(records)) throw parseError('sandbox_patch_state takes {records: [...]}');
    for (const record of records as Params[]) {
      if (record['Account']) {
        const { account_id, account } = record['Account'] as { account_id: string; account: Params };
        this.chain.patchAccount(account_id, {
          amount: BigInt(String(account['amount'] ?? '0')),
          locked: BigInt(String(account['locked'] ?? '0')),
          ...(account['storage_usage'] !== undefined ? { storageUsage: BigInt(String(account['storage_usage'])) } : {}),
          ...(typeof account['code_hash'] === 'string' ? { codeHash: account['code_hash'] } : {}),
        });
      } else if (record['AccessKey']) {
        const { account_id, public_key, access_key } = record['AccessKey'] as { account_id: string; public_key: string; access_key: Params };
        const permission = access_key['permission'];
        const fc = typeof permission === 'object' && permission ? (permission as { FunctionCall: Params }).FunctionCall : undefined;
        this.chain.patchAccessKey(account_id, public_key, {
          nonce: BigInt(String(access_key['nonce'] ?? 0)),
          ...(fc
            ? {
                functionCall: {
                  ...(fc['allowance'] ? { allowance: BigInt(String(fc['allowance'])) } : {}),
                  receiverId: String(fc['receiver_id']),
                  methodNames: (fc['method_names'] as string[] | undefined) ?? [],
                },
              }
            : {}),
        });
      } else if (record['Contract']) {
        const { account_id, code } = record['Contract'] as { account_id: string; code: string };
        if (!this.chain.state.has(account_id)) this.chain.patchAccount(account_id, { amount: 0n, locked: 0n });
        this.chain.setCode(account_id, new Uint8Array(Buffer.from(code, 'base64')));
      } else if (record['Data']) {
        const { account_id, data_key, value } = record['Data'] as { account_id: string; data_key: string; value: string };
        if (!this.chain.state.has(account_id)) throw handlerError('UNKNOWN_ACCOUNT', { requested_account_id: account_id }, `account ${account_id} does not exist`);
        this.chain.patchStorage(account_id, new Uint8Array(Buffer.from(data_key, 'base64')), new Uint8Array(Buffer.from(value, 'base64')));
      } else {
        throw parseError(`unknown state record ${JSON.stringify(Object.keys(record))} (Account, AccessKey, Contract, Data)`);
      }
    }
    return {};
  }

  private fastForward(params: Params | undefined): Record<string, never> {
    const delta = params?.['delta_height'];
    if (typeof delta !== 'number' || !Number.isInteger(delta) || delta < 0) throw parseError('sandbox_fast_forward takes {delta_height: <blocks>}');
    for (let i = 0; i < delta; i++) this.chain.step();
    return {};
  }
}

/** nearcore reports nonces as JSON numbers. */
function numbersForNonces(error: Record<string, unknown>): unknown {
  return JSON.parse(
    JSON.stringify(error, (key, v: unknown) =>
      typeof v === 'bigint' ? (['tx_nonce', 'ak_nonce', 'upper_bound', 'total_prepaid_gas', 'limit'].includes(key) ? Number(v) : v.toString()) : v,
    ),
  );
}

