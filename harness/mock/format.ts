/**
 * The numbers of the answer program format (program-format.md), shared by the
 * TypeScript encoder (program.ts) and the wasm interpreter (interpreter.ts).
 */

/** The first byte of every program. */
export const FORMAT_VERSION = 1;

export const OP = {
  RETURN: 0x01,
  PANIC: 0x02,
  TRAP: 0x03,
  BURN_GAS: 0x04,
  TRANSFER: 0x05,
  CALL: 0x06,
  THEN_CALL: 0x07,
  RETURN_PROMISE: 0x08,
  LOG: 0x09,
  END: 0x0a,
  REFUND_DEPOSIT: 0x0b,
} as const;

/** How an account operand names the account. */
export const ACCOUNT = {
  /** Followed by the id's bytes (u32 length, then UTF-8). */
  LITERAL: 0x00,
  PREDECESSOR: 0x01,
  CURRENT: 0x02,
  SIGNER: 0x03,
} as const;
