/**
 * Deposit refunded: when an operation forwards its attached deposit to external contracts
 * and they fail, the account that paid it (the predecessor of the call: the caller, or the
 * contract that relayed it) gets back exactly the deposit minus what external contracts
 * kept. Measured on the NEAR that moved in the operation's receipts, so gas is not involved.
 */
import type { Invariant, Violation } from './types.js';
import { deposits, describeStep, near, transfers } from './types.js';


export const depositRefunded: Invariant = {
  name: 'deposit-refunded',
  needs: ['steps', 'receipts'],
  check({ scenario, plan, record }) {
    const violations: Violation[] = [];
    const contract = scenario.contract.id;
    plan.steps.forEach((step, index) => {
      const method = scenario.methods.find((m) => m.name === step.method && (m.receiver ?? contract) === step.receiver);
      const stepRecord = record.steps[index];
      const deposit = BigInt(step.deposit);
      if (!method?.forwardsDeposit || deposit === 0n || !stepRecord || stepRecord.outcome === 'refused' || stepRecord.outcome === 'unfinished') return;
      const payer = step.via ?? step.caller;
      const all = stepRecord.receipts.map((id) => record.receipts[id]!).filter((r) => r !== undefined);
      const tree = all.filter((r) => r.ok);
      const isExternal = (account: string) => account !== contract && account !== payer && account !== step.caller && account !== 'system';
      // Deposits leave the contract when it sends a receipt, whether or not it succeeds;
      // a failed one comes back as a system refund, counted below.
      const out = all.filter((r) => !r.refund && r.predecessor === contract && isExternal(r.receiver)).reduce((s, r) => s + deposits(r), 0n);
      // What came back: NEAR's refunds of failed receipts, and what externals sent back as
      // change (transfers). A call an external makes into the contract with a deposit of its
      // own (a re-entrant deposit) is a new operation of that external, not change.
      const back = tree
        .filter((r) => r.receiver === contract && ((r.refund === 'deposit' && r.predecessor === 'system') || (!r.refund && isExternal(r.predecessor))))
        .reduce((s, r) => s + (r.refund ? deposits(r) : transfers(r)), 0n);
      const kept = out - back;
      const returnedReceipts = tree.filter((r) => r.receiver === payer && ((!r.refund && r.predecessor === contract && transfers(r) > 0n) || r.refund === 'deposit'));
      const returned = returnedReceipts.reduce((s, r) => s + (r.refund ? deposits(r) : transfers(r)), 0n);
      const expected = deposit - kept;
      if (returned !== expected) {
        const where = returnedReceipts.length ? ` in receipt(s) ${returnedReceipts.map((r) => `${r.id} (block ${r.block})`).join(', ')}` : '';
        const elsewhere = tree
          .filter((r) => !r.refund && r.predecessor === contract && r.actions.some((a) => a.kind === 'transfer') && r.receiver !== payer)
          .map((r) => `${near(deposits(r))} went to ${r.receiver}`);
        violations.push({
          invariant: 'deposit-refunded',
          step: index,
          message:
            `${describeStep(plan, index)}: external contracts kept ${near(kept)} of the ${near(deposit)} deposit, so ${payer} ` +
            `should have got ${near(expected)} back; it got ${near(returned)}${where}` +
            (elsewhere.length ? ` (instead: ${elsewhere.join('; ')})` : ''),
        });
      }
    });
    return violations;
  },
};
