/**
 * Counting one run into a coverage: what each user method became, which answer each mock
 * call was given, what each callback saw, what the contract called that nobody declared,
 * and which scheduling choices took effect.
 */
import { describe, expect, it } from 'vitest';
import { addRun, emptyCoverage, MAX_REASONS, mergeCoverage, OTHER_REASONS, reasonText } from '../index.js';
import { ALICE, call, CONTRACT, plan, POOL, receipt, record, RELAY, scenario, step, stepRecord, TOKEN, transfer } from './fixtures.js';

const counted = (...runs: [ReturnType<typeof plan>, ReturnType<typeof record>][]) => {
  const s = scenario();
  const coverage = emptyCoverage(s);
  for (const [p, r] of runs) addRun(coverage, s, p, r);
  return coverage;
};

describe('an empty coverage', () => {
  it('lists every user method, every declared mock method and every callback at zero (tokens and relays have no declared methods)', () => {
    const coverage = emptyCoverage(scenario());
    expect(Object.keys(coverage.methods)).toEqual(['stake', 'pay']);
    expect(Object.keys(coverage.external)).toEqual([`${POOL}.deposit_and_stake`, `${POOL}.storage_deposit`]);
    expect(Object.keys(coverage.callbacks)).toEqual(['on_stake', 'on_pay']);
    expect(coverage).toMatchObject({ runs: 0, steps: 0, gapCalls: 0, undeclared: {} });
  });
});

describe('user methods', () => {
  it('counts calls by outcome, and groups why they did not succeed by the first line of the error, numbers written <n>', () => {
    const p = plan([step('stake'), step('stake'), step('stake'), step('pay'), step('pay')]);
    const r = record(
      [],
      [
        stepRecord(0, 'success'),
        stepRecord(1, 'failure', { result: 'Smart contract panicked: not enough: has 5, needs 7\n    at stake (vault.js:10)' }),
        stepRecord(2, 'failure', { result: 'Smart contract panicked: not enough: has 0, needs 12' }),
        stepRecord(3, 'refused', { refused: 'the transaction size 10485800 exceeds the limit 1572864' }),
        stepRecord(4, 'unfinished'),
      ],
    );
    const coverage = counted([p, r]);
    expect(coverage.runs).toBe(1);
    expect(coverage.steps).toBe(5);
    expect(coverage.methods['stake']).toEqual({ calls: 3, succeeded: 1, failed: 2, refused: 0, unfinished: 0, inGap: 0, reasons: { 'Smart contract panicked: not enough: has <n>, needs <n>': 2 } });
    expect(coverage.methods['pay']).toEqual({
      calls: 2,
      succeeded: 0,
      failed: 0,
      refused: 1,
      unfinished: 1,
      inGap: 0,
      reasons: { 'refused: the transaction size <n> exceeds the limit <n>': 1, 'unfinished: the run ended before all its receipts ran': 1 },
    });
  });

  it('keeps numbers that are part of a name (accounts such as user1.test.near)', () => {
    expect(reasonText('Smart contract panicked: user1.test.near already has a stake#3 in flight')).toBe('Smart contract panicked: user1.test.near already has a stake#<n> in flight');
  });

  it('keeps at most MAX_REASONS distinct reasons per method; the rest count as one', () => {
    const steps = Array.from({ length: MAX_REASONS + 3 }, () => step('pay'));
    const outcomes = steps.map((_, i) => stepRecord(i, 'failure', { result: `Smart contract panicked: reason ${'x'.repeat(i + 1)}` }));
    const reasons = counted([plan(steps), record([], outcomes)]).methods['pay']!.reasons;
    expect(Object.keys(reasons)).toHaveLength(MAX_REASONS + 1);
    expect(reasons[OTHER_REASONS]).toBe(3);
  });
});

describe('answers injected into mock methods', () => {
  it("is the step's answer for the method, else the method's default behaviour, else success", () => {
    const p = plan([step('stake', { answers: { [`${POOL}.deposit_and_stake`]: { kind: 'fail', message: 'paused' } } }), step('stake')]);
    const r = record(
      [
        receipt(0, CONTRACT, POOL, [call('deposit_and_stake')], { ok: false }),
        receipt(1, CONTRACT, POOL, [call('deposit_and_stake')]),
        receipt(1, CONTRACT, POOL, [call('storage_deposit')], { ok: false }),
      ],
      [stepRecord(0, 'success'), stepRecord(1, 'success')],
    );
    const coverage = counted([p, r]);
    expect(coverage.external[`${POOL}.deposit_and_stake`]).toEqual({ kind: 'mock', calls: 2, answers: { fail: 1, return: 1 }, failures: 1 });
    expect(coverage.external[`${POOL}.storage_deposit`]).toEqual({ kind: 'mock', calls: 1, answers: { fail: 1 }, failures: 1 });
  });

  it('names delayed and re-entrant answers by what they end in, and counts them as failing when that fails', () => {
    const answers = (kind: 'delay' | 'reenter' | 'malformed') => ({
      [`${POOL}.deposit_and_stake`]:
        kind === 'delay'
          ? { kind, blocks: 2, then: { kind: 'delay' as const, blocks: 1, then: { kind: 'trap' as const } } }
          : kind === 'reenter'
            ? { kind, method: 'pay', args: {}, deposit: '0', then: { kind: 'exhaust-gas' as const } }
            : { kind },
    });
    const p = plan([step('stake', { answers: answers('delay') }), step('stake', { answers: answers('reenter') }), step('stake', { answers: answers('malformed') })]);
    const r = record(
      [0, 1, 2].map((i) => receipt(i, CONTRACT, POOL, [call('deposit_and_stake')])),
      [0, 1, 2].map((i) => stepRecord(i, 'success')),
    );
    const coverage = counted([p, r]);
    expect(coverage.external[`${POOL}.deposit_and_stake`]).toEqual({ kind: 'mock', calls: 3, answers: { 'delay/delay/trap': 1, 'reenter/exhaust-gas': 1, malformed: 1 }, failures: 2 });
    expect(coverage.scheduling).toMatchObject({ delayAnswers: 1, delayAnswerBlocks: 3 });
  });

  it('inside a batch gives the answer at once, and re-enters once per operation (as the embedded backend does)', () => {
    const reenter = { kind: 'reenter' as const, method: 'pay', args: {}, deposit: '0', then: { kind: 'return' as const } };
    const p = plan([step('stake', { answers: { [`${POOL}.deposit_and_stake`]: reenter, [`${POOL}.storage_deposit`]: { kind: 'delay', blocks: 1, then: { kind: 'fail', message: 'x' } } } })]);
    const r = record(
      [receipt(0, CONTRACT, POOL, [call('storage_deposit'), call('deposit_and_stake')]), receipt(0, CONTRACT, POOL, [call('deposit_and_stake')]), receipt(0, CONTRACT, POOL, [call('deposit_and_stake')])],
      [stepRecord(0, 'success')],
    );
    const coverage = counted([p, r]);
    expect(coverage.external[`${POOL}.storage_deposit`]!.answers).toEqual({ fail: 1 });
    expect(coverage.external[`${POOL}.deposit_and_stake`]!.answers).toEqual({ return: 2, 'reenter/return': 1 });
    expect(coverage.scheduling.delayAnswers).toBe(0);
  });

  it('on a node, whose answers are set per signer when a step is submitted, gives a receipt its signer\'s latest answers', () => {
    const p = plan([
      step('stake', { answers: { [`${POOL}.deposit_and_stake`]: { kind: 'fail', message: 'paused' }, [`${POOL}.storage_deposit`]: { kind: 'delay', blocks: 1, then: { kind: 'return' } } } }),
      step('pay', { answers: { [`${POOL}.deposit_and_stake`]: { kind: 'trap' } } }),
    ]);
    const r = record(
      [
        receipt(0, CONTRACT, POOL, [call('storage_deposit')], { block: 2 }),
        receipt(0, CONTRACT, POOL, [call('deposit_and_stake')], { block: 3 }),
      ],
      [stepRecord(0, 'success', { submittedAtBlock: 1 }), stepRecord(1, 'success', { submittedAtBlock: 3 })],
      { backend: 'workspaces' },
    );
    const coverage = counted([p, r]);
    // storage_deposit ran before Alice's second step was sent, and a node answers it at once; deposit_and_stake ran after.
    expect(coverage.external[`${POOL}.storage_deposit`]!.answers).toEqual({ return: 1 });
    expect(coverage.external[`${POOL}.deposit_and_stake`]!.answers).toEqual({ trap: 1 });
  });

  it("does not count a mock's own hops (mock_continue, mock_relay), a user's own call to a token, or receipts outside the steps (setup, probes)", () => {
    const p = plan([step('stake', { via: RELAY })]);
    const r = record(
      [
        receipt(0, ALICE, RELAY, [call('mock_relay')]),
        receipt(0, POOL, POOL, [call('mock_continue')]),
        receipt(0, ALICE, TOKEN, [call('ft_transfer_call')]),
        receipt(undefined, CONTRACT, POOL, [call('deposit_and_stake')]),
      ],
      [stepRecord(0, 'success')],
    );
    const coverage = counted([p, r]);
    expect(coverage.external[`${POOL}.deposit_and_stake`]!.calls).toBe(0);
    expect(coverage.external[`${TOKEN}.ft_transfer_call`]).toBeUndefined();
    expect(coverage.undeclared).toEqual({});
  });
});

describe('fungible tokens, which answer for themselves', () => {
  it('count calls and failed receipts per method; a token calling itself back (ft_resolve_transfer) is not an external call', () => {
    const p = plan([step('pay'), step('pay')]);
    const r = record(
      [
        receipt(0, CONTRACT, TOKEN, [call('ft_transfer')], { ok: false, error: 'Smart contract panicked: The account alice.test.near is not registered' }),
        receipt(1, CONTRACT, TOKEN, [call('ft_transfer_call')]),
        receipt(1, TOKEN, TOKEN, [call('ft_resolve_transfer')]),
      ],
      [stepRecord(0, 'success'), stepRecord(1, 'success')],
    );
    const coverage = counted([p, r]);
    expect(coverage.external[`${TOKEN}.ft_transfer`]).toEqual({ kind: 'fungible-token', calls: 1, answers: {}, failures: 1 });
    expect(coverage.external[`${TOKEN}.ft_transfer_call`]).toEqual({ kind: 'fungible-token', calls: 1, answers: {}, failures: 0 });
    expect(coverage.external[`${TOKEN}.ft_resolve_transfer`]).toBeUndefined();
  });
});

describe('undeclared external methods', () => {
  it('names a method the mock does not declare, a method the token does not export and an account the scenario does not have, each with the nearest declared name', () => {
    const p = plan([step('stake')]);
    const r = record(
      [
        receipt(0, CONTRACT, POOL, [call('deposit_and_stak')], { ok: false, error: 'MethodResolveError(MethodNotFound)' }),
        receipt(0, CONTRACT, POOL, [call('deposit_and_stak')], { ok: false }),
        receipt(0, CONTRACT, TOKEN, [call('ft_transfr')], { ok: false }),
        receipt(0, CONTRACT, 'pool.testnet', [call('deposit_and_stake')], { ok: false }),
      ],
      [stepRecord(0, 'success')],
    );
    expect(counted([p, r]).undeclared).toEqual({
      [`${POOL}.deposit_and_stak`]: { calls: 2, why: 'not-in-interface', nearest: `${POOL}.deposit_and_stake` },
      [`${TOKEN}.ft_transfr`]: { calls: 1, why: 'not-exported', nearest: `${TOKEN}.ft_transfer` },
      'pool.testnet.deposit_and_stake': { calls: 1, why: 'unknown-account', nearest: `${POOL}.deposit_and_stake` },
    });
  });

  it('does not count transfers to users or refunds from system as calls', () => {
    const r = record([receipt(0, CONTRACT, ALICE, [transfer('5')]), receipt(0, 'system', ALICE, [transfer('1')], { refund: 'gas' })], [stepRecord(0, 'success')]);
    expect(counted([plan([step('pay')]), r]).undeclared).toEqual({});
  });
});

describe('callbacks', () => {
  it('count what each run of a callback received: all successes, some failures, all failures, or no results at all', () => {
    const p = plan([step('stake')]);
    const r = record(
      [
        receipt(0, CONTRACT, CONTRACT, [call('on_stake')], { inputs: ['Successful'] }),
        receipt(0, CONTRACT, CONTRACT, [call('on_stake')], { inputs: ['Successful', 'Failed'] }),
        receipt(0, CONTRACT, CONTRACT, [call('on_stake')], { inputs: ['Failed', 'Failed'] }),
        receipt(0, ALICE, CONTRACT, [call('on_pay')]),
      ],
      [stepRecord(0, 'success')],
    );
    const coverage = counted([p, r]);
    expect(coverage.callbacks['on_stake']).toEqual({ calls: 3, allSucceeded: 1, someFailed: 1, allFailed: 1, withoutResults: 0 });
    expect(coverage.callbacks['on_pay']).toEqual({ calls: 1, allSucceeded: 0, someFailed: 0, allFailed: 0, withoutResults: 1 });
  });
});

describe('scheduling', () => {
  it('counts receipt delays that had a receipt to hold, reordered blocks of two or more receipts, and delay answers', () => {
    const p = plan(
      [
        step('stake', {
          delays: [
            { receipt: 0, blocks: 2 },
            { receipt: 1, blocks: 1 },
            { receipt: 5, blocks: 3 },
          ],
        }),
      ],
      [3, 0, 7],
    );
    const a = receipt(0, ALICE, CONTRACT, [call('stake')], { block: 1 });
    const b = receipt(0, CONTRACT, POOL, [call('deposit_and_stake')], { block: 1 });
    const c = receipt(0, POOL, CONTRACT, [call('on_stake')], { block: 3 });
    const r = record([a, b, c], [stepRecord(0, 'success', { receipts: [a.id, b.id, c.id] })], { blocks: [[a, b], [], [c]] });
    expect(counted([p, r]).scheduling).toEqual({ receiptDelays: 2, receiptDelayBlocks: 3, reorderedBlocks: 1, delayAnswers: 0, delayAnswerBlocks: 0 });
  });

  it('counts no receipt delays or reorderings on a backend that does not apply them (a node)', () => {
    const p = plan([step('stake', { delays: [{ receipt: 0, blocks: 2 }] })], [3]);
    const a = receipt(0, ALICE, CONTRACT, [call('stake')]);
    const r = record([a, receipt(0, CONTRACT, POOL, [call('deposit_and_stake')])], [stepRecord(0, 'success', { receipts: [a.id] })], { backend: 'workspaces' });
    expect(counted([p, r]).scheduling).toMatchObject({ receiptDelays: 0, reorderedBlocks: 0 });
  });
});

describe('adding coverages up (a fuzz session)', () => {
  it('adds every count, keeps the union of reasons, answers and undeclared calls', () => {
    const s = scenario();
    const one = emptyCoverage(s);
    addRun(one, s, plan([step('pay')]), record([receipt(0, CONTRACT, POOL, [call('deposit_and_stak')])], [stepRecord(0, 'failure', { result: 'Smart contract panicked: no' })]));
    const two = emptyCoverage(s);
    addRun(two, s, plan([step('pay', { answers: { [`${POOL}.deposit_and_stake`]: { kind: 'trap' } } })]), record([receipt(0, CONTRACT, POOL, [call('deposit_and_stake')])], [stepRecord(0, 'success')]));
    const total = emptyCoverage(s);
    mergeCoverage(total, one);
    mergeCoverage(total, two);
    mergeCoverage(total, one);
    expect(total.runs).toBe(3);
    expect(total.methods['pay']).toMatchObject({ calls: 3, succeeded: 1, failed: 2, reasons: { 'Smart contract panicked: no': 2 } });
    expect(total.external[`${POOL}.deposit_and_stake`]).toEqual({ kind: 'mock', calls: 1, answers: { trap: 1 }, failures: 1 });
    expect(total.undeclared[`${POOL}.deposit_and_stak`]).toMatchObject({ calls: 2 });
  });
});
