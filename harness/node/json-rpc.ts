/**
 * The JSON-RPC 2.0 envelope: which values are requests, and the responses to them. Anything
 * else a client sends (`null`, `5`, `"x"`, a nested batch, an object without a method) is an
 * Invalid Request, answered rather than thrown.
 */
import { z } from 'zod';
import { invalidRequest, RpcError, type RpcErrorObject } from './rpc-errors.js';

/** JSON-RPC 2.0 allows a string, a number or null; anything else is not echoed back. */
export type JsonRpcId = string | number | null;

export interface JsonRpcRequest {
  id: JsonRpcId;
  method: string;
  params: unknown;
}

export type JsonRpcResponse = { jsonrpc: '2.0'; id: JsonRpcId; result: unknown } | { jsonrpc: '2.0'; id: JsonRpcId; error: RpcErrorObject };

/** A response with the HTTP status it goes out with when it is not part of a batch. */
export interface Answer {
  status: number;
  payload: JsonRpcResponse;
}

const jsonRpcId = z.union([z.string(), z.number(), z.null()]);

// `jsonrpc: "2.0"` is not insisted on: every client sends it, and a missing one harms nothing.
const requestEnvelope = z.object({
  id: jsonRpcId.optional(),
  method: z.string(),
  params: z.unknown().optional(),
});

/** The request `value` holds, or the Invalid Request error to answer it with. */
export function readRequest(value: unknown): { request: JsonRpcRequest } | { failure: Answer } {
  const envelope = requestEnvelope.safeParse(value);
  if (envelope.success) {
    const { id, method, params } = envelope.data;
    return { request: { id: id ?? null, method, params } };
  }
  return { failure: failure(readableId(value), invalidRequest(whyNotARequest(value), 400)) };
}

export function success(id: JsonRpcId, result: unknown): Answer {
  return { status: 200, payload: { jsonrpc: '2.0', id, result } };
}

export function failure(id: JsonRpcId, error: RpcError): Answer {
  return { status: error.httpStatus, payload: { jsonrpc: '2.0', id, error: error.error } };
}

/** JSON-RPC 2.0: an empty batch is answered with one Invalid Request, not an empty array. */
export function emptyBatch(): Answer {
  return failure(null, invalidRequest('an empty batch: a JSON-RPC batch holds at least one request', 400));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The id of a malformed request, if it has a valid one: the client can still match the answer. */
function readableId(value: unknown): JsonRpcId {
  if (!isObject(value)) return null;
  const id = jsonRpcId.safeParse(value['id']);
  return id.success ? id.data : null;
}

function whyNotARequest(value: unknown): string {
  const shape = 'a JSON-RPC request is an object {"jsonrpc": "2.0", "id", "method", "params"}';
  if (!isObject(value)) return `${shape}; got ${describeJsonType(value)}`;
  if (typeof value['method'] !== 'string') return 'the request has no "method" string';
  return 'the request "id" must be a string, a number or null';
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array (batches cannot be nested)';
  return `a ${typeof value}`;
}
