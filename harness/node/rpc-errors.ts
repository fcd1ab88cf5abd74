/** nearcore's JSON-RPC error shapes, which clients match on and retry by. */
export class RpcError extends Error {
  constructor(
    readonly error: Record<string, unknown>,
    readonly httpStatus = 200,
  ) {
    super(typeof error['data'] === 'string' ? error['data'] : String(error['message']));
    this.name = 'RpcError';
  }
}

export function handlerError(cause: string, info: Record<string, unknown>, data: unknown): RpcError {
  return new RpcError({ name: 'HANDLER_ERROR', cause: { name: cause, info }, code: -32000, message: 'Server error', data });
}

export function parseError(detail: string): RpcError {
  return new RpcError({
    name: 'REQUEST_VALIDATION_ERROR',
    cause: { name: 'PARSE_ERROR', info: { error_message: detail } },
    code: -32700,
    message: 'Parse error',
    data: detail,
  });
}

export function methodNotFound(method: string): RpcError {
  return new RpcError({
    name: 'REQUEST_VALIDATION_ERROR',
    cause: { name: 'METHOD_NOT_FOUND', info: { method_name: method } },
    code: -32601,
    message: 'Method not found',
    data: method,
  });
}

/** An InvalidTxError, as send_tx reports it (structured, so near-api-js can retry on InvalidNonce/Expired). */
export function invalidTransaction(invalidTxError: unknown): RpcError {
  const error = { TxExecutionError: { InvalidTxError: invalidTxError } };
  return handlerError('INVALID_TRANSACTION', error, error);
}
