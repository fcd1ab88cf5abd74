/**
 * The runtime's outcomes and state as nearcore's JSON-RPC shows them: base58 hashes, base64
 * payloads, u128 as decimal strings, gas and heights as JSON numbers.
 */
import {
  NO_CODE_HASH,
  type AccessKey,
  type Action,
  type Block,
  type Chain,
  type ExecutionOutcome,
  type FinalExecutionOutcome,
  type Transaction,
  type TxExecutionError,
} from '../runtime/index.js';
import { publicKeyFromBorsh } from '../runtime/index.js';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
type JsonObject = Record<string, unknown>;

/** JSON with bigints as decimal strings (u128 balances, u64 nonces are converted by callers). */
export function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

export function actionView(action: Action): unknown {
  switch (action.type) {
    case 'CreateAccount':
      return 'CreateAccount';
    case 'DeployContract':
      return { DeployContract: { code: b64(action.code) } };
    case 'FunctionCall':
      return { FunctionCall: { method_name: action.methodName, args: b64(action.args), gas: Number(action.gas), deposit: action.deposit.toString() } };
    case 'Transfer':
      return { Transfer: { deposit: action.deposit.toString() } };
    case 'Stake':
      return { Stake: { stake: action.stake.toString(), public_key: publicKeyFromBorsh(action.publicKey) } };
    case 'AddKey':
      return { AddKey: { public_key: publicKeyFromBorsh(action.publicKey), access_key: accessKeyView(action.accessKey) } };
    case 'DeleteKey':
      return { DeleteKey: { public_key: publicKeyFromBorsh(action.publicKey) } };
    case 'DeleteAccount':
      return { DeleteAccount: { beneficiary_id: action.beneficiaryId } };
  }
}

export function accessKeyView(key: AccessKey): JsonObject {
  return {
    nonce: Number(key.nonce),
    permission: key.functionCall
      ? {
          FunctionCall: {
            allowance: key.functionCall.allowance === undefined ? null : key.functionCall.allowance.toString(),
            receiver_id: key.functionCall.receiverId,
            method_names: key.functionCall.methodNames,
          },
        }
      : 'FullAccess',
  };
}

function statusView(outcome: ExecutionOutcome): unknown {
  const status = outcome.status;
  if (status.type === 'SuccessValue') return { SuccessValue: b64(status.value) };
  if (status.type === 'SuccessReceiptId') return { SuccessReceiptId: status.receiptId };
  return { Failure: plain(status.error) };
}

export function outcomeView(outcome: ExecutionOutcome): JsonObject {
  return {
    proof: [],
    block_hash: outcome.blockHash,
    id: outcome.id,
    outcome: {
      logs: outcome.logs,
      receipt_ids: outcome.receiptIds,
      gas_burnt: Number(outcome.gasBurnt),
      tokens_burnt: outcome.tokensBurnt.toString(),
      executor_id: outcome.executorId,
      status: statusView(outcome),
      metadata: { version: 1, gas_profile: null },
    },
  };
}

export function transactionView(tx: Transaction & { hash: string }, signature = ''): JsonObject {
  return {
    signer_id: tx.signerId,
    public_key: tx.publicKey,
    nonce: Number(tx.nonce),
    receiver_id: tx.receiverId,
    actions: tx.actions.map(actionView),
    priority_fee: 0,
    signature,
    hash: tx.hash,
  };
}

export function finalStatusView(result: FinalExecutionOutcome): unknown {
  const status = result.status;
  if (status.type === 'SuccessValue') return { SuccessValue: b64(status.value) };
  if (status.type === 'Failure') return { Failure: plain(status.error as TxExecutionError) };
  return status.type;
}

export function finalOutcomeView(result: FinalExecutionOutcome, finalStatus: string, signature?: string): JsonObject {
  return {
    final_execution_status: finalStatus,
    status: finalStatusView(result),
    transaction: transactionView(result.transaction, signature),
    transaction_outcome: outcomeView(result.transactionOutcome),
    receipts_outcome: result.receiptsOutcome.map(outcomeView),
  };
}

/** What a node reports of its genesis in every block header. */
export interface ReportedGenesis {
  chainId: string;
  protocolVersion: number;
}

export function blockView(chain: Chain, block: Block, genesis: ReportedGenesis): JsonObject {
  const prev = chain.block(block.height - 1);
  return {
    author: chain.rootAccountId,
    header: {
      height: block.height,
      prev_height: prev?.height ?? null,
      hash: block.hash,
      prev_hash: block.prevHash,
      epoch_id: NO_CODE_HASH,
      next_epoch_id: NO_CODE_HASH,
      timestamp: Number(block.timestamp),
      timestamp_nanosec: block.timestamp.toString(),
      gas_price: block.gasPrice.toString(),
      total_supply: '0',
      chunks_included: 1,
      latest_protocol_version: genesis.protocolVersion,
      chain_id: genesis.chainId,
    },
    chunks: [],
  };
}
