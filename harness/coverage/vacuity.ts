/**
 * No vacuous passes: a scenario that found no violation has still tested nothing when its
 * runs never got past a method, never made the contract call an external method, never
 * failed one, or never showed a callback a failure — or when the contract called an
 * external method the scenario does not declare (so no answer was ever injected into it).
 * A scenario states what it really means to allow in its `expect` field.
 */
import type { Scenario } from '../scenario/index.js';
import { declaredExternalMethods } from './external-calls.js';
import { nearest } from './nearest.js';
import type { Coverage, UserMethodCoverage } from './types.js';

export type VacuityCheck = 'never-succeeded' | 'never-called' | 'never-failed' | 'callback-never-saw-failure' | 'undeclared-call' | 'unknown-expectation';

export interface VacuityComplaint {
  check: VacuityCheck;
  /** The user method, external method ("<account>.<method>") or callback it is about. */
  subject: string;
  /** One line, naming the subject, what was (not) seen, and what to do about it. */
  message: string;
}

const times = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** The most common reasons a method failed: `12 × Smart contract panicked: …; 3 × refused: …`. */
export function topReasons(method: UserMethodCoverage, limit = 3): string {
  const sorted = Object.entries(method.reasons).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const shown = sorted.slice(0, limit).map(([reason, n]) => `${n} × ${reason}`);
  return sorted.length > limit ? `${shown.join('; ')}; and ${times(sorted.length - limit, 'other reason')}` : shown.join('; ');
}

/** Expectations that name something the scenario does not have: a misspelt allowance would hide nothing and excuse nothing. */
function unknownExpectations(scenario: Scenario): VacuityComplaint[] {
  const expect = scenario.expect ?? {};
  const methods = scenario.methods.map((m) => m.name);
  const mockMethods = scenario.mocks.flatMap((mock) => (mock.kind === 'mock' ? Object.keys(mock.methods ?? {}).map((m) => `${mock.id}.${m}`) : []));
  const lists: [field: string, names: readonly string[] | undefined, known: readonly string[], what: string][] = [
    ['neverSucceeds', expect.neverSucceeds, methods, 'a user method of the scenario'],
    ['neverCalled', expect.neverCalled, mockMethods, 'a declared mock method ("<mock account>.<method>")'],
    ['neverFails', expect.neverFails, mockMethods, 'a declared mock method ("<mock account>.<method>")'],
    ['callbacksNeverSeeFailure', expect.callbacksNeverSeeFailure, scenario.callbacks, 'a callback of the scenario'],
  ];
  return lists.flatMap(([field, names, known, what]) =>
    (names ?? [])
      .filter((name) => !known.includes(name))
      .map((name) => {
        const closest = nearest(name, known);
        return {
          check: 'unknown-expectation' as const,
          subject: name,
          message: `expect.${field} names "${name}", which is not ${what}${closest ? ` — did you mean "${closest}"?` : ''}`,
        };
      }),
  );
}

/**
 * What the runs counted in `coverage` failed to test, each as a complaint; empty when they
 * tested everything the scenario declares (or allows not to, in `expect`).
 */
export function vacuity(scenario: Scenario, coverage: Coverage): VacuityComplaint[] {
  const expect = scenario.expect ?? {};
  const allowed = (list: readonly string[] | undefined, name: string) => list?.includes(name) === true;
  const over = times(coverage.runs, 'run');
  const complaints: VacuityComplaint[] = [];

  const declared = declaredExternalMethods(scenario);
  for (const [key, call] of Object.entries(coverage.undeclared).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const account = key.slice(0, key.lastIndexOf('.'));
    const why =
      call.why === 'unknown-account'
        ? `no account of the scenario is ${account}`
        : call.why === 'not-exported'
          ? `the token ${account} does not export that method`
          : `the mock ${account} does not declare that method, so it failed with MethodNotFound and no answer was injected`;
    const closest = call.nearest ?? nearest(key, declared);
    complaints.push({
      check: 'undeclared-call',
      subject: key,
      message: `the contract called ${key} (${times(call.calls, 'time')}), which the scenario does not declare: ${why}${closest ? `; the nearest declared name is ${closest}` : ''}`,
    });
  }

  complaints.push(...unknownExpectations(scenario));

  for (const spec of scenario.methods) {
    const method = coverage.methods[spec.name];
    if ((method?.succeeded ?? 0) > 0 || allowed(expect.neverSucceeds, spec.name)) continue;
    const message =
      !method || method.calls === 0
        ? `user method ${spec.name} was never called in ${over}`
        : `user method ${spec.name} never succeeded: ${times(method.calls, 'call')} in ${over}, all unsuccessful (${topReasons(method)})`;
    complaints.push({ check: 'never-succeeded', subject: spec.name, message: `${message}; if it never can, say so in expect.neverSucceeds` });
  }

  for (const [key, external] of Object.entries(coverage.external).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (external.kind !== 'mock') continue;
    if (external.calls === 0) {
      if (allowed(expect.neverCalled, key)) continue;
      complaints.push({
        check: 'never-called',
        subject: key,
        message: `external method ${key} is declared but the contract never called it in ${over}; if it never does here, say so in expect.neverCalled`,
      });
    } else if (external.failures === 0 && !allowed(expect.neverFails, key)) {
      complaints.push({
        check: 'never-failed',
        subject: key,
        message: `external method ${key} was called ${times(external.calls, 'time')} in ${over} but never given a failing answer (fail, trap or exhaust-gas), so what the contract does when it fails was never tested; if it cannot fail, say so in expect.neverFails`,
      });
    }
  }

  for (const name of scenario.callbacks) {
    const callback = coverage.callbacks[name];
    if ((callback?.someFailed ?? 0) + (callback?.allFailed ?? 0) > 0 || allowed(expect.callbacksNeverSeeFailure, name)) continue;
    const message =
      !callback || callback.calls === 0
        ? `callback ${name} never ran in ${over}, so it never saw a failed result`
        : `callback ${name} ran ${times(callback.calls, 'time')} in ${over} but never saw a failed result (${callback.allSucceeded} all-success${callback.withoutResults ? `, ${callback.withoutResults} without results` : ''})`;
    complaints.push({ check: 'callback-never-saw-failure', subject: name, message: `${message}; if it never can, say so in expect.callbacksNeverSeeFailure` });
  }
  return complaints;
}
