/**
 * State restored: an operation whose external call failed leaves no trace in the
 * contract's storage beyond what the scenario allows. "Failed" is judged as the contract
 * saw it: the last callback of the operation received only failed results (a partial
 * success, e.g. one leg of an `and`, may legitimately change state). Checked against the same run
 * replayed without that operation, raw storage compared key by key (and the scenario's
 * projection views). When removing the operation changes how other steps ended (or how their
 * external calls ended), the operation was observable while in flight and the comparison says nothing; so
 * it says nothing either when an external contract called back into the contract during the
 * operation (re-entrancy): that call is an operation of its own.
 */
import type { RunRecord } from '../backend/index.js';
import { withoutStep, type Plan } from '../generate/index.js';
import type { StorageAllowance } from '../scenario/index.js';
import type { Invariant, Violation } from './types.js';
import { describeStep, firstLine } from './types.js';

const printable = (latin1: string) =>
  JSON.stringify(latin1).replace(/[\u0080-\uffff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
const fromHex = (hex: string) => Buffer.from(hex, 'hex').toString('latin1');

function comparable(key: string, value: string | undefined, allowance: StorageAllowance | undefined): string | undefined {
  if (value === undefined) return undefined;
  const fields = allowance?.stateFields ?? [];
  if (key !== 'STATE' || fields.length === 0) return value;
  try {
    const state = JSON.parse(value) as Record<string, unknown>;
    for (const field of fields) delete state[field];
    return JSON.stringify(state);
  } catch {
    return value;
  }
}

function storageDifferences(a: RunRecord, b: RunRecord, account: string, allowance: StorageAllowance | undefined): string[] {
  const left = a.finalStorage[account] ?? {};
  const right = b.finalStorage[account] ?? {};
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  const differences: string[] = [];
  for (const hexKey of keys) {
    const key = fromHex(hexKey);
    if (allowance?.keys?.some((k) => (typeof k === 'string' ? k === key : k.test(key)))) continue;
    const withStep = comparable(key, left[hexKey] === undefined ? undefined : fromHex(left[hexKey]!), allowance);
    const withoutIt = comparable(key, right[hexKey] === undefined ? undefined : fromHex(right[hexKey]!), allowance);
    if (withStep === withoutIt) continue;
    differences.push(
      `key ${printable(key)}: with the step ${withStep === undefined ? '(absent)' : printable(withStep)}, without it ${withoutIt === undefined ? '(absent)' : printable(withoutIt)}`,
    );
  }
  return differences;
}

/** Who sent a step's transaction to the contract: its caller, or the relay it went through. */
function stepSender(plan: { steps: readonly { caller: string; via?: string | undefined }[] }, index: number): string {
  const step = plan.steps[index]!;
  return step.via ?? step.caller;
}

export const stateRestored: Invariant = {
  name: 'state-restored',
  needs: ['steps', 'receipts', 'finalStorage', 'finalProjections'],
  async check({ scenario, plan, record, rerun, rerunWithout }) {
    const violations: Violation[] = [];
    const contract = scenario.contract.id;
    for (const [index, step] of record.steps.entries()) {
      if (step.outcome === 'refused' || step.outcome === 'unfinished') continue;
      const tree = step.receipts.map((id) => record.receipts[id]!).filter((r) => r !== undefined);
      const settlement = tree.filter((r) => r.receiver === contract && r.inputs && r.inputs.length > 0).at(-1);
      if (!settlement || settlement.inputs!.some((i) => i === 'Successful')) continue;
      const failedExternal = tree.find((r) => !r.ok && r.receiver !== contract && !r.refund);
      if (!failedExternal) continue;
      // An external contract that called back into the contract during the operation (a
      // re-entrant call) made an operation of its own, whose effects may rightly stay.
      const insiders = new Set([contract, 'system', stepSender(plan, index)]);
      const reentered = tree.some((r) => r.ok && r.receiver === contract && !insiders.has(r.predecessor) && r.actions.some((a) => a.kind === 'call'));
      if (reentered) continue;
      const other = rerunWithout ? await rerunWithout(index) : await rerun(withoutStep(plan, index));
      // How each other step went: its outcome, and how each of its external calls ended (a
      // node sets mock answers per signer, so removing a step can change another's answers).
      const externalCalls = (r: RunRecord, s: RunRecord['steps'][number]) =>
        s.receipts.flatMap((id) => {
          const receipt = r.receipts[id];
          return receipt && receipt.receiver !== contract && !receipt.refund ? [`${receipt.receiver}:${receipt.ok}`] : [];
        }).join(',');
      const othersSame = record.steps.every((s, j) => {
        if (j === index) return true;
        const o = other.steps[j < index ? j : j - 1];
        return o !== undefined && o.outcome === s.outcome && o.result === s.result && externalCalls(other, o) === externalCalls(record, s);
      });
      if (!othersSame) continue;
      const differences = storageDifferences(record, other, contract, scenario.allowedStorageDifferences);
      for (const [name, value] of Object.entries(record.finalProjections)) {
        if (JSON.stringify(value) !== JSON.stringify(other.finalProjections[name])) {
          differences.push(`${name}: with the step ${JSON.stringify(value)}, without it ${JSON.stringify(other.finalProjections[name])}`);
        }
      }
      if (differences.length === 0) continue;
      violations.push({
        invariant: 'state-restored',
        step: index,
        block: failedExternal.block,
        message:
          `${describeStep(plan, index)}: its call ${failedExternal.predecessor} → ${failedExternal.receiver}.${failedExternal.actions[0]?.name} ` +
          `failed in block ${failedExternal.block} (${firstLine(failedExternal.error) || 'failure'}), but the operation left a trace in ${contract}: ` +
          differences.join('; '),
      });
    }
    return violations;
  },
};
