/**
 * `fuzz --shard I/N`: the share of seeds one machine of N explores. Seeds are k·N + (I−1)
 * for random k, so two shards never draw the same seed (their seeds differ modulo N) and
 * together they draw from every seed; without --shard (1/1) a seed is any k, as before.
 */
import { randomInt } from 'node:crypto';
import type { Shard } from '../coverage/index.js';
import { UsageError } from './args.js';

export type { Shard } from '../coverage/index.js';

export const WHOLE_SEED_SPACE: Shard = { index: 1, count: 1 };

/** fast-check seeds drawn here are below this (a 31-bit integer, as before sharding). */
export const SEED_LIMIT = 2 ** 31 - 1;

export function parseShard(value: string | true | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const match = typeof value === 'string' ? /^(\d+)\/(\d+)$/.exec(value.trim()) : null;
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count || count >= SEED_LIMIT) {
    throw new UsageError(`--shard must be I/N, this machine's share I of N machines (1 ≤ I ≤ N), e.g. --shard 2/4; got ${String(value)}`, 'fuzz');
  }
  return { index, count };
}

/** How many seeds the shard has below SEED_LIMIT. */
export function shardSeeds(shard: Shard): number {
  return Math.floor((SEED_LIMIT - 1 - (shard.index - 1)) / shard.count) + 1;
}

/** The shard's k-th seed. */
export function shardSeed(k: number, shard: Shard): number {
  return k * shard.count + (shard.index - 1);
}

/** A random seed of the shard. */
export function randomShardSeed(shard: Shard): number {
  return shardSeed(randomInt(shardSeeds(shard)), shard);
}

export const shardText = (shard: Shard) => `${shard.index}/${shard.count}`;
