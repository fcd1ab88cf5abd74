/** Coverage for people (the summary, fuzz's live figure, a vacuous pass) and for files (coverage.json, byte for byte). */
import { describe, expect, it } from 'vitest';
import { addRun, coverageFigure, coverageFile, emptyCoverage, formatCoverage, formatVacuity, stableJson, vacuity } from '../index.js';
import { call, CONTRACT, plan, POOL, receipt, record, scenario, step, stepRecord, TOKEN } from './fixtures.js';

function sample() {
  const s = scenario();
  const coverage = emptyCoverage(s);
  const p = plan([step('stake', { answers: { [`${POOL}.deposit_and_stake`]: { kind: 'fail', message: 'paused' } } }), step('pay')]);
  const r = record(
    [
      receipt(0, CONTRACT, POOL, [call('deposit_and_stake')]),
      receipt(0, POOL, CONTRACT, [call('on_stake')], { inputs: ['Failed'] }),
      receipt(1, CONTRACT, TOKEN, [call('ft_transfer')], { ok: false }),
      receipt(1, CONTRACT, POOL, [call('deposit_and_stak')], { ok: false }),
    ],
    [stepRecord(0, 'success'), stepRecord(1, 'failure', { result: 'Smart contract panicked: not enough balance: has 0, needs 3' })],
  );
  addRun(coverage, s, p, r);
  return { s, coverage };
}

describe('the coverage summary', () => {
  it('has a line per user method, external method and callback, and one for scheduling', () => {
    expect(formatCoverage(sample().coverage, '> ').split('\n')).toEqual([
      '> coverage of fixture: 1 run, 2 calls, 0 in an open call→callback gap',
      '>   method pay: 1 call, 0 ok, 1 failed, 0 in a gap — 1 × Smart contract panicked: not enough balance: has <n>, needs <n>',
      '>   method stake: 1 call, 1 ok, 0 failed, 0 in a gap',
      '>   external pool.test.near.deposit_and_stake: 1 call, 1 failing answer (fail 1)',
      '>   external pool.test.near.storage_deposit: 0 calls, 0 failing answers',
      '>   external token.test.near.ft_transfer (token, answers for itself): 1 call, 1 failed',
      '>   external pool.test.near.deposit_and_stak: 1 call, NOT DECLARED (nearest declared: pool.test.near.deposit_and_stake)',
      '>   callback on_pay: 0 runs — 0 all-success, 0 some-failed, 0 all-failed',
      '>   callback on_stake: 1 run — 0 all-success, 0 some-failed, 1 all-failed',
      '>   scheduling: 0 receipt delays (0 blocks), 0 reordered blocks, 0 delay answers (0 blocks)',
    ]);
  });

  it("gives fuzz's progress line the calls in a gap and the failing answers injected, added up over scenarios", () => {
    const { coverage } = sample();
    expect(coverageFigure([coverage, { ...coverage, gapCalls: 4 }])).toBe('gap calls 4  failing answers 2');
  });

  it('prints a vacuous pass as a heading and one complaint per line', () => {
    const { s, coverage } = sample();
    const text = formatVacuity('fixture', coverage.runs, vacuity(s, coverage), '    ');
    expect(text.split('\n')[0]).toBe('VACUOUS fixture: 1 run, no violation, but they did not test what the scenario declares:');
    expect(text.split('\n')[1]).toMatch(/^ {4}- the contract called pool\.test\.near\.deposit_and_stak \(1 time\)/);
  });
});

describe('coverage.json', () => {
  it('sorts keys at every level, so the same value gives the same bytes whatever order it was built in', () => {
    expect(stableJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(stableJson({ a: { c: null, d: [2, { e: 0, f: 1 }] }, b: 1 }));
    expect(stableJson({ b: 1, a: 2 }, 0)).toBe('{"a":2,"b":1}\n');
  });

  it('holds the command, and per scenario its coverage, whether it was judged and its complaints', () => {
    const { s, coverage } = sample();
    const text = coverageFile({ command: 'run', seed: 42, backend: 'embedded' }, [{ coverage, judged: true, vacuity: vacuity(s, coverage) }]);
    expect(text).toBe(coverageFile({ command: 'run', seed: 42, backend: 'embedded' }, [{ coverage: sample().coverage, judged: true, vacuity: vacuity(s, coverage) }]));
    const parsed: unknown = JSON.parse(text);
    expect(parsed).toMatchObject({ format: 1, command: 'run', seed: 42, backend: 'embedded', scenarios: [{ judged: true, coverage: { scenario: 'fixture', runs: 1 } }] });
  });
});
