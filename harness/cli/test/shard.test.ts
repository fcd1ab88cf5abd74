/** `fuzz --shard I/N`: read with errors that show the form; the shards' seeds never meet, and together they are every seed. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../args.js';
import { parseShard, SEED_LIMIT, shardSeed, shardSeeds } from '../shard.js';

describe('--shard', () => {
  it('reads I/N, 1-based', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard(undefined)).toBeUndefined();
  });

  it.each(['0/4', '5/4', '2', '2/0', '-1/4', '2/4/8', 'two/four', '1.5/4'])('refuses %s, naming the expected form', (value) => {
    expect(() => parseShard(value)).toThrow(UsageError);
    expect(() => parseShard(value)).toThrow(/--shard must be I\/N, .*e\.g\. --shard 2\/4; got /);
  });
});

describe('seeds of a shard', () => {
  it('no two shards of N draw the same seed; together they draw every seed, each below the limit', () => {
    for (const count of [1, 2, 3, 4, 7]) {
      const seen = new Map<number, number>();
      for (let index = 1; index <= count; index++) {
        const shard = { index, count };
        for (let k = 0; k < 50; k++) {
          const seed = shardSeed(k, shard);
          expect(seen.get(seed), `seed ${seed} of shard ${index}/${count}`).toBeUndefined();
          seen.set(seed, index);
        }
        // The shard's last seed is the largest of its residue below the limit.
        const last = shardSeed(shardSeeds(shard) - 1, shard);
        expect(last).toBeLessThan(SEED_LIMIT);
        expect(last + count).toBeGreaterThanOrEqual(SEED_LIMIT);
      }
      // The first 50·N seeds, shared out without a gap.
      expect([...seen.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 * count }, (_, i) => i));
    }
  });

  it('without --shard (1/1) a seed is any of the 2^31 − 1 seeds, as before', () => {
    expect(shardSeeds({ index: 1, count: 1 })).toBe(SEED_LIMIT);
  });
});
