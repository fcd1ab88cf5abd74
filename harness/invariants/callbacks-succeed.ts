/**
 * Callbacks succeed: no receipt of the contract under test that runs as a callback (one the
 * contract sent itself, usually awaiting an external call's result) fails — a panic, a trap,
 * running out of gas. NEAR keeps nothing of a failed receipt's state changes, so whatever the
 * callback was to restore, refund or unlock stays as the call left it. The scenario may allow
 * panic messages it means (`allowedCallbackFailures`).
 */
import type { ReceiptRecord, RunRecord } from '../backend/index.js';
import type { Plan } from '../generate/index.js';
import type { Invariant, Violation } from './types.js';
import { describeStep, firstLine } from './types.js';

export const CALLBACKS_SUCCEED = 'callbacks-succeed';

/** What a step's external calls delivered before the callback ran: "amm.test.near.swap_exact_in returned \"garbage\"". */
function delivered(record: RunRecord, callback: ReceiptRecord, contract: string): string[] {
  const tree = record.steps[callback.step!]?.receipts ?? [];
  return tree
    .map((id) => record.receipts[id]!)
    .filter((r) => r !== undefined && r.block < callback.block && r.receiver !== contract && !r.refund && r.actions.some((a) => a.kind === 'call'))
    .map((r) => `${r.receiver}.${r.actions[0]!.name} ${r.ok ? `returned ${r.delegatedTo !== undefined ? 'a promise' : JSON.stringify(r.value ?? '')}` : `failed (${firstLine(r.error) || 'failure'})`}`);
}

function describeCallback(plan: Plan, record: RunRecord, r: ReceiptRecord, contract: string): string {
  const method = r.actions.find((a) => a.kind === 'call')?.name ?? r.actions[0]?.name ?? '(no action)';
  const inputs = r.inputs?.length ? `, awaiting ${r.inputs.join('/')} result(s)` : '';
  const seen = delivered(record, r, contract);
  return (
    `${describeStep(plan, r.step!)}: its callback ${contract}.${method} (receipt ${r.id}, block ${r.block}${inputs}) failed: ` +
    `${firstLine(r.error) || 'failure'}` +
    (seen.length ? `; before it, ${seen.join('; ')}` : '') +
    '. NEAR discards a failed receipt\'s changes, so what the callback was to restore, refund or unlock stays as the call left it'
  );
}

export const callbacksSucceed: Invariant = {
  name: CALLBACKS_SUCCEED,
  needs: ['steps', 'receipts'],
  check({ scenario, plan, record }) {
    const contract = scenario.contract.id;
    const allowed = scenario.allowedCallbackFailures ?? [];
    const isAllowed = (error: string) => allowed.some((a) => (typeof a === 'string' ? error.includes(a) : a.test(error)));
    const violations: Violation[] = [];
    for (const step of record.steps) {
      for (const id of step.receipts) {
        const r = record.receipts[id];
        if (!r || r.ok || r.refund || r.step === undefined) continue;
        if (r.receiver !== contract || r.predecessor !== contract) continue;
        if (isAllowed(r.error ?? '')) continue;
        violations.push({ invariant: CALLBACKS_SUCCEED, step: r.step, block: r.block, receipt: r.id, message: describeCallback(plan, record, r, contract) });
      }
    }
    return violations;
  },
};
