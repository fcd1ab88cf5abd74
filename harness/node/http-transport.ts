/**
 * JSON-RPC over HTTP: `POST /` with any body gets a JSON answer, `GET /status` the status.
 * Whatever arrives (no body, a huge one, bytes that are not UTF-8 or not JSON, a client that
 * hangs up halfway), nothing throws out of the request listener: the node must outlive its
 * clients, and when started in-process it shares their test process.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { safelyReport, type DiagnosticHook } from './diagnostics.js';
import { failure, type JsonRpcResponse } from './json-rpc.js';
import { internalError, invalidRequest, parseError, RpcError, UNEXPECTED_FAILURE_TEXT } from './rpc-errors.js';

/**
 * The largest request body read, in bytes: nearcore's default `json_payload_max_size`
 * (10 MiB, its RPC `limits_config`). Anything larger is refused with HTTP 413.
 */
export const MAX_JSON_PAYLOAD_BYTES = 10 * 1024 * 1024;

export interface HttpAnswer {
  status: number;
  payload: JsonRpcResponse | JsonRpcResponse[] | Record<string, unknown>;
}

export interface JsonRpcEndpoint {
  maxBodyBytes: number;
  /** Answers a parsed JSON body: one request or a batch. */
  answer(body: unknown): Promise<HttpAnswer>;
  status(): Record<string, unknown>;
  report: DiagnosticHook;
}

/** The `createServer` listener for `endpoint`; it never rejects or throws. */
export function jsonRpcListener(endpoint: JsonRpcEndpoint): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    // A client that hangs up while we write is not our failure: nothing to report.
    response.on('error', () => {});
    request.on('error', () => {});
    void serve(endpoint, request, response).catch((error: unknown) => answerUnexpectedFailure(endpoint, response, error));
  };
}

function answerUnexpectedFailure(endpoint: JsonRpcEndpoint, response: ServerResponse, error: unknown): void {
  safelyReport(endpoint.report, { context: 'http', error });
  try {
    sendJson(response, failure(null, internalError(UNEXPECTED_FAILURE_TEXT)));
  } catch {
    response.destroy();
  }
}

async function serve(endpoint: JsonRpcEndpoint, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method === 'GET' && isStatusPath(request.url)) {
    sendJson(response, { status: 200, payload: endpoint.status() });
    return;
  }
  if (request.method !== 'POST') {
    request.resume();
    sendJson(response, failure(null, invalidRequest('use POST / with a JSON-RPC body, or GET /status', 405)));
    return;
  }
  const body = await readBody(request, endpoint.maxBodyBytes);
  if (body.kind === 'aborted') return;
  if (body.kind === 'too-large') {
    const detail = `the request body is larger than ${endpoint.maxBodyBytes} bytes, the node's limit (nearcore's default json_payload_max_size)`;
    sendJson(response, failure(null, parseError(detail, 413)));
    return;
  }
  const json = parseJson(body.bytes);
  if (json instanceof RpcError) {
    sendJson(response, failure(null, json));
    return;
  }
  sendJson(response, await endpoint.answer(json.value));
}

function isStatusPath(url: string | undefined): boolean {
  return url === '/status' || (url?.startsWith('/status?') ?? false);
}

type Body = { kind: 'complete'; bytes: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

/**
 * Reads the body, keeping at most `maxBytes`. Past the limit the rest is read and dropped, so
 * the client is done sending and reads our 413 (Node's requestTimeout bounds a body that never
 * ends).
 */
function readBody(request: IncomingMessage, maxBytes: number): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: unknown) => {
      if (!Buffer.isBuffer(chunk)) return;
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.once('end', () => resolve(size > maxBytes ? { kind: 'too-large' } : { kind: 'complete', bytes: Buffer.concat(chunks) }));
    // After 'end' this changes nothing: a promise settles once.
    request.once('close', () => resolve({ kind: 'aborted' }));
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The JSON value in `bytes`, or the parse error (HTTP 400) to answer with. */
function parseJson(bytes: Buffer): { value: unknown } | RpcError {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return parseError('the request body is not valid UTF-8', 400);
  }
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return parseError(`the request body is not valid JSON${positionOf(error)}`, 400);
  }
}

/** Where JSON.parse gave up, if it says; its own message is not passed on. */
function positionOf(error: unknown): string {
  const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
  return position === undefined ? '' : ` (at character ${position})`;
}

function sendJson(response: ServerResponse, { status, payload }: HttpAnswer): void {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(payload);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}
