/**
 * Where execution time goes, for benchmarks: time inside contract methods and the part of
 * it spent in host functions, instantiation, and zeroing the memory after each call. Off
 * by default (timing every host call costs time).
 */
export const executionProfile = { enabled: false, calls: 0, methodNanos: 0n, hostNanos: 0n, instantiateNanos: 0n, resetNanos: 0n };

export function resetExecutionProfile(enabled: boolean): void {
  Object.assign(executionProfile, { enabled, calls: 0, methodNanos: 0n, hostNanos: 0n, instantiateNanos: 0n, resetNanos: 0n });
}
