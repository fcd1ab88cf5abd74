/**
 * No vacuous passes: each way a set of runs can test nothing yields one complaint naming
 * what and why; `expect` allows exactly what it names, and an allowance naming nothing is
 * itself a complaint.
 */
import { describe, expect, it } from 'vitest';
import { emptyCoverage, vacuity, type Coverage } from '../index.js';
import { POOL, scenario, TOKEN } from './fixtures.js';

/** A coverage in which everything was exercised: no complaint. */
function thorough(s = scenario()): Coverage {
  const coverage = emptyCoverage(s);
  coverage.runs = 10;
  for (const method of Object.values(coverage.methods)) Object.assign(method, { calls: 5, succeeded: 3, failed: 2 });
  for (const external of Object.values(coverage.external)) Object.assign(external, { calls: 4, answers: { return: 3, fail: 1 }, failures: 1 });
  for (const callback of Object.values(coverage.callbacks)) Object.assign(callback, { calls: 4, allSucceeded: 3, allFailed: 1 });
  return coverage;
}

const checks = (s: ReturnType<typeof scenario>, c: Coverage) => vacuity(s, c).map((complaint) => [complaint.check, complaint.subject]);

describe('vacuity', () => {
  it('has nothing to say when every method succeeded, every declared mock method was called and failed, and every callback saw a failure', () => {
    expect(vacuity(scenario(), thorough())).toEqual([]);
  });

  it('complains about a user method that never succeeded, with its most common reasons', () => {
    const coverage = thorough();
    coverage.methods['stake'] = { calls: 7, succeeded: 0, failed: 7, refused: 0, unfinished: 0, inGap: 0, reasons: { 'Exceeded the prepaid gas.': 7 } };
    expect(vacuity(scenario(), coverage)).toEqual([
      {
        check: 'never-succeeded',
        subject: 'stake',
        message: 'user method stake never succeeded: 7 calls in 10 runs, all unsuccessful (7 × Exceeded the prepaid gas.); if it never can, say so in expect.neverSucceeds',
      },
    ]);
  });

  it('complains about a user method that was never called at all', () => {
    const coverage = thorough();
    coverage.methods['pay'] = { calls: 0, succeeded: 0, failed: 0, refused: 0, unfinished: 0, inGap: 0, reasons: {} };
    expect(vacuity(scenario(), coverage)[0]?.message).toBe('user method pay was never called in 10 runs; if it never can, say so in expect.neverSucceeds');
  });

  it('complains about a declared mock method never called, and one called but never given a failing answer', () => {
    const coverage = thorough();
    coverage.external[`${POOL}.storage_deposit`] = { kind: 'mock', calls: 0, answers: {}, failures: 0 };
    coverage.external[`${POOL}.deposit_and_stake`] = { kind: 'mock', calls: 9, answers: { return: 6, malformed: 3 }, failures: 0 };
    expect(vacuity(scenario(), coverage).map((c) => c.message)).toEqual([
      `external method ${POOL}.deposit_and_stake was called 9 times in 10 runs but never given a failing answer (fail, trap or exhaust-gas), so what the contract does when it fails was never tested; if it cannot fail, say so in expect.neverFails`,
      `external method ${POOL}.storage_deposit is declared but the contract never called it in 10 runs; if it never does here, say so in expect.neverCalled`,
    ]);
  });

  it('does not judge a fungible token\'s methods for failures: the harness does not answer for it', () => {
    const coverage = thorough();
    coverage.external[`${TOKEN}.ft_transfer`] = { kind: 'fungible-token', calls: 9, answers: {}, failures: 0 };
    expect(vacuity(scenario(), coverage)).toEqual([]);
  });

  it('complains about a callback that never saw a failed result, or never ran', () => {
    const coverage = thorough();
    coverage.callbacks['on_stake'] = { calls: 4, allSucceeded: 3, someFailed: 0, allFailed: 0, withoutResults: 1 };
    coverage.callbacks['on_pay'] = { calls: 0, allSucceeded: 0, someFailed: 0, allFailed: 0, withoutResults: 0 };
    expect(vacuity(scenario(), coverage).map((c) => c.message)).toEqual([
      'callback on_stake ran 4 times in 10 runs but never saw a failed result (3 all-success, 1 without results); if it never can, say so in expect.callbacksNeverSeeFailure',
      'callback on_pay never ran in 10 runs, so it never saw a failed result; if it never can, say so in expect.callbacksNeverSeeFailure',
    ]);
  });

  it('complains first about a call to an external method the scenario does not declare, naming the nearest declared one', () => {
    const coverage = thorough();
    coverage.external[`${POOL}.deposit_and_stake`] = { kind: 'mock', calls: 0, answers: {}, failures: 0 };
    coverage.undeclared[`${POOL}.deposit_and_stak`] = { calls: 12, why: 'not-in-interface', nearest: `${POOL}.deposit_and_stake` };
    coverage.undeclared['pool.testnet.deposit_and_stake'] = { calls: 1, why: 'unknown-account', nearest: `${POOL}.deposit_and_stake` };
    expect(vacuity(scenario(), coverage).map((c) => c.message)).toEqual([
      `the contract called ${POOL}.deposit_and_stak (12 times), which the scenario does not declare: the mock ${POOL} does not declare that method, so it failed with MethodNotFound and no answer was injected; the nearest declared name is ${POOL}.deposit_and_stake`,
      'the contract called pool.testnet.deposit_and_stake (1 time), which the scenario does not declare: no account of the scenario is pool.testnet; the nearest declared name is pool.test.near.deposit_and_stake',
      `external method ${POOL}.deposit_and_stake is declared but the contract never called it in 10 runs; if it never does here, say so in expect.neverCalled`,
    ]);
  });

  it('allows exactly what the scenario expects never to happen', () => {
    const s = scenario({
      expect: { neverSucceeds: ['stake'], neverCalled: [`${POOL}.storage_deposit`], neverFails: [`${POOL}.deposit_and_stake`], callbacksNeverSeeFailure: ['on_pay'] },
    });
    const coverage = thorough(s);
    coverage.methods['stake']!.succeeded = 0;
    coverage.methods['pay']!.succeeded = 0;
    coverage.external[`${POOL}.storage_deposit`] = { kind: 'mock', calls: 0, answers: {}, failures: 0 };
    coverage.external[`${POOL}.deposit_and_stake`]!.failures = 0;
    coverage.callbacks['on_pay'] = { calls: 2, allSucceeded: 2, someFailed: 0, allFailed: 0, withoutResults: 0 };
    expect(checks(s, coverage)).toEqual([['never-succeeded', 'pay']]);
  });

  it('complains about an expectation naming something the scenario does not have, with the nearest name', () => {
    const s = scenario({ expect: { neverSucceeds: ['stak'], neverFails: ['pool.test.near.deposit_and_stak'], callbacksNeverSeeFailure: ['on_stake'] } });
    expect(vacuity(s, thorough(s)).map((c) => c.message)).toEqual([
      'expect.neverSucceeds names "stak", which is not a user method of the scenario — did you mean "stake"?',
      'expect.neverFails names "pool.test.near.deposit_and_stak", which is not a declared mock method ("<mock account>.<method>") — did you mean "pool.test.near.deposit_and_stake"?',
    ]);
  });
});
