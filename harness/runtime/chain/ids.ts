/** Deterministic 32-byte hashes for blocks, transactions, receipts and data, in base58. */
import { createHash } from 'node:crypto';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = '';
  while (value > 0n) {
    out = ALPHABET[Number(value % 58n)]! + out;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = `1${out}`;
  }
  return out;
}

export function fromBase58(text: string): Uint8Array {
  let value = 0n;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) throw new Error(`invalid base58 character "${char}"`);
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  for (const char of text) {
    if (char !== '1') break;
    bytes.unshift(0);
  }
  return new Uint8Array(bytes);
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
