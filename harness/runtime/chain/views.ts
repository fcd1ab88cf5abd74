/**
 * Read-only queries against the chain's latest state, as nearcore's state viewer answers
 * them: view function calls (run with is_view: signer = predecessor = the contract, no
 * deposit, max_gas_burnt_view), accounts, access keys, code and raw contract state.
 */
import type { ProtocolConfig } from '../config/protocol.js';
import type { FunctionCallError } from '../vm/errors.js';
import { runFunctionCall, type ContractCache } from '../vm/runner.js';
import { storageKey, storageKeyBytes, type WorldState } from '../state/world-state.js';
import type { AccessKey } from '../vm/actions.js';
import { NO_CODE_HASH, sha256 } from './ids.js';
import type { Block } from './types.js';

export interface ViewResult {
  result: Uint8Array;
  logs: string[];
}

export class ViewError extends Error {
  constructor(
    message: string,
    readonly functionCallError?: FunctionCallError,
  ) {
    super(message);
    this.name = 'ViewError';
  }
}

/** Rust's Debug rendering of a string. */
function debugString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += char;
  }
  return `${out}"`;
}

/** A value of a HostError / CompilationError field, as Rust's derived Debug prints it. */
function debugFields(fields: Record<string, unknown>): string {
  const entries = Object.entries(fields);
  if (entries.length === 0) return '';
  const parts = entries.map(([name, value]) => `${name}: ${typeof value === 'string' ? debugString(value) : String(value)}`);
  return ` { ${parts.join(', ')} }`;
}

/** nearcore's `{:?}` of a FunctionCallError, e.g. `HostError(GuestPanic { panic_msg: "…" })`. */
export function debugFunctionCallError(error: FunctionCallError): string {
  switch (error.type) {
    case 'HostError': {
      const { kind, ...fields } = error.error;
      return `HostError(${kind}${debugFields(fields)})`;
    }
    case 'WasmTrap':
      return `WasmTrap(${error.trap})`;
    case 'MethodResolveError':
      return `MethodResolveError(${error.error})`;
    case 'LinkError':
      return `LinkError { msg: ${debugString(error.msg)} }`;
    case 'CompilationError':
      switch (error.error.kind) {
        case 'CodeDoesNotExist':
          return `CompilationError(CodeDoesNotExist { account_id: AccountId(${debugString(error.error.account_id)}) })`;
        case 'PrepareError':
          return `CompilationError(PrepareError(${error.error.prepare}))`;
        case 'WasmerCompileError':
          return `CompilationError(WasmerCompileError { msg: ${debugString(error.error.msg)} })`;
      }
  }
}

export function viewFunctionError(config: ProtocolConfig, error: FunctionCallError): string {
  const debug = debugFunctionCallError(error);
  return `wasm execution failed with error: ${config.viewErrorsWrapped ? `FunctionCallError(${debug})` : debug}`;
}

export function viewFunction(
  state: WorldState,
  config: ProtocolConfig,
  contracts: ContractCache,
  head: Block,
  epochHeight: bigint,
  accountId: string,
  method: string,
  args: Uint8Array,
): ViewResult {
  const account = state.get(accountId);
  if (!account) throw new ViewError(`account ${accountId} does not exist while viewing`);
  const fail = (error: FunctionCallError): never => {
    throw new ViewError(viewFunctionError(config, error), error);
  };
  const code = account.info.codeHash ? state.code(account.info.codeHash) : undefined;
  if (!code) return fail({ type: 'CompilationError', error: { kind: 'CodeDoesNotExist', account_id: accountId } });
  const compiled = contracts.compile(code, account.info.codeHash);
  if (!compiled.ok) return fail(compiled.error);
  const outcome = runFunctionCall(
    compiled.contract,
    method,
    {
      currentAccountId: accountId,
      signerAccountId: accountId,
      signerAccountPk: new Uint8Array(),
      predecessorAccountId: accountId,
      input: args,
      blockHeight: BigInt(head.height),
      blockTimestamp: head.timestamp,
      epochHeight,
      accountBalance: account.info.amount,
      accountLockedBalance: account.info.locked,
      storageUsage: account.info.storageUsage,
      attachedDeposit: 0n,
      prepaidGas: config.maxGasBurntView,
      // In views the random seed is the state root; the block hash stands in for it.
      randomSeed: sha256('state-root', head.hash),
      isView: true,
      promiseResults: [],
      outputDataReceivers: [],
    },
    config,
    {
      get: (key) => account.storage.get(storageKey(key)),
      set: () => {
        throw new Error('a view call tried to write storage');
      },
      remove: () => {
        throw new Error('a view call tried to remove storage');
      },
    },
  );
  if (outcome.error) return fail(outcome.error);
  return { result: outcome.returnData.kind === 'Value' ? outcome.returnData.data : new Uint8Array(), logs: outcome.logs };
}

export interface AccountView {
  amount: bigint;
  locked: bigint;
  codeHash: string;
  storageUsage: bigint;
}

export function viewAccount(state: WorldState, accountId: string): AccountView {
  const account = state.get(accountId);
  if (!account) throw new ViewError(`account ${accountId} does not exist while viewing`);
  return { amount: account.info.amount, locked: account.info.locked, codeHash: account.info.codeHash ?? NO_CODE_HASH, storageUsage: account.info.storageUsage };
}

export function viewState(state: WorldState, accountId: string, prefix: Uint8Array = new Uint8Array()): { key: Uint8Array; value: Uint8Array }[] {
  const account = state.get(accountId);
  if (!account) throw new ViewError(`account ${accountId} does not exist while viewing`);
  const start = storageKey(prefix);
  return [...account.storage.entries()]
    .filter(([key]) => key.startsWith(start))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key: storageKeyBytes(key), value }));
}

export function viewAccessKey(state: WorldState, accountId: string, publicKey: string): AccessKey {
  const account = state.get(accountId);
  if (!account) throw new ViewError(`account ${accountId} does not exist while viewing`);
  const key = account.keys.get(publicKey);
  if (!key) throw new ViewError(`access key ${publicKey} does not exist while viewing`);
  return key;
}

export function viewAccessKeys(state: WorldState, accountId: string): { publicKey: string; accessKey: AccessKey }[] {
  const account = state.get(accountId);
  if (!account) throw new ViewError(`account ${accountId} does not exist while viewing`);
  return [...account.keys.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([publicKey, accessKey]) => ({ publicKey, accessKey }));
}

export function viewCode(state: WorldState, accountId: string): { code: Uint8Array; hash: string } {
  const account = state.get(accountId);
  if (!account) throw new ViewError(`account ${accountId} does not exist while viewing`);
  const code = account.info.codeHash ? state.code(account.info.codeHash) : undefined;
  if (!code || !account.info.codeHash) throw new ViewError(`Contract code for contract ID ${accountId} has never been observed on the node`);
  return { code, hash: account.info.codeHash };
}
