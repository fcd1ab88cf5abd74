/**
 * The JSON-RPC results the workspaces backend reads, as schemas: a node's answer is data
 * from outside, checked where it enters, so a node that answers something else fails with
 * what was wrong instead of a cast that lies.
 */
import { z } from 'zod';

const base64 = z.string();
/** nearcore writes u128 amounts as decimal strings. */
const amount = z.string().regex(/^\d+$/);

export const ExecutionStatusView = z.union([
  z.object({ SuccessValue: base64 }),
  z.object({ SuccessReceiptId: z.string() }),
  z.object({ Failure: z.unknown() }),
  z.string(),
]);
export type ExecutionStatusView = z.infer<typeof ExecutionStatusView>;

export const OutcomeView = z.object({
  id: z.string(),
  block_hash: z.string(),
  outcome: z.object({
    logs: z.array(z.string()),
    receipt_ids: z.array(z.string()),
    gas_burnt: z.number(),
    tokens_burnt: amount,
    executor_id: z.string(),
    status: ExecutionStatusView,
  }),
});
export type OutcomeView = z.infer<typeof OutcomeView>;

/** An action as a receipt view shows it: `"CreateAccount"`, or `{ "FunctionCall": { … } }`. */
export const ActionView = z.union([z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))]);
export type ActionView = z.infer<typeof ActionView>;

export const ReceiptView = z.object({
  predecessor_id: z.string(),
  receiver_id: z.string(),
  receipt_id: z.string(),
  receipt: z.object({
    Action: z
      .object({
        signer_id: z.string(),
        input_data_ids: z.array(z.string()),
        output_data_receivers: z.array(z.object({ data_id: z.string() })),
        actions: z.array(ActionView),
      })
      .optional(),
  }),
});
export type ReceiptView = z.infer<typeof ReceiptView>;

/** send_tx / broadcast_tx_commit / EXPERIMENTAL_tx_status once executed. */
export const TransactionResultView = z.object({
  status: z.union([z.record(z.string(), z.unknown()), z.string()]),
  receipts_outcome: z.array(OutcomeView),
  receipts: z.array(ReceiptView).optional(),
});
export type TransactionResultView = z.infer<typeof TransactionResultView>;

/** send_tx with wait_until NONE: only that it was accepted. */
export const SubmittedView = z.object({ final_execution_status: z.string().optional() });

/** A failure whose cause is a contract's FunctionCallError, with nearcore's text. */
const FunctionCallFailure = z.object({ ActionError: z.object({ kind: z.object({ FunctionCallError: z.object({ ExecutionError: z.string() }) }) }) });

/** nearcore's FunctionCallError text inside a failure, when that is what failed. */
export function executionErrorText(failure: unknown): string | undefined {
  const parsed = FunctionCallFailure.safeParse(failure);
  return parsed.success ? parsed.data.ActionError.kind.FunctionCallError.ExecutionError : undefined;
}

/** A JSON value from the node, typed as JSON. */
export const JsonValueView = z.json();

export const BlockView = z.object({ header: z.object({ hash: z.string(), height: z.number().int() }) });
export const AccessKeyView = z.object({ nonce: z.number().int() });
export const AccountView = z.object({ amount, locked: amount });
export const StateView = z.object({ values: z.array(z.object({ key: base64, value: base64 })) });

/** `{ "Failure": … }` of a status, if it is one. */
export function failureOf(status: ExecutionStatusView | TransactionResultView['status']): unknown {
  return typeof status === 'object' && 'Failure' in status ? status['Failure'] : undefined;
}

/** The deposit of an action view (FunctionCall and Transfer carry one), as a bigint. */
export function actionDeposit(action: ActionView): bigint {
  if (typeof action === 'string') return 0n;
  const body = Object.values(action)[0];
  const deposit = body?.['deposit'];
  return typeof deposit === 'string' && /^\d+$/.test(deposit) ? BigInt(deposit) : 0n;
}
