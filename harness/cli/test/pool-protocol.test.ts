/** The coordinator and its pool threads check what they receive from each other: a structured clone is not a promise of shape. */
import { describe, expect, it } from 'vitest';
import { emptyCoverage } from '../../coverage/index.js';
import * as fc from 'fast-check';
import { isPoolData, isPoolMessage, isPoolTask, poolMessageProblem } from '../pool-protocol.js';

const shared = (length: number) => new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * length));
const data = { scenarios: 's.ts', projectRoot: '/p', backend: 'embedded', stopFlag: shared(1), bounds: shared(3) };
const search = { kind: 'search', id: 1, scenario: 'vault', slot: 0, seed: 42, numRuns: 100, share: { index: 1, count: 2 } };
const coverage = emptyCoverage({
  name: 'protocol',
  contract: { id: 'c.test.near', wasm: 'unused.wasm' },
  users: [{ id: 'alice.test.near', balance: 10n ** 26n }],
  mocks: [{ id: 'pool.test.near', kind: 'mock', methods: { deposit_and_stake: {} } }],
  methods: [{ name: 'stake', args: () => fc.constant({}) }],
  callbacks: ['on_stake'],
});
const plan = { steps: [{ caller: 'alice.test.near', method: 'stake', receiver: 'c.test.near', args: {}, deposit: '1', gas: '30000000000000', wait: 0, answers: {}, delays: [] }], order: [] };

describe('a pool thread', () => {
  it('takes its data with the stop flag and failure bounds in shared memory', () => {
    expect(isPoolData(data)).toBe(true);
    expect(isPoolData({ ...data, stopFlag: new Int32Array(1) })).toBe(false);
    expect(isPoolData({ ...data, bounds: [0, 0] })).toBe(false);
  });

  it('takes search and fuzz tasks, and nothing else', () => {
    expect(isPoolTask(search)).toBe(true);
    expect(isPoolTask({ kind: 'fuzz', id: 2, scenarios: ['vault'], durationMs: 60000, shard: { index: 2, count: 4 }, offset: 0, out: '/o' })).toBe(true);
    expect(isPoolTask({ ...search, share: { index: 0, count: 0 } })).toBe(false);
    expect(isPoolTask({ kind: 'fuzz', id: 2, scenarios: ['vault'], durationMs: 60000, shard: { index: 5, count: 4 }, offset: 0, out: '/o' })).toBe(false);
    expect(isPoolTask({ ...search, kind: 'replay' })).toBe(false);
  });
});

describe('the coordinator', () => {
  it('takes a share\'s result with its runs\' coverage and its failure (a plan, or an error as text)', () => {
    const result = { share: { index: 1, count: 2 }, seed: 42, runs: [{ index: 1, coverage }], executed: 1 };
    expect(isPoolMessage({ kind: 'share', id: 1, result })).toBe(true);
    const failure = { index: 1, path: '1:0', shrinks: 1, shrinkRuns: 3 };
    expect(isPoolMessage({ kind: 'share', id: 1, result: { ...result, failure: { ...failure, found: { kind: 'violation', plan, violations: [{ invariant: 'x', message: 'm' }] } } } })).toBe(true);
    expect(isPoolMessage({ kind: 'share', id: 1, result: { ...result, failure: { ...failure, found: { kind: 'error', message: 'boom', stack: 'Error: boom' } } } })).toBe(true);
    expect(isPoolMessage({ kind: 'round', id: 2, report: { scenario: 0, seed: 7, coverage, found: { invariant: 'x', file: '/o/f.json', page: '/o/f.html' } } })).toBe(true);
    for (const message of [{ kind: 'run', id: 1 }, { kind: 'fuzz-run', id: 2, figures: { gapCalls: 1, failingAnswers: 0 } }, { kind: 'fuzz-done', id: 2 }, { kind: 'failed', id: 2, message: 'no' }]) {
      expect(isPoolMessage(message)).toBe(true);
    }
  });

  it('refuses anything else, saying where it differs', () => {
    const broken = { kind: 'share', id: 1, result: { share: { index: 1, count: 2 }, seed: 42, runs: [{ index: 1, coverage: { ...coverage, runs: -1 } }], executed: 1 } };
    expect(isPoolMessage(broken)).toBe(false);
    expect(poolMessageProblem(broken)).toMatch(/^result\.runs\.0\.coverage\.runs: /);
    for (const message of [{ kind: 'run' }, { kind: 'shout', id: 1 }, 'done', null]) expect(isPoolMessage(message)).toBe(false);
  });
});
