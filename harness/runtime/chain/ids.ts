/** Deterministic 32-byte hashes for blocks, transactions, receipts and data, in base58. */
import { createHash } from 'node:crypto';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

const DIGIT = new Map([...ALPHABET].map((char, i) => [char, i]));

/**
 * Base58 (Bitcoin alphabet): each leading zero byte is a "1", the rest is the number the
 * bytes spell, in base 58. Converted digit by digit in small numbers rather than through
 * one BigInt (the same text, several times faster for a 32-byte hash).
 */
export function base58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const digits: number[] = []; // base 58, least significant first
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i]!;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j]! * 256;
      digits[j] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let out = '1'.repeat(zeros);
  for (let j = digits.length - 1; j >= 0; j--) out += ALPHABET[digits[j]!]!;
  return out;
}

export function fromBase58(text: string): Uint8Array {
  let zeros = 0;
  const bytes: number[] = []; // base 256, least significant first
  let leading = true;
  for (const char of text) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`invalid base58 character "${char}"`);
    if (leading && digit === 0) zeros++;
    else leading = false;
    let carry = digit;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  const out = new Uint8Array(zeros + bytes.length);
  for (let j = 0; j < bytes.length; j++) out[zeros + j] = bytes[bytes.length - 1 - j]!;
  return out;
}

export function sha256(...parts: (string | Uint8Array | bigint | number)[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) {
    if (typeof part === 'string') hash.update(part, 'utf8');
    else if (part instanceof Uint8Array) hash.update(part);
    else hash.update(String(part));
    hash.update('\u0000');
  }
  return new Uint8Array(hash.digest());
}

/** base58(sha256(parts)): the form NEAR prints hashes and ids in. */
export function hashId(...parts: (string | Uint8Array | bigint | number)[]): string {
  return base58(sha256(...parts));
}

/** The hash of empty code: what NEAR reports for an account without a contract. */
export const NO_CODE_HASH = '11111111111111111111111111111111';
