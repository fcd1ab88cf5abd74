/**
 * Storage paid: the storage users' operations add to the contract is paid for by their
 * deposits. NEAR locks `storage_amount_per_byte` (10^19 yocto) of an account's balance per
 * byte it stores, counting 40 bytes of overhead per record; a contract that lets users store
 * data for free has its balance locked by them until it can no longer write
 * ("LackBalanceForState"). Counted over the run, operation by operation: the bytes the
 * operation's receipts on the contract added (keys, values, record overhead) against the NEAR
 * operations left with the contract (what came in less what the contract sent out, per
 * operation, never below zero: an operation that pays out is no storage refund). The contract
 * may pay itself for `storage.freeBytesPerUser` bytes per user (an account record opened
 * without a deposit). With `storage.refundsReleased`, storage an operation frees must come back
 * to its caller as NEAR.
 *
 * Needs each receipt's storage changes: a backend that cannot see them (a real node over
 * RPC) leaves them empty, and this invariant then finds nothing.
 */
import type { ReceiptRecord, StorageChangeRecord } from '../backend/index.js';
import type { Invariant, Violation } from './types.js';
import { deposits, describeStep, near, transfers } from './types.js';

export const STORAGE_PAID = 'storage-paid';
/** NEAR's storage_amount_per_byte (RuntimeConfig, unchanged since genesis): yoctoNEAR locked per byte stored. */
export const STORAGE_BYTE_COST = 10n ** 19n;
/** NEAR's num_extra_bytes_record: the storage every key-value record costs beyond its key and value. */
export const RECORD_OVERHEAD_BYTES = 40n;

/** Bytes a change adds to the account's storage usage (negative: frees). Keys and values are latin1: one char per byte. */
export function storageBytes(change: StorageChangeRecord): bigint {
  const size = (value: string | null) => (value === null ? 0n : BigInt(change.key.length + value.length) + RECORD_OVERHEAD_BYTES);
  return size(change.after) - size(change.before);
}


export const storagePaid: Invariant = {
  name: STORAGE_PAID,
  needs: ['steps', 'receipts'],
  check({ scenario, plan, record }) {
    const contract = scenario.contract.id;
    const free = BigInt(scenario.storage?.freeBytesPerUser ?? 0) * BigInt(scenario.users.length);
    let grown = 0n;
    let paid = 0n;
    for (const [index, step] of record.steps.entries()) {
      const planned = plan.steps[index];
      if (!planned || step.outcome === 'refused') continue;
      const tree = step.receipts.map((id) => record.receipts[id]).filter((r): r is ReceiptRecord => r !== undefined);
      let bytes = 0n;
      let left = 0n;
      let grower: ReceiptRecord | undefined;
      for (const r of tree) {
        if (r.receiver === contract && r.ok) {
          const added = r.storage.reduce((sum, c) => sum + storageBytes(c), 0n);
          if (added > 0n) grower ??= r;
          bytes += added;
          if (r.predecessor !== contract && r.refund !== 'gas') left += deposits(r);
        }
        if (r.predecessor === contract && r.receiver !== contract) left -= deposits(r);
      }
      const paidBefore = paid;
      grown += bytes;
      if (left > 0n) paid += left;
      const unpaid = (grown - free) * STORAGE_BYTE_COST - paid;
      if (bytes > 0n && unpaid > 0n) {
        return [
          {
            invariant: STORAGE_PAID,
            step: index,
            ...(grower ? { block: grower.block, receipt: grower.id } : {}),
            message:
              `${describeStep(plan, index)} grew ${contract}'s storage by ${bytes} bytes (${near(bytes * STORAGE_BYTE_COST)} of its balance locked); ` +
              `over the run users' operations added ${grown} bytes${free > 0n ? ` (${free} of them free: ${scenario.storage?.freeBytesPerUser} per user)` : ''} ` +
              `but left only ${near(paid)} with the contract: ${near(unpaid)} of storage stake is paid from the contract's own balance ` +
              '(take a storage deposit for what an operation stores, or register users first as NEP-145 does)',
          },
        ];
      }
      if (bytes < 0n && scenario.storage?.refundsReleased) {
        const released = -bytes * STORAGE_BYTE_COST;
        const due = released < paidBefore ? released : paidBefore;
        const returned = tree.filter((r) => r.ok && r.predecessor === contract && r.receiver === planned.caller).reduce((sum, r) => sum + transfers(r), 0n);
        if (returned < due) {
          const violation: Violation = {
            invariant: STORAGE_PAID,
            step: index,
            message: `${describeStep(plan, index)} freed ${-bytes} bytes of ${contract}'s storage (${near(released)} of storage stake released), but ${planned.caller} got back only ${near(returned)} of the ${near(due)} paid for it`,
          };
          return [violation];
        }
        paid -= due;
      }
    }
    return [];
  },
};
