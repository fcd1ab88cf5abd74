/**
 * Where execution time goes, for benchmarks: time inside contract methods and the part of
 * it spent in host functions, instantiation, and zeroing the memory after each call. Off
 * by default (timing every host call costs time).
 */
const zero = () => ({ calls: 0, startedOnce: 0, methodNanos: 0n, hostNanos: 0n, instantiateNanos: 0n, restoreNanos: 0n, resetNanos: 0n });

/** `startedOnce`: calls that began from a recorded start-up; `restoreNanos`: writing its memory. */
export const executionProfile = { enabled: false, ...zero() };

export function resetExecutionProfile(enabled: boolean): void {
  Object.assign(executionProfile, { enabled, ...zero() });
}
