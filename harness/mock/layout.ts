/**
 * Where the mock keeps things in its memory. Only host functions write it (the mock's
 * code has no store instruction), so everything below is either a data segment or the
 * destination of a read_register.
 *
 *   [0, 64)            the predecessor's id (mock_continue's privacy check)
 *   [64, 128)          the current account's id (same)
 *   [128, 512)         the storage key being looked up: "a:" method "@" signer
 *   [512, 528)         the attached deposit (REFUND_DEPOSIT)
 *   [1024, 4 pages)    the answer program being run
 *   [4 pages, …)       constants: texts and each method's key prefix (data segments)
 */
export const PAGE = 65_536;

export const PREDECESSOR_AREA = 0;
export const CURRENT_AREA = 64;
export const KEY_AREA = 128;
export const DEPOSIT_AREA = 512;
export const PROGRAM_AREA = 1024;
const PROGRAM_AREA_END = 4 * PAGE;

/** The largest answer program the mock can hold, in bytes. */
export const MAX_PROGRAM_BYTES = PROGRAM_AREA_END - PROGRAM_AREA;

/** Constants (data segments) start where the program area ends. */
export const CONSTANTS_AREA = PROGRAM_AREA_END;

/** Registers the mock uses. */
export const REGISTER = {
  PROGRAM: 0n,
  SIGNER: 1n,
  ACCOUNT: 2n,
  COPY: 3n,
  PREDECESSOR: 4n,
} as const;

/** u64::MAX: "the bytes are in a register" for host functions that take a length. */
export const FROM_REGISTER = (1n << 64n) - 1n;

/** A byte string placed in the constants area. */
export interface Constant {
  ptr: number;
  len: number;
}

/** Lays constants out one after another from CONSTANTS_AREA. */
export class Constants {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  add(value: string | Uint8Array): Constant {
    const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    const constant = { ptr: CONSTANTS_AREA + this.size, len: bytes.length };
    this.parts.push(bytes);
    this.size += bytes.length;
    return constant;
  }

  /** All constants, to be placed at CONSTANTS_AREA. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /** Pages the memory needs to hold the program area and the constants. */
  get pages(): number {
    return Math.ceil((CONSTANTS_AREA + this.size) / PAGE);
  }
}
