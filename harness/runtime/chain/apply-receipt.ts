/**
 * Executes one action receipt on its receiver (nearcore runtime/src/lib.rs
 * apply_action_receipt and actions.rs): the actions in order on one state overlay,
 * all-or-nothing; then the storage-stake check, the receipts it emits (new action
 * receipts, refunds, data receipts, in that order) and its outcome.
 */
import type { ProtocolConfig } from '../config/protocol.js';
import { totalDeposit, type Action } from '../vm/actions.js';
import { isDirectSubAccount, isNearImplicitAccount, isTopLevelAccount } from '../vm/account-id.js';
import type { PromiseResult } from '../vm/context.js';
import { functionCallErrorText, type FunctionCallError } from '../vm/errors.js';
import type { ReturnData } from '../vm/logic.js';
import type { NewReceipt } from '../vm/new-receipts.js';
import { runFunctionCall, type ContractCache, type VMOutcome } from '../vm/runner.js';
import { storageKey, type AccountRecord, type WorldState } from '../state/world-state.js';
import { hashId, sha256 } from './ids.js';
import { implicitAccountKey, publicKeyFromBorsh, publicKeyToBorsh } from './keys.js';
import { accessKeyRecordSize } from './storage-usage.js';
import type {
  ActionErrorKind,
  ActionReceipt,
  DataReceipt,
  ExecutionStatus,
  FunctionCallErrorJson,
  Receipt,
  StateChanges,
} from './types.js';

export interface BlockContext {
  height: number;
  hash: string;
  timestamp: bigint;
  epochHeight: bigint;
}

export interface ReceiptResult {
  status: ExecutionStatus;
  logs: string[];
  gasBurnt: bigint;
  tokensBurnt: bigint;
  contractReward: bigint;
  /** Emitted receipts, in nearcore's order: new action receipts, refunds, data receipts. */
  outgoing: Receipt[];
  /** Ids listed in the outcome: new action receipts and refunds. */
  receiptIds: string[];
  stateChanges: StateChanges;
  /** A refund that could not be delivered (its receiver is gone): the tokens are burnt. */
  depositBurnt: bigint;
}

/** The account that sends refunds. */
export const SYSTEM_ACCOUNT = 'system';
/** Accounts with more storage than this cannot be deleted (DeleteAccountWithLargeState). */
const MAX_ACCOUNT_DELETION_STORAGE_USAGE = 10_000n;

class ActionFailure {
  constructor(
    readonly kind: ActionErrorKind,
    readonly functionCallError?: FunctionCallError,
  ) {}
}

/** How nearcore stores a FunctionCallError on chain (conversions.rs). */
export function functionCallErrorJson(error: FunctionCallError): FunctionCallErrorJson {
  switch (error.type) {
    case 'HostError':
    case 'WasmTrap':
    case 'LinkError':
      return { ExecutionError: functionCallErrorText(error) };
    case 'MethodResolveError':
      return { MethodResolveError: error.error };
    case 'CompilationError':
      if (error.error.kind === 'CodeDoesNotExist') return { CompilationError: { CodeDoesNotExist: { account_id: error.error.account_id } } };
      if (error.error.kind === 'PrepareError') return { CompilationError: { PrepareError: error.error.prepare } };
      return { CompilationError: { WasmerCompileError: { msg: error.error.msg } } };
  }
}

/** Gas a receipt's actions cost to execute (exec fees), prepaid by its creator. */
export function execFees(config: ProtocolConfig, receipt: { receiverId: string; actions: Action[] }, sir: boolean): bigint {
  const fees = config.actionFees;
  let gas = fees.action_receipt_creation.execution;
  for (const action of receipt.actions) gas += actionFee(config, action, sir, 'execution');
  return gas;
}

/** The send or exec fee of one action. */
export function actionFee(config: ProtocolConfig, action: Action, sir: boolean, which: 'send' | 'execution'): bigint {
  const fees = config.actionFees;
  const pick = (name: keyof typeof fees, count = 1n) => {
    const fee = fees[name];
    return (which === 'execution' ? fee.execution : sir ? fee.sendSir : fee.sendNotSir) * count;
  };
  switch (action.type) {
    case 'CreateAccount':
      return pick('action_create_account');
    case 'DeployContract':
      return pick('action_deploy_contract') + pick('action_deploy_contract_per_byte', BigInt(action.code.length));
    case 'FunctionCall':
      return pick('action_function_call') + pick('action_function_call_per_byte', BigInt(Buffer.byteLength(action.methodName) + action.args.length));
    case 'Transfer':
      return pick('action_transfer');
    case 'Stake':
      return pick('action_stake');
    case 'AddKey':
      if (!action.accessKey.functionCall) return pick('action_add_full_access_key');
      return pick('action_add_function_call_key') + pick('action_add_function_call_key_per_byte', functionCallKeyBytes(action.accessKey.functionCall.methodNames));
    case 'DeleteKey':
      return pick('action_delete_key');
    case 'DeleteAccount':
      return pick('action_delete_account');
  }
}

/** Bytes a function-call access key pays per-byte fees for: each method name plus one. */
export function functionCallKeyBytes(methodNames: string[]): bigint {
  return methodNames.reduce((n, m) => n + BigInt(Buffer.byteLength(m) + 1), 0n);
}

export function prepaidFunctionCallGas(actions: Action[]): bigint {
  return actions.reduce((sum, a) => sum + (a.type === 'FunctionCall' ? a.gas : 0n), 0n);
}

/**
 * Told of every function call a receipt executes, whatever became of it: the receipt, the
 * method and the VM's outcome (a failed call's `discardedReceipts` show what it tried to call).
 */
export type FunctionCallHook = (call: { receipt: ActionReceipt; methodName: string; outcome: VMOutcome }) => void;

export class ReceiptExecutor {
  /** See FunctionCallHook; undefined: none. */
  functionCallHook: FunctionCallHook | undefined;

  constructor(
    private readonly state: WorldState,
    private readonly config: ProtocolConfig,
    private readonly contracts: ContractCache,
  ) {}

  execute(receipt: ActionReceipt, promiseResults: PromiseResult[], block: BlockContext): ReceiptResult {
    const receiverId = receipt.receiverId;
    const before = this.state.preserve(receiverId);
    const sir = receipt.signerId === receiverId;
    const fees = receipt.isRefund ? 0n : execFees(this.config, receipt, sir);
    let gasBurnt = fees;
    let gasUsed = fees;
    let functionCallGasBurnt = 0n;
    const logs: string[] = [];
    const created: NewReceipt[] = [];
    let returnData: ReturnData = { kind: 'None' };
    let failure: { index: number | null; failure: ActionFailure } | undefined;
    let actor = receipt.predecessorId;
    const beneficiaries: { to: string; amount: bigint }[] = [];

    for (const [index, action] of receipt.actions.entries()) {
      try {
        const isLast = index === receipt.actions.length - 1;
        if (action.type === 'FunctionCall') {
          const vm = this.functionCall(receipt, action, promiseResults, block, isLast ? receipt.outputDataReceivers : []);
          gasBurnt += vm.burntGas;
          functionCallGasBurnt += vm.burntGas;
          logs.push(...vm.logs);
          if (vm.error) throw new ActionFailure({ FunctionCallError: functionCallErrorJson(vm.error) }, vm.error);
          gasUsed += vm.usedGas;
          const offset = created.length;
          for (const r of vm.newReceipts) created.push({ ...r, inputReceipts: r.inputReceipts.map((i) => i + offset) });
          if (isLast) returnData = vm.returnData.kind === 'ReceiptIndex' ? { kind: 'ReceiptIndex', receipt: vm.returnData.receipt + offset } : vm.returnData;
          const zeroGas = vm.newReceipts.some((r) => r.actions.some((a) => a.type === 'FunctionCall' && a.gas === 0n));
          if (zeroGas) throw new ActionFailure({ NewReceiptValidationError: { ActionsValidation: 'FunctionCallZeroAttachedGas' } });
        } else {
          actor = this.applyAction(receipt, action, actor, block, beneficiaries);
        }
      } catch (error) {
        if (!(error instanceof ActionFailure)) throw error;
        failure = { index, failure: error };
        break;
      }
    }

    if (!failure) {
      const lack = this.storageStakeShortfall(receiverId);
      if (lack !== undefined) failure = { index: null, failure: new ActionFailure({ LackBalanceForState: { account_id: receiverId, amount: lack.toString() } }) };
    }

    let contractReward = 0n;
    let depositRefund = 0n;
    if (failure) {
      this.state.put(receiverId, before);
      gasUsed = gasBurnt;
      created.length = 0;
      beneficiaries.length = 0;
      returnData = { kind: 'None' };
      depositRefund = totalDeposit(receipt.actions);
    } else if (this.state.has(receiverId) && !receipt.isRefund) {
      const [num, den] = this.config.burntGasReward;
      contractReward = (functionCallGasBurnt * receipt.gasPrice * num) / den;
      if (contractReward > 0n) this.state.writable(receiverId).info.amount += contractReward;
    }

    const prepaid = receipt.isRefund ? 0n : prepaidFunctionCallGas(receipt.actions) + fees;
    const gasRefund = prepaid - gasUsed;

    // Emit: new action receipts (with their data dependencies), refunds, then data.
    const newActionReceipts: ActionReceipt[] = created.map((r, i) => ({
      kind: 'action',
      receiptId: hashId('receipt', receipt.receiptId, block.height, i),
      predecessorId: receiverId,
      receiverId: r.receiverId,
      signerId: receipt.signerId,
      signerPublicKey: receipt.signerPublicKey,
      gasPrice: receipt.gasPrice,
      outputDataReceivers: [],
      inputDataIds: [],
      actions: r.actions,
      isRefund: false,
    }));
    created.forEach((r, i) => {
      for (const [position, dependency] of r.inputReceipts.entries()) {
        const dataId = hashId('data', receipt.receiptId, block.height, i, position);
        newActionReceipts[dependency]!.outputDataReceivers.push({ dataId, receiverId: r.receiverId });
        newActionReceipts[i]!.inputDataIds.push(dataId);
      }
    });

    let status: ExecutionStatus;
    let sendData = true;
    if (failure) {
      status = { type: 'Failure', error: { ActionError: { index: failure.index, kind: failure.failure.kind } }, functionCallError: failure.failure.functionCallError };
    } else if (returnData.kind === 'ReceiptIndex') {
      // promise_return: whoever waits for this receipt now waits for the returned one.
      const target = newActionReceipts[returnData.receipt]!;
      target.outputDataReceivers.push(...receipt.outputDataReceivers);
      status = { type: 'SuccessReceiptId', receiptId: target.receiptId };
      sendData = false;
    } else {
      status = { type: 'SuccessValue', value: returnData.kind === 'Value' ? returnData.data : new Uint8Array() };
    }

    const refunds: ActionReceipt[] = beneficiaries.map((b) => this.refund(receipt, block, b.to, b.amount, 'deleted-account'));
    let depositBurnt = 0n;
    if (depositRefund > 0n) {
      if (receipt.predecessorId === SYSTEM_ACCOUNT) depositBurnt = depositRefund;
      else refunds.push(this.refund(receipt, block, receipt.predecessorId, depositRefund, 'deposit'));
    }
    if (gasRefund > 0n && receipt.gasPrice > 0n) refunds.push(this.refund(receipt, block, receipt.signerId, gasRefund * receipt.gasPrice, 'gas'));

    const data: DataReceipt[] = sendData
      ? receipt.outputDataReceivers.map((receiver) => ({
          kind: 'data',
          receiptId: hashId('data-receipt', receiver.dataId),
          predecessorId: receiverId,
          receiverId: receiver.receiverId,
          dataId: receiver.dataId,
          data: failure ? null : status.type === 'SuccessValue' ? status.value : new Uint8Array(),
        }))
      : [];

    return {
      status,
      logs,
      gasBurnt,
      tokensBurnt: gasBurnt * receipt.gasPrice,
      contractReward,
      outgoing: [...newActionReceipts, ...refunds, ...data],
      receiptIds: [...newActionReceipts, ...refunds].map((r) => r.receiptId),
      stateChanges: this.changes(receiverId, before),
      depositBurnt,
    };
  }

  private refund(receipt: ActionReceipt, block: BlockContext, to: string, amount: bigint, what: 'deposit' | 'gas' | 'deleted-account'): ActionReceipt {
    return {
      kind: 'action',
      receiptId: hashId('refund', what, receipt.receiptId, block.height),
      predecessorId: SYSTEM_ACCOUNT,
      receiverId: to,
      signerId: SYSTEM_ACCOUNT,
      signerPublicKey: receipt.signerPublicKey,
      gasPrice: 0n,
      outputDataReceivers: [],
      inputDataIds: [],
      actions: [{ type: 'Transfer', deposit: amount }],
      isRefund: true,
      refundOf: what,
    };
  }

  /** LackBalanceForState check (check_storage_stake); returns the missing amount, if any. */
  private storageStakeShortfall(accountId: string): bigint | undefined {
    const record = this.state.get(accountId);
    if (!record) return undefined;
    const { amount, locked, storageUsage } = record.info;
    if (storageUsage <= this.config.zeroBalanceAccountStorageLimit) return undefined;
    const required = storageUsage * this.config.storageAmountPerByte;
    const available = amount + locked;
    return available >= required ? undefined : required - available;
  }

  private changes(accountId: string, before: AccountRecord | undefined): StateChanges {
    const after = this.state.get(accountId);
    const storage: StateChanges['storage'] = [];
    if (after !== before) {
      const keys = new Set([...(before?.storage.keys() ?? []), ...(after?.storage.keys() ?? [])]);
      for (const key of [...keys].sort()) {
        const was = before?.storage.get(key) ?? null;
        const now = after?.storage.get(key) ?? null;
        if (was !== now && !(was && now && Buffer.compare(was, now) === 0)) storage.push({ key, before: was, after: now });
      }
    }
    return { accountId, balanceBefore: before?.info.amount ?? null, balanceAfter: after?.info.amount ?? null, storage };
  }

  private functionCall(
    receipt: ActionReceipt,
    action: Extract<Action, { type: 'FunctionCall' }>,
    promiseResults: PromiseResult[],
    block: BlockContext,
    outputDataReceivers: { receiverId: string }[],
  ) {
    const receiverId = receipt.receiverId;
    const account = this.state.get(receiverId);
    if (!account) throw new ActionFailure({ AccountDoesNotExist: { account_id: receiverId } });
    const fail = (error: FunctionCallError) => {
      throw new ActionFailure({ FunctionCallError: functionCallErrorJson(error) }, error);
    };
    const code = account.info.codeHash ? this.state.code(account.info.codeHash) : undefined;
    if (!code) return fail({ type: 'CompilationError', error: { kind: 'CodeDoesNotExist', account_id: receiverId } });
    const compiled = this.contracts.compile(code, account.info.codeHash);
    if (!compiled.ok) return fail(compiled.error);

    const state = this.state;
    const outcome = runFunctionCall(
      compiled.contract,
      action.methodName,
      {
        currentAccountId: receiverId,
        signerAccountId: receipt.signerId,
        signerAccountPk: receipt.signerId === SYSTEM_ACCOUNT ? new Uint8Array(33) : publicKeyToBorsh(receipt.signerPublicKey),
        predecessorAccountId: receipt.predecessorId,
        input: action.args,
        blockHeight: BigInt(block.height),
        blockTimestamp: block.timestamp,
        epochHeight: block.epochHeight,
        accountBalance: account.info.amount,
        accountLockedBalance: account.info.locked,
        storageUsage: account.info.storageUsage,
        attachedDeposit: action.deposit,
        prepaidGas: action.gas,
        randomSeed: sha256('random', block.hash, receipt.receiptId),
        isView: false,
        promiseResults,
        outputDataReceivers,
      },
      this.config,
      {
        get: (key) => state.get(receiverId)?.storage.get(storageKey(key)),
        set: (key, value) => void state.writable(receiverId).storage.set(storageKey(key), value),
        remove: (key) => void state.writable(receiverId).storage.delete(storageKey(key)),
      },
    );
    this.functionCallHook?.({ receipt, methodName: action.methodName, outcome });
    if (!outcome.error) {
      const record = state.writable(receiverId);
      record.info.amount = outcome.balance;
      record.info.storageUsage = outcome.storageUsage;
    }
    return outcome;
  }

  /** Applies a non-FunctionCall action; returns the actor for the next action. */
  private applyAction(
    receipt: ActionReceipt,
    action: Exclude<Action, { type: 'FunctionCall' }>,
    actor: string,
    block: BlockContext,
    beneficiaries: { to: string; amount: bigint }[],
  ): string {
    const accountId = receipt.receiverId;
    const exists = this.state.has(accountId);
    const requireAccount = () => {
      if (!this.state.has(accountId)) throw new ActionFailure({ AccountDoesNotExist: { account_id: accountId } });
      return this.state.writable(accountId);
    };
    const requireActor = () => {
      if (actor !== accountId) throw new ActionFailure({ ActorNoPermission: { account_id: accountId, actor_id: actor } });
    };
    switch (action.type) {
      case 'CreateAccount': {
        if (exists) throw new ActionFailure({ AccountAlreadyExists: { account_id: accountId } });
        const predecessor = receipt.predecessorId;
        if (isTopLevelAccount(accountId)) {
          const short = accountId.length < this.config.minAllowedTopLevelAccountLength;
          if (short && predecessor !== this.config.registrarAccountId && !isNearImplicitAccount(accountId)) {
            throw new ActionFailure({
              CreateAccountOnlyByRegistrar: { account_id: accountId, registrar_account_id: this.config.registrarAccountId, predecessor_id: predecessor },
            });
          }
        } else if (!isDirectSubAccount(accountId, predecessor)) {
          throw new ActionFailure({ CreateAccountNotAllowed: { account_id: accountId, predecessor_id: predecessor } });
        }
        this.state.create(accountId, { amount: 0n, locked: 0n, storageUsage: this.config.storageNumBytesAccount, codeHash: undefined });
        return accountId;
      }
      case 'Transfer': {
        if (!exists) {
          // A transfer alone to a NEAR-implicit id creates the account, with the key the id encodes.
          if (isNearImplicitAccount(accountId) && receipt.actions.length === 1) {
            const record = this.state.create(accountId, { amount: 0n, locked: 0n, storageUsage: this.config.storageNumBytesAccount, codeHash: undefined });
            const key = implicitAccountKey(accountId);
            const accessKey = { nonce: BigInt(block.height - 1) * 1_000_000n };
            record.keys.set(key, accessKey);
            record.info.storageUsage += accessKeyRecordSize(this.config, key, accessKey);
          } else if (isNearImplicitAccount(accountId)) {
            throw new ActionFailure({ OnlyImplicitAccountCreationAllowed: { account_id: accountId } });
          }
        }
        requireAccount().info.amount += action.deposit;
        return actor;
      }
      case 'DeployContract': {
        const record = requireAccount();
        requireActor();
        const hash = hashId('code', action.code);
        this.state.storeCode(hash, action.code);
        const oldSize = record.info.codeHash ? BigInt(this.state.code(record.info.codeHash)?.length ?? 0) : 0n;
        record.info.codeHash = hash;
        record.info.storageUsage += BigInt(action.code.length) - oldSize;
        return actor;
      }
      case 'Stake': {
        const record = requireAccount();
        requireActor();
        const { amount, locked } = record.info;
        if (action.stake === 0n && locked === 0n) throw new ActionFailure({ TriesToUnstake: { account_id: accountId } });
        if (action.stake > amount + locked) {
          throw new ActionFailure({ TriesToStake: { account_id: accountId, stake: action.stake.toString(), locked: locked.toString(), balance: amount.toString() } });
        }
        // No validator set is modelled: the stake is locked at once.
        record.info.amount = amount + locked - action.stake;
        record.info.locked = action.stake;
        return actor;
      }
      case 'AddKey': {
        const record = requireAccount();
        requireActor();
        const key = publicKeyFromBorsh(action.publicKey);
        if (record.keys.has(key)) throw new ActionFailure({ AddKeyAlreadyExists: { account_id: accountId, public_key: key } });
        const accessKey = { ...action.accessKey, nonce: BigInt(block.height - 1) * 1_000_000n };
        record.keys.set(key, accessKey);
        record.info.storageUsage += accessKeyRecordSize(this.config, key, accessKey);
        return actor;
      }
      case 'DeleteKey': {
        const record = requireAccount();
        requireActor();
        const key = publicKeyFromBorsh(action.publicKey);
        const existing = record.keys.get(key);
        if (!existing) throw new ActionFailure({ DeleteKeyDoesNotExist: { account_id: accountId, public_key: key } });
        record.keys.delete(key);
        record.info.storageUsage -= accessKeyRecordSize(this.config, key, existing);
        return actor;
      }
      case 'DeleteAccount': {
        const record = requireAccount();
        requireActor();
        if (record.info.locked > 0n) throw new ActionFailure({ DeleteAccountStaking: { account_id: accountId } });
        if (record.info.storageUsage > MAX_ACCOUNT_DELETION_STORAGE_USAGE) {
          throw new ActionFailure({ DeleteAccountWithLargeState: { account_id: accountId } });
        }
        // The balance goes to the beneficiary as a refund-type receipt.
        beneficiaries.push({ to: action.beneficiaryId, amount: record.info.amount });
        this.state.delete(accountId);
        return actor;
      }
    }
  }
}
