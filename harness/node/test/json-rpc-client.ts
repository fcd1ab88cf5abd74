/**
 * A bare JSON-RPC client for the node's tests: raw bodies in, raw text out, and the JSON-RPC
 * responses in it checked for shape, so a test can send anything and see exactly what came back.
 */
import { expect } from 'vitest';
import { z } from 'zod';

export interface RawReply {
  status: number;
  text: string;
}

export async function postRaw(url: string, body: string | Uint8Array): Promise<RawReply> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, text: await response.text() };
}

/** nearcore's error envelope. */
const rpcError = z.object({
  name: z.string(),
  cause: z.object({ name: z.string(), info: z.record(z.string(), z.unknown()) }),
  code: z.number(),
  message: z.string(),
  data: z.unknown(),
});

/** A JSON-RPC 2.0 response: exactly one of result and error. */
const rpcResponse = z
  .object({ jsonrpc: z.literal('2.0'), id: z.union([z.string(), z.number(), z.null()]), result: z.unknown().optional(), error: rpcError.optional() })
  .refine((response) => (response.result === undefined) !== (response.error === undefined), 'exactly one of result and error');

export type RpcResponse = z.output<typeof rpcResponse>;

/** The reply's JSON; fails the test if the node answered something that is not JSON. */
export function json(reply: RawReply): unknown {
  try {
    return JSON.parse(reply.text);
  } catch {
    return expect.fail(`the node answered HTTP ${reply.status} with a body that is not JSON: ${reply.text.slice(0, 200)}`);
  }
}

/** The one response in the reply; fails the test if it is not a JSON-RPC response. */
export function response(reply: RawReply): RpcResponse {
  return rpcResponse.parse(json(reply));
}

/** A batch's responses, or the single response as a list of one. */
export function responses(reply: RawReply): RpcResponse[] {
  const value = json(reply);
  return Array.isArray(value) ? value.map((item) => rpcResponse.parse(item)) : [rpcResponse.parse(value)];
}

export async function call(url: string, method: string, params?: unknown): Promise<RpcResponse> {
  return response(await postRaw(url, JSON.stringify({ jsonrpc: '2.0', id: 'test', method, params })));
}

/** Resolves once `condition` holds, checking every few ms (no deadline: vitest's timeout is one). */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}
