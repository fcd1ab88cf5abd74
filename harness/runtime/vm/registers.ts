/** The host's registers: u64 id -> bytes, with nearcore's count and size limits. */
import { HostError } from './errors.js';
import type { VMLimits } from '../config/limits.js';

export class Registers {
  private readonly values = new Map<bigint, Uint8Array>();
  private totalMemory = 0n;

  constructor(private readonly limits: VMLimits) {}

  get(id: bigint): Uint8Array | undefined {
    return this.values.get(id);
  }

  /** Unset register: InvalidRegisterId (read_register's semantics). */
  read(id: bigint): Uint8Array {
    const value = this.values.get(id);
    if (!value) throw new HostError({ kind: 'InvalidRegisterId', register_id: id });
    return value;
  }

  set(id: bigint, data: Uint8Array): void {
    const size = BigInt(data.length);
    if (size > this.limits.maxRegisterSize) throw new HostError({ kind: 'MemoryAccessViolation' });
    const previous = this.values.get(id);
    // Protocol quirk: at the cap even overwriting an existing register fails.
    if (this.values.size >= this.limits.maxNumberRegisters) throw new HostError({ kind: 'MemoryAccessViolation' });
    const delta = size + 8n - (previous ? BigInt(previous.length) + 8n : 0n);
    if (this.totalMemory + delta > this.limits.registersMemoryLimit) throw new HostError({ kind: 'MemoryAccessViolation' });
    this.totalMemory += delta;
    this.values.set(id, data);
  }
}
