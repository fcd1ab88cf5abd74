/**
 * The node never dies and never leaks internals: any body gets a JSON-RPC answer, batches are
 * answered as JSON-RPC 2.0 batches, clients that hang up are shrugged off, and an unexpected
 * failure inside reaches the client only as a neutral INTERNAL_ERROR (the details go to the
 * diagnostic hook).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EmbeddedNode, MAX_JSON_PAYLOAD_BYTES, startEmbeddedWorker, type NodeDiagnostic } from '../index.js';
import { call, json, postRaw, response, responses, until } from './json-rpc-client.js';

let node: EmbeddedNode;
let url: string;
const diagnostics: NodeDiagnostic[] = [];

beforeAll(async () => {
  node = new EmbeddedNode({ onDiagnostic: (d) => diagnostics.push(d) });
  url = (await node.listen(0)).url;
});
afterAll(async () => {
  await node.close();
});

/** Rejections nobody handled while collecting: a node that let one escape could take its process down. */
function collectUnhandledRejections(): { stop(): unknown[] } {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  return {
    stop() {
      process.off('unhandledRejection', listener);
      return seen;
    },
  };
}

async function expectStillServing(target = url): Promise<void> {
  expect((await call(target, 'status')).result).toMatchObject({ chain_id: 'sandbox' });
}

describe('bodies that are not one request', () => {
  it.each([['null'], ['5'], ['"status"'], ['true'], ['{}'], ['{"jsonrpc":"2.0","id":1}'], ['{"jsonrpc":"2.0","id":1,"method":7}']])('%s: Invalid Request (-32600), HTTP 400', async (body) => {
    const reply = await postRaw(url, body);
    expect(reply.status).toBe(400);
    expect(response(reply).error).toMatchObject({ code: -32600, message: 'Invalid request', cause: { name: 'INVALID_REQUEST' } });
    await expectStillServing();
  });

  it('an object id is not echoed back: the answer has id null', async () => {
    const reply = await postRaw(url, '{"jsonrpc":"2.0","id":{"nested":[1,2]},"method":"status"}');
    expect(response(reply)).toMatchObject({ id: null, error: { code: -32600, data: 'the request "id" must be a string, a number or null' } });
  });

  it.each([
    ['truncated JSON', Buffer.from('{"jsonrpc":"2.0","id":1,"method":"sta')],
    ['an empty body', Buffer.alloc(0)],
  ])('%s: a parse error, HTTP 400', async (_, body) => {
    const reply = await postRaw(url, new Uint8Array(body));
    expect(reply.status).toBe(400);
    expect(response(reply).error).toMatchObject({ code: -32700, cause: { name: 'PARSE_ERROR' }, data: expect.stringContaining('not valid JSON') });
  });

  it('invalid UTF-8: a parse error saying so', async () => {
    const body = Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":1,"method":"sta'), Buffer.from([0xc3, 0x28]), Buffer.from('tus"}')]);
    const reply = await postRaw(url, new Uint8Array(body));
    expect(reply.status).toBe(400);
    expect(response(reply).error).toMatchObject({ code: -32700, data: 'the request body is not valid UTF-8' });
  });

  it(`a body over ${MAX_JSON_PAYLOAD_BYTES} bytes (nearcore's default json_payload_max_size): HTTP 413 with a JSON-RPC error naming the limit`, async () => {
    const reply = await postRaw(url, new Uint8Array(MAX_JSON_PAYLOAD_BYTES + 1).fill(0x20));
    expect(reply.status).toBe(413);
    expect(response(reply).error).toMatchObject({ code: -32700, data: expect.stringContaining(`larger than ${MAX_JSON_PAYLOAD_BYTES} bytes`) });
    await expectStillServing();
  });

  it('a request that is not POST: HTTP 405 with a JSON-RPC error', async () => {
    const reply = await fetch(url, { method: 'PUT', body: '{}' });
    expect(reply.status).toBe(405);
    expect(json({ status: reply.status, text: await reply.text() })).toMatchObject({ error: { code: -32600, data: 'use POST / with a JSON-RPC body, or GET /status' } });
  });
});

describe('clients that hang up', () => {
  it('halfway through sending the body', async () => {
    const unhandled = collectUnhandledRejections();
    const { hostname, port } = new URL(url);
    await new Promise<void>((resolve) => {
      const half = request({ hostname, port, method: 'POST', path: '/', headers: { 'content-type': 'application/json', 'content-length': '1000' } });
      half.on('error', () => resolve());
      half.write('{"jsonrpc":"2.0","id":1,"method":"st', () => {
        half.destroy();
        resolve();
      });
    });
    // Time for the node to see the hang-up (this can only hide a failure, never cause one).
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expectStillServing();
    expect(unhandled.stop()).toEqual([]);
  });

  it('before reading the answer', async () => {
    const start = node.chain.height;
    const abort = new AbortController();
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'sandbox_fast_forward', params: { delta_height: 20_000 } });
    const sent = fetch(url, { method: 'POST', body, signal: abort.signal }).catch(() => 'aborted');
    await until(() => node.chain.height > start);
    expect(node.chain.height).toBeLessThan(start + 20_000);
    abort.abort();
    expect(await sent).toBe('aborted');
    await until(() => node.chain.height === start + 20_000);
    await expectStillServing();
    expect(diagnostics).toEqual([]);
  });
});

describe('JSON-RPC 2.0 batches', () => {
  it('an array of requests gets an array of responses, in request order', async () => {
    const batch = [
      { jsonrpc: '2.0', id: 'a', method: 'status' },
      { jsonrpc: '2.0', id: 'b', method: 'teleport' },
      { jsonrpc: '2.0', id: 'c', method: 'block', params: { finality: 'final' } },
      7,
      { jsonrpc: '2.0', id: 'e', method: 'sandbox_fast_forward', params: { delta_height: 'ten' } },
      [{ jsonrpc: '2.0', id: 'nested', method: 'status' }],
    ];
    const reply = await postRaw(url, JSON.stringify(batch));
    expect(reply.status).toBe(200);
    const answers = responses(reply);
    expect(Array.isArray(json(reply))).toBe(true);
    expect(answers.map((a) => a.id)).toEqual(['a', 'b', 'c', null, 'e', null]);
    expect(answers[0]?.result).toMatchObject({ chain_id: 'sandbox' });
    expect(answers[1]?.error).toMatchObject({ cause: { name: 'METHOD_NOT_FOUND' } });
    expect(answers[2]?.result).toMatchObject({ header: { height: node.chain.height } });
    expect(answers[3]?.error).toMatchObject({ code: -32600 });
    expect(answers[4]?.error).toMatchObject({ cause: { name: 'PARSE_ERROR' } });
    expect(answers[5]?.error).toMatchObject({ code: -32600, data: expect.stringContaining('batches cannot be nested') });
  });

  it('requests in a batch run in order: a fast-forward is seen by the status after it', async () => {
    const start = node.chain.height;
    const answers = responses(
      await postRaw(
        url,
        JSON.stringify([
          { jsonrpc: '2.0', id: 1, method: 'sandbox_fast_forward', params: { delta_height: 5 } },
          { jsonrpc: '2.0', id: 2, method: 'status' },
        ]),
      ),
    );
    expect(answers[0]?.result).toEqual({});
    expect(answers[1]?.result).toMatchObject({ sync_info: { latest_block_height: start + 5 } });
  });

  it('an empty batch gets one Invalid Request, not an array', async () => {
    const reply = await postRaw(url, '[]');
    expect(json(reply)).not.toBeInstanceOf(Array);
    expect(response(reply)).toMatchObject({ id: null, error: { code: -32600, data: expect.stringContaining('empty batch') } });
  });
});

describe('unexpected failures inside the node', () => {
  const jsMessage = "Cannot read properties of undefined (reading 'amount')";

  it('reach the client as a neutral INTERNAL_ERROR, and the diagnostic hook with the details', async () => {
    const failing = vi.spyOn(node.chain, 'viewAccount').mockImplementation(() => {
      throw new TypeError(jsMessage);
    });
    try {
      const reply = await postRaw(url, JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'query', params: { request_type: 'view_account', account_id: 'test.near', finality: 'final' } }));
      expect(response(reply)).toMatchObject({ id: 9, error: { name: 'INTERNAL_ERROR', code: -32000, cause: { name: 'INTERNAL_ERROR' } } });
      expect(reply.text).not.toContain('TypeError');
      expect(reply.text).not.toContain('Cannot read properties');
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({ context: 'query', error: new TypeError(jsMessage) });
    } finally {
      failing.mockRestore();
      diagnostics.length = 0;
    }
    await expectStillServing();
  });

  it('by default, go to stderr as one line', async () => {
    const quiet = new EmbeddedNode();
    const quietUrl = (await quiet.listen(0)).url;
    const lines: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    });
    const failing = vi.spyOn(quiet.chain, 'viewAccount').mockImplementation(() => {
      throw new TypeError(jsMessage);
    });
    try {
      await call(quietUrl, 'query', { request_type: 'view_account', account_id: 'test.near', finality: 'final' });
    } finally {
      failing.mockRestore();
      stderr.mockRestore();
      await quiet.close();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^[^\n]*unexpected error in query: TypeError: Cannot read properties of undefined \(reading 'amount'\)[^\n]*\n$/);
  });

  it('a diagnostic hook that throws does not take the node down', async () => {
    const fragile = new EmbeddedNode({
      onDiagnostic: () => {
        throw new Error('the hook is broken too');
      },
    });
    const fragileUrl = (await fragile.listen(0)).url;
    const failing = vi.spyOn(fragile.chain, 'viewAccount').mockImplementation(() => {
      throw new RangeError('out of range');
    });
    try {
      const { error } = await call(fragileUrl, 'query', { request_type: 'view_account', account_id: 'test.near', finality: 'final' });
      expect(error?.name).toBe('INTERNAL_ERROR');
      failing.mockRestore();
      await expectStillServing(fragileUrl);
    } finally {
      failing.mockRestore();
      await fragile.close();
    }
  });
});

describe("startEmbeddedWorker()'s in-process node", () => {
  it('survives a null body and a batch, and near-workspaces keeps working through it', async () => {
    const embedded = await startEmbeddedWorker();
    try {
      expect(response(await postRaw(embedded.url, 'null')).error).toMatchObject({ code: -32600 });
      const batch = responses(await postRaw(embedded.url, JSON.stringify([{ jsonrpc: '2.0', id: 1, method: 'status' }, null])));
      expect(batch.map((a) => a.id)).toEqual([1, null]);
      expect(batch[0]?.result).toMatchObject({ chain_id: 'sandbox' });
      expect(await embedded.worker.rootAccount.exists()).toBe(true);
    } finally {
      await embedded.stop();
    }
  });
});
