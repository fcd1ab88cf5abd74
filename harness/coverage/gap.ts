/**
 * Which calls landed in an open call→callback gap: a step whose first receipt on the
 * contract ran while another step's call had run on the contract and its (last) callback
 * had not yet. The gap is where a contract that credits before the call, or debits only in
 * the callback, can be raced.
 *
 * When each receipt ran: its block and its place within the block where the record lists
 * blocks (the embedded backend). A node's record has only blocks: there, receipts of two
 * steps in one block are taken to run in the order the steps were sent (as a node includes
 * transactions in the order they arrive), and two of one step in one block in neither order.
 */
import type { ReceiptRecord, RunRecord } from '../backend/index.js';
import type { Scenario } from '../scenario/index.js';

interface Moment {
  block: number;
  /** Place within the block, where known. */
  index?: number;
  step: number;
}

function before(a: Moment, b: Moment): boolean {
  if (a.block !== b.block) return a.block < b.block;
  if (a.index !== undefined && b.index !== undefined) return a.index < b.index;
  return a.step < b.step;
}

/** The span of one step's operation on the contract: its first receipt there, and its last callback. */
interface Operation {
  step: number;
  call: Moment;
  lastCallback?: Moment;
}

/** The indices of the steps whose first receipt on the contract ran inside another step's open gap. */
export function stepsInGap(scenario: Scenario, record: RunRecord): Set<number> {
  const place = new Map<string, number>();
  for (const block of record.blocks) block.receipts.forEach((id, index) => place.set(id, index));
  const moment = (receipt: ReceiptRecord): Moment => {
    const index = place.get(receipt.id);
    const step = receipt.step ?? -1;
    return index === undefined ? { block: receipt.block, step } : { block: receipt.block, index, step };
  };
  const callbacks = new Set(scenario.callbacks);
  const isCallback = (receipt: ReceiptRecord) => receipt.inputs !== undefined || receipt.actions.some((a) => a.kind === 'call' && callbacks.has(a.name));

  const operations = new Map<number, Operation>();
  const onContract = Object.values(record.receipts)
    .filter((r) => r.step !== undefined && r.receiver === scenario.contract.id && r.actions.some((a) => a.kind === 'call'))
    .sort((a, b) => (before(moment(a), moment(b)) ? -1 : before(moment(b), moment(a)) ? 1 : 0));
  for (const receipt of onContract) {
    const step = receipt.step!;
    const operation = operations.get(step);
    if (!operation) operations.set(step, { step, call: moment(receipt) });
    else if (isCallback(receipt)) operation.lastCallback = moment(receipt);
  }

  const inGap = new Set<number>();
  for (const operation of operations.values()) {
    const open = [...operations.values()].some(
      (other) => other.step !== operation.step && other.lastCallback !== undefined && before(other.call, operation.call) && before(operation.call, other.lastCallback),
    );
    if (open) inGap.add(operation.step);
  }
  return inGap;
}
