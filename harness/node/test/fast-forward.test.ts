/**
 * sandbox_fast_forward moves the chain without holding up the node: other requests are
 * answered while it runs, and see a consistent chain; deltas past the node's bound are refused.
 * Orderings are asserted, never durations: a busy machine only makes things slower.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EmbeddedNode, MAX_FAST_FORWARD_BLOCKS } from '../index.js';
import { call, until } from './json-rpc-client.js';

/** Large enough to take many slices on any machine (roughly a second or more of work). */
const LARGE_DELTA = 100_000;

const statusResult = z.object({ sync_info: z.object({ latest_block_height: z.number(), latest_block_hash: z.string() }) });
const blockResult = z.object({ header: z.object({ hash: z.string() }) });

let node: EmbeddedNode;
let url: string;

beforeAll(async () => {
  node = new EmbeddedNode();
  url = (await node.listen(0)).url;
});
afterAll(async () => {
  await node.close();
});

describe('sandbox_fast_forward', () => {
  it('a status request sent while a large fast-forward runs is answered before the fast-forward finishes, from a consistent chain', async () => {
    const start = node.chain.height;
    const events: string[] = [];
    const forward = call(url, 'sandbox_fast_forward', { delta_height: LARGE_DELTA }).then((answer) => {
      events.push('fast-forward answered');
      return answer;
    });
    await until(() => node.chain.height > start);

    const { sync_info: sync } = statusResult.parse((await call(url, 'status')).result);
    events.push('status answered');
    const seen = blockResult.parse((await call(url, 'block', { block_id: sync.latest_block_height })).result);
    events.push('block answered');

    expect((await forward).result).toEqual({});
    expect(events).toEqual(['status answered', 'block answered', 'fast-forward answered']);
    expect(sync.latest_block_height).toBeGreaterThan(start);
    expect(sync.latest_block_height).toBeLessThan(start + LARGE_DELTA);
    expect(seen.header.hash).toBe(sync.latest_block_hash);
    expect(node.chain.height).toBe(start + LARGE_DELTA);
  });

  it('a fast-forward sent while another runs waits for it, so their deltas add up; status is answered before either ends', async () => {
    const start = node.chain.height;
    const events: string[] = [];
    const heightWhenFirstAnswered: number[] = [];
    const forward = (delta: number, name: string) =>
      call(url, 'sandbox_fast_forward', { delta_height: delta }).then((answer) => {
        events.push(`${name} answered`);
        if (name === 'first') heightWhenFirstAnswered.push(node.chain.height);
        return answer.result;
      });
    const first = forward(60_000, 'first');
    await until(() => node.chain.height > start);
    const both = Promise.all([first, forward(40_000, 'second')]);
    await call(url, 'status');
    events.push('status answered');

    expect(await both).toEqual([{}, {}]);
    expect(events).toEqual(['status answered', 'first answered', 'second answered']);
    expect(heightWhenFirstAnswered[0]).toBeGreaterThanOrEqual(start + 60_000);
    expect(node.chain.height).toBe(start + 100_000);
  });

  it(`refuses a delta above ${MAX_FAST_FORWARD_BLOCKS} blocks, naming the bound, and moves nothing`, async () => {
    const start = node.chain.height;
    // Just past the bound first: a node without one would take a while over it, not hours.
    for (const delta of [MAX_FAST_FORWARD_BLOCKS + 1, 1_000_000_000]) {
      const { error } = await call(url, 'sandbox_fast_forward', { delta_height: delta });
      expect(error).toMatchObject({ code: -32700, cause: { name: 'PARSE_ERROR' } });
      expect(error?.data).toEqual(expect.stringContaining(`params.delta_height: expected at most ${MAX_FAST_FORWARD_BLOCKS} blocks`));
    }
    expect(node.chain.height).toBe(start);
  });

  it('stops producing blocks when the node closes mid-way', async () => {
    const other = new EmbeddedNode();
    const otherUrl = (await other.listen(0)).url;
    const start = other.chain.height;
    const forward = call(otherUrl, 'sandbox_fast_forward', { delta_height: MAX_FAST_FORWARD_BLOCKS }).catch(() => 'connection closed');
    await until(() => other.chain.height > start);
    await other.close();
    await forward;
    const heightAfterClose = other.chain.height;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(other.chain.height).toBe(heightAfterClose);
    expect(heightAfterClose).toBeLessThan(start + MAX_FAST_FORWARD_BLOCKS);
  });
});
