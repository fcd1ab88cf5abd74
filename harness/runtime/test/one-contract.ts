/**
 * Test helper: one deployed contract and its storage, called one function call at a
 * time through the VM layer (no receipts, no blocks). Storage changes are kept only
 * when a call succeeds, as NEAR keeps them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ContractCache,
  functionCallErrorText,
  LATEST_PROTOCOL,
  runFunctionCall,
  type CompiledContract,
  type PromiseResult,
  type VMOutcome,
} from '../index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const cache = new ContractCache(LATEST_PROTOCOL);
export const TGAS = 1_000_000_000_000n;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function loadWasm(relativePath: string): Uint8Array {
  return new Uint8Array(readFileSync(ROOT + relativePath));
}

export interface CallOptions {
  args?: unknown;
  rawArgs?: Uint8Array;
  deposit?: bigint;
  predecessor?: string;
  signer?: string;
  gas?: bigint;
  view?: boolean;
  promiseResults?: PromiseResult[];
  balance?: bigint;
}

export interface CallResult extends VMOutcome {
  /** The return value as text, if the call returned one. */
  text?: string | undefined;
  /** nearcore's error text, if the call failed. */
  errorText?: string | undefined;
  json<T = unknown>(): T;
}

export class OneContract {
  readonly storage = new Map<string, Uint8Array>();
  readonly contract: CompiledContract;
  balance = 100n * 10n ** 24n;
  storageUsage = 100n;
  blockHeight = 10n;

  constructor(
    readonly accountId: string,
    wasmPath: string,
  ) {
    const compiled = cache.compile(loadWasm(wasmPath));
    if (!compiled.ok) throw new Error(`cannot compile ${wasmPath}: ${functionCallErrorText(compiled.error)}`);
    this.contract = compiled.contract;
  }

  call(method: string, options: CallOptions = {}): CallResult {
    const pending = new Map(this.storage);
    const key = (k: Uint8Array) => Buffer.from(k).toString('latin1');
    const outcome = runFunctionCall(
      this.contract,
      method,
      {
        currentAccountId: this.accountId,
        signerAccountId: options.view ? this.accountId : (options.signer ?? options.predecessor ?? 'alice.test.near'),
        signerAccountPk: new Uint8Array(33),
        predecessorAccountId: options.view ? this.accountId : (options.predecessor ?? 'alice.test.near'),
        input: options.rawArgs ?? (options.args === undefined ? new Uint8Array() : encoder.encode(JSON.stringify(options.args))),
        blockHeight: this.blockHeight,
        blockTimestamp: this.blockHeight * 1_000_000_000n,
        epochHeight: 1n,
        accountBalance: options.balance ?? this.balance,
        accountLockedBalance: 0n,
        storageUsage: this.storageUsage,
        attachedDeposit: options.view ? 0n : (options.deposit ?? 0n),
        prepaidGas: options.gas ?? 300n * TGAS,
        randomSeed: new Uint8Array(32),
        isView: options.view ?? false,
        promiseResults: options.promiseResults ?? [],
        outputDataReceivers: [],
      },
      LATEST_PROTOCOL,
      {
        get: (k) => pending.get(key(k)),
        set: (k, v) => void pending.set(key(k), v),
        remove: (k) => void pending.delete(key(k)),
      },
    );
    if (!outcome.error) {
      this.storage.clear();
      for (const [k, v] of pending) this.storage.set(k, v);
      this.balance = outcome.balance;
      this.storageUsage = outcome.storageUsage;
    }
    const text = outcome.returnData.kind === 'Value' ? decoder.decode(outcome.returnData.data) : undefined;
    return {
      ...outcome,
      text,
      errorText: outcome.error ? functionCallErrorText(outcome.error) : undefined,
      json<T>() {
        if (text === undefined) throw new Error(`${method} returned no value${outcome.error ? `: ${functionCallErrorText(outcome.error)}` : ''}`);
        return JSON.parse(text) as T;
      },
    };
  }

  view<T = unknown>(method: string, args?: unknown): T {
    const result = this.call(method, { args, view: true });
    if (result.errorText) throw new Error(`view ${method} failed: ${result.errorText}`);
    return result.json<T>();
  }
}

export const succeeded = (data: unknown = null): PromiseResult => ({ status: 'Successful', data: encoder.encode(JSON.stringify(data)) });
export const failed: PromiseResult = { status: 'Failed' };
