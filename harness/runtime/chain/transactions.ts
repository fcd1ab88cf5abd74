/**
 * Validating a transaction and converting it to its first receipt (nearcore verifier.rs
 * and Runtime::process_transaction): signer and key, nonce, actions, cost; then the
 * signer pays send fees, prepaid gas and deposits, and one ActionReceipt is created.
 */
import type { ProtocolConfig } from '../config/protocol.js';
import { totalDeposit, type Action } from '../vm/actions.js';
import { isValidAccountId } from '../vm/account-id.js';
import type { WorldState } from '../state/world-state.js';
import { actionFee, execFees, prepaidFunctionCallGas } from './apply-receipt.js';
import { hashId } from './ids.js';
import { accessKeyRecordSize } from './storage-usage.js';
import { InvalidTransactionError, type ActionReceipt, type Transaction } from './types.js';

export interface TransactionCost {
  /** Send fees, burnt when the transaction is converted. */
  burntGas: bigint;
  /** Prepaid gas + exec fees, reserved for the receipt. */
  prepaidGas: bigint;
  /** Everything the signer pays up front, deposits included. */
  total: bigint;
  receiptGasPrice: bigint;
}

const jsonReplacer = (_: string, value: unknown) =>
  typeof value === 'bigint' ? value.toString() : value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;

export function transactionHash(tx: Transaction): string {
  return hashId('tx', tx.signerId, tx.publicKey, tx.nonce, tx.receiverId, JSON.stringify(tx.actions, jsonReplacer));
}

export function transactionCost(config: ProtocolConfig, tx: Transaction, gasPrice: bigint): TransactionCost {
  const sir = tx.signerId === tx.receiverId;
  const creation = config.actionFees.action_receipt_creation;
  const burntGas = (sir ? creation.sendSir : creation.sendNotSir) + tx.actions.reduce((sum, a) => sum + actionFee(config, a, sir, 'send'), 0n);
  const prepaidGas = prepaidFunctionCallGas(tx.actions) + execFees(config, tx, sir);
  const [num, den] = config.pessimisticGasPriceInflation;
  const receiptGasPrice = (gasPrice * num) / den;
  const total = burntGas * gasPrice + prepaidGas * receiptGasPrice + totalDeposit(tx.actions);
  return { burntGas, prepaidGas, total, receiptGasPrice };
}

function validateActions(config: ProtocolConfig, actions: Action[]): void {
  const invalid = (error: unknown): never => {
    throw new InvalidTransactionError({ ActionsValidation: error });
  };
  if (actions.length > 100) invalid({ TotalNumberOfActionsExceeded: { total_number_of_actions: actions.length, limit: 100 } });
  const prepaid = prepaidFunctionCallGas(actions);
  if (prepaid > config.maxTotalPrepaidGas) invalid({ TotalPrepaidGasExceeded: { total_prepaid_gas: prepaid, limit: config.maxTotalPrepaidGas } });
  actions.forEach((action, i) => {
    if (action.type === 'DeleteAccount' && i !== actions.length - 1) invalid('DeleteActionMustBeFinal');
    if (action.type !== 'FunctionCall') return;
    if (action.gas === 0n) invalid('FunctionCallZeroAttachedGas');
    const nameLength = Buffer.byteLength(action.methodName);
    if (BigInt(nameLength) > config.limits.maxLengthMethodName) {
      invalid({ FunctionCallMethodNameLengthExceeded: { length: nameLength, limit: config.limits.maxLengthMethodName } });
    }
    if (BigInt(action.args.length) > config.limits.maxArgumentsLength) {
      invalid({ FunctionCallArgumentsLengthExceeded: { length: action.args.length, limit: config.limits.maxArgumentsLength } });
    }
  });
}

/**
 * Checks `tx` against the state at `blockHeight`, charges the signer and returns the
 * first receipt. Throws InvalidTransactionError with nearcore's InvalidTxError shape.
 */
export function applyTransaction(
  state: WorldState,
  config: ProtocolConfig,
  tx: Transaction,
  hash: string,
  gasPrice: bigint,
  blockHeight: number,
): { receipt: ActionReceipt; cost: TransactionCost } {
  if (!isValidAccountId(tx.signerId)) throw new InvalidTransactionError({ InvalidSignerId: { signer_id: tx.signerId } });
  if (!isValidAccountId(tx.receiverId)) throw new InvalidTransactionError({ InvalidReceiverId: { receiver_id: tx.receiverId } });
  const signer = state.get(tx.signerId);
  if (!signer) throw new InvalidTransactionError({ SignerDoesNotExist: { signer_id: tx.signerId } });
  const key = signer.keys.get(tx.publicKey);
  if (!key) {
    throw new InvalidTransactionError({ InvalidAccessKeyError: { AccessKeyNotFound: { account_id: tx.signerId, public_key: tx.publicKey } } });
  }
  if (tx.nonce <= key.nonce) throw new InvalidTransactionError({ InvalidNonce: { tx_nonce: tx.nonce, ak_nonce: key.nonce } });
  const upperBound = BigInt(blockHeight) * 1_000_000n;
  if (tx.nonce >= upperBound) throw new InvalidTransactionError({ NonceTooLarge: { tx_nonce: tx.nonce, upper_bound: upperBound } });
  validateActions(config, tx.actions);

  const cost = transactionCost(config, tx, gasPrice);
  if (signer.info.amount < cost.total) {
    throw new InvalidTransactionError({ NotEnoughBalance: { signer_id: tx.signerId, balance: signer.info.amount, cost: cost.total } });
  }
  let allowance = key.functionCall?.allowance;
  if (key.functionCall) {
    const fc = key.functionCall;
    const gasCost = cost.total - totalDeposit(tx.actions);
    if (allowance !== undefined && allowance < gasCost) {
      throw new InvalidTransactionError({
        InvalidAccessKeyError: { NotEnoughAllowance: { account_id: tx.signerId, public_key: tx.publicKey, allowance, cost: gasCost } },
      });
    }
    const [action, ...rest] = tx.actions;
    if (!action || rest.length > 0 || action.type !== 'FunctionCall') throw new InvalidTransactionError({ InvalidAccessKeyError: 'RequiresFullAccess' });
    if (action.deposit > 0n) throw new InvalidTransactionError({ InvalidAccessKeyError: 'DepositWithFunctionCall' });
    if (tx.receiverId !== fc.receiverId) {
      throw new InvalidTransactionError({ InvalidAccessKeyError: { ReceiverMismatch: { tx_receiver: tx.receiverId, ak_receiver: fc.receiverId } } });
    }
    if (fc.methodNames.length > 0 && !fc.methodNames.includes(action.methodName)) {
      throw new InvalidTransactionError({ InvalidAccessKeyError: { MethodNameMismatch: { method_name: action.methodName } } });
    }
    if (allowance !== undefined) allowance -= gasCost;
  }

  const writable = state.writable(tx.signerId);
  const remaining = writable.info.amount - cost.total;
  const required = writable.info.storageUsage * config.storageAmountPerByte;
  if (writable.info.storageUsage > config.zeroBalanceAccountStorageLimit && remaining + writable.info.locked < required) {
    throw new InvalidTransactionError({ LackBalanceForState: { signer_id: tx.signerId, amount: required - remaining - writable.info.locked } });
  }
  writable.info.amount = remaining;
  const updated = { ...key, nonce: tx.nonce, ...(key.functionCall ? { functionCall: { ...key.functionCall, allowance } } : {}) };
  writable.info.storageUsage += accessKeyRecordSize(config, tx.publicKey, updated) - accessKeyRecordSize(config, tx.publicKey, key);
  writable.keys.set(tx.publicKey, updated);

  return {
    cost,
    receipt: {
      kind: 'action',
      receiptId: hashId('tx-receipt', hash),
      predecessorId: tx.signerId,
      receiverId: tx.receiverId,
      signerId: tx.signerId,
      signerPublicKey: tx.publicKey,
      gasPrice: cost.receiptGasPrice,
      outputDataReceivers: [],
      inputDataIds: [],
      actions: tx.actions,
      isRefund: false,
    },
  };
}
