/**
 * Which bytes of linear memory a call can have changed, for zeroing a pooled memory
 * (vm/memory-pool.ts): the bytes the module's active data segments fill at
 * instantiation, what its code writes (recorded by write-tracking.ts) and what host
 * functions write (vm/guest-memory.ts).
 */

/** Bytes [start, end) of linear memory. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The ranges the module's active data segments fill; undefined if a segment's offset is
 * not a constant (then where it lands is not known here).
 */
export function dataSegmentRanges(module: { dataSegments: readonly { flags: number; size: number; offset?: number }[] }): ByteRange[] | undefined {
  const ranges: ByteRange[] = [];
  for (const segment of module.dataSegments) {
    if (segment.flags === 1) continue; // passive: written only by memory.init, which the code tracking records
    if (segment.offset === undefined) return undefined;
    if (segment.size > 0) ranges.push({ start: segment.offset, end: segment.offset + segment.size });
  }
  return ranges;
}

/** The ranges clipped to [0, size), sorted, overlapping and touching ones merged. */
export function normalizeRanges(ranges: readonly ByteRange[], size: number): ByteRange[] {
  const clipped = ranges
    .map(({ start, end }) => ({ start: Math.max(0, start), end: Math.min(size, end) }))
    .filter(({ start, end }) => start < end)
    .sort((x, y) => x.start - y.start);
  const merged: ByteRange[] = [];
  for (const range of clipped) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}
