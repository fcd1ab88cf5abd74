/**
 * `sandbox_fast_forward` without freezing the node: blocks are produced in short slices, with
 * the event loop free between slices, so other requests are answered while a long
 * fast-forward runs.
 *
 * nearcore skips the heights (its client moves the doomslug tip to height + delta and shifts
 * block time by delta × the average block delay; reference doc §9, nearcore
 * `sandbox_update_tip` / `sandbox_delta_time`; the doc: "produces or skips to height + delta and
 * returns only when done"). Our chain keeps one block per height
 * (harness/runtime indexes blocks by height, and views and receipts rely on it), so every
 * height is produced: about 10–30 µs and 200 bytes each.
 */
import type { Chain } from '../runtime/index.js';
import { TimeSlice } from './time-slice.js';

/**
 * The most blocks one `sandbox_fast_forward` may ask for: 1,000,000 blocks take tens of
 * seconds and ~200 MB here (about 11 days of chain time at one block per second). Longer
 * jumps are several calls; a delta like 10⁹ would otherwise run for hours.
 */
export const MAX_FAST_FORWARD_BLOCKS = 1_000_000;

/**
 * Produces blocks until the head reaches `targetHeight`. Each block is produced whole, so a
 * request answered between slices sees a consistent chain (some head on the way up); blocks
 * produced meanwhile by other requests count towards the target. Stops early, returning
 * false, once `cancelled()` says so (the node is shutting down).
 */
export async function produceBlocksUntil(chain: Chain, targetHeight: number, cancelled: () => boolean): Promise<boolean> {
  const slice = new TimeSlice();
  while (chain.height < targetHeight) {
    if (cancelled()) return false;
    chain.step();
    if (slice.expired) await slice.yield();
  }
  return true;
}
