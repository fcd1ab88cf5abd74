/**
 * Greedy minimization after fast-check's shrinking: remove steps, then every choice that
 * is not needed (non-default answers, delays, waits, relays, unregistrations, orders),
 * keeping a change only if the run still violates one of the invariants it violated. The
 * result is 1-minimal: no single step or choice can be dropped.
 */
import type { Backend } from '../backend/index.js';
import { withoutStep, type Plan, type Step } from '../generate/index.js';
import type { Invariant, Violation } from '../invariants/index.js';
import { checkPlan } from './verdict.js';

export async function minimizePlan(
  backend: Backend,
  plan: Plan,
  violations: Violation[],
  invariants?: readonly Invariant[],
  /** Stop early (Ctrl-C, a time budget): the plan found so far still fails, so it is returned as it is. */
  interrupted?: () => boolean,
): Promise<{ plan: Plan; violations: Violation[]; attempts: number }> {
  const wanted = new Set(violations.map((v) => v.invariant));
  let current = plan;
  let currentViolations = violations;
  let attempts = 0;
  const stillFails = async (candidate: Plan) => {
    if (interrupted?.()) return false;
    attempts++;
    const verdict = await checkPlan(backend, candidate, invariants);
    const relevant = verdict.violations.filter((v) => wanted.has(v.invariant));
    if (relevant.length === 0) return false;
    current = candidate;
    currentViolations = verdict.violations;
    return true;
  };
  const editStep = (index: number, edit: (s: Step) => Step): Plan => ({ ...current, steps: current.steps.map((s, i) => (i === index ? edit(s) : s)) });

  for (let changed = true; changed && !interrupted?.(); ) {
    changed = false;
    for (let i = current.steps.length - 1; i >= 0; i--) {
      if (await stillFails(withoutStep(current, i))) changed = true;
    }
    if (current.order.length > 0 && (await stillFails({ ...current, order: [] }))) changed = true;
    for (let i = 0; i < current.steps.length; i++) {
      const step = current.steps[i]!;
      for (const key of Object.keys(step.answers)) {
        if (await stillFails(editStep(i, (s) => ({ ...s, answers: Object.fromEntries(Object.entries(s.answers).filter(([k]) => k !== key)) })))) changed = true;
      }
      if (step.delays.length > 0 && (await stillFails(editStep(i, (s) => ({ ...s, delays: [] }))))) changed = true;
      if (step.wait > 0 && (await stillFails(editStep(i, (s) => ({ ...s, wait: 0 }))))) changed = true;
      if (step.via && (await stillFails(editStep(i, ({ via: _via, ...s }) => s)))) changed = true;
      if (step.unregisteredAt && (await stillFails(editStep(i, ({ unregisteredAt: _u, ...s }) => s)))) changed = true;
    }
  }
  return { plan: current, violations: currentViolations, attempts };
}
