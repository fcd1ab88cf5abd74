/** Command-line parsing: durations and options, with errors that say what to type. */
import { describe, expect, it } from 'vitest';
import { parseArgs, parseDuration, UsageError } from '../args.js';

describe('durations', () => {
  it.each([
    ['30m', 1_800_000],
    ['1h30m', 5_400_000],
    ['90s', 90_000],
    ['45', 45_000],
    ['250ms', 250],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('refuses anything else, with examples', () => {
    expect(() => parseDuration('half an hour')).toThrow(/use e\.g\. 90s, 30m, 1h or 1h30m/);
  });
});

describe('options', () => {
  it('reads --name value, --name=value, flags and positionals', () => {
    const parsed = parseArgs(['file.json', '--emit-test', 'a.test.ts', '--allow-changed-wasm', '--seed=7'], ['emit-test', 'seed'], ['allow-changed-wasm']);
    expect(parsed.positionals).toEqual(['file.json']);
    expect([...parsed.options]).toEqual([
      ['emit-test', 'a.test.ts'],
      ['allow-changed-wasm', true],
      ['seed', '7'],
    ]);
  });

  it('refuses unknown options and missing values', () => {
    expect(() => parseArgs(['--frobnicate'], [], [])).toThrow(UsageError);
    expect(() => parseArgs(['--duration'], ['duration'], [])).toThrow(/--duration needs a value/);
  });
});
