/**
 * nearcore's JSON-RPC error shapes, which clients match on and retry by:
 * `{name, cause: {name, info}, code, message, data}`, with `data` the legacy field near-api-js 5
 * reads (a string, or the structured TxExecutionError).
 */
export interface RpcErrorObject {
  name: string;
  cause: { name: string; info: Record<string, unknown> };
  code: number;
  message: string;
  data: unknown;
}

export class RpcError extends Error {
  constructor(
    readonly error: RpcErrorObject,
    readonly httpStatus = 200,
  ) {
    super(typeof error.data === 'string' ? error.data : error.message);
    this.name = 'RpcError';
  }
}

export function handlerError(cause: string, info: Record<string, unknown>, data: unknown): RpcError {
  return new RpcError({ name: 'HANDLER_ERROR', cause: { name: cause, info }, code: -32000, message: 'Server error', data });
}

/** Unparseable input: a body that is not JSON or not UTF-8 (HTTP 400), or an unreadable argument. */
export function parseError(detail: string, httpStatus = 200): RpcError {
  return requestValidationError('PARSE_ERROR', -32700, 'Parse error', detail, httpStatus);
}

/** A value that is JSON but not a request (`null`, `5`, `[]`, no method): JSON-RPC 2.0's -32600. */
export function invalidRequest(detail: string, httpStatus = 200): RpcError {
  return requestValidationError('INVALID_REQUEST', -32600, 'Invalid request', detail, httpStatus);
}

/**
 * Parameters of the wrong type or out of range, as nearcore answers them: its params are
 * deserialized with serde, and a failure is REQUEST_VALIDATION_ERROR / PARSE_ERROR (-32700)
 * "Failed parsing args: …". The text after that prefix is ours and names the parameter and
 * what was expected. HTTP 200, so near-api-js reports the text instead of retrying.
 */
export function invalidParams(detail: string): RpcError {
  return requestValidationError('PARSE_ERROR', -32700, 'Parse error', `Failed parsing args: ${detail}`, 200);
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

/**
 * nearcore's INTERNAL_ERROR. `detail` is ours, never a JavaScript error's message: those go to
 * the node's diagnostic hook instead.
 */
export function internalError(detail: string, httpStatus = 200): RpcError {
  return new RpcError({ name: 'INTERNAL_ERROR', cause: { name: 'INTERNAL_ERROR', info: { error_message: detail } }, code: -32000, message: 'Server error', data: detail }, httpStatus);
}

/** What a client sees of an unexpected failure inside the node. */
export const UNEXPECTED_FAILURE_TEXT = 'the node failed while answering this request; the details went to its diagnostic log (NodeOptions.onDiagnostic, stderr by default)';

/** An InvalidTxError, as send_tx reports it (structured, so near-api-js can retry on InvalidNonce/Expired). */
export function invalidTransaction(invalidTxError: unknown): RpcError {
  const error = { TxExecutionError: { InvalidTxError: invalidTxError } };
  return handlerError('INVALID_TRANSACTION', error, error);
}

function requestValidationError(cause: string, code: number, message: string, detail: string, httpStatus: number): RpcError {
  return new RpcError({ name: 'REQUEST_VALIDATION_ERROR', cause: { name: cause, info: { error_message: detail } }, code, message, data: detail }, httpStatus);
}
