/**
 * Base58, id hashes and public keys: the fast conversions give exactly what the definitions
 * give (block, receipt and data ids are base58 of hashes, so any difference would change
 * every id and the committed corpus).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../chain/ids.js';
import { base58, fromBase58, publicKeyToBorsh } from '../index.js';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** The definition: the bytes as one big number in base 58, a "1" per leading zero byte. */
function base58Definition(bytes: Uint8Array): string {
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

function fromBase58Definition(text: string): Uint8Array {
  let value = 0n;
  for (const char of text) value = value * 58n + BigInt(ALPHABET.indexOf(char));
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

const bytesWithLeadingZeros = fc.tuple(fc.nat({ max: 4 }), fc.uint8Array({ maxLength: 70 })).map(([zeros, rest]) => Uint8Array.from([...new Array(zeros).fill(0), ...rest]));
const base58Text = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }).map((chars) => chars.join(''));

describe('base58', () => {
  it('encodes as the definition does', () => {
    fc.assert(fc.property(bytesWithLeadingZeros, (bytes) => {
      expect(base58(bytes)).toBe(base58Definition(bytes));
    }), { numRuns: 2_000, seed: 58 });
    expect([base58(new Uint8Array()), base58(new Uint8Array(3)), base58(Uint8Array.of(0, 0, 1))]).toEqual(['', '111', '112']);
  });

  it('decodes as the definition does, and round-trips', () => {
    fc.assert(fc.property(base58Text, (text) => {
      expect(fromBase58(text)).toEqual(fromBase58Definition(text));
    }), { numRuns: 2_000, seed: 85 });
    fc.assert(fc.property(bytesWithLeadingZeros, (bytes) => {
      expect(fromBase58(base58(bytes))).toEqual(bytes);
    }), { numRuns: 500, seed: 3 });
  });

  it('refuses a character outside the alphabet, naming it', () => {
    expect(() => fromBase58('abc0def')).toThrow('invalid base58 character "0"');
    expect(() => fromBase58('11l')).toThrow('invalid base58 character "l"');
  });
});

describe('id hashes', () => {
  /** The definition: SHA-256 over each part's bytes (UTF-8 text, numbers in decimal), each followed by a zero byte. */
  function sha256Definition(parts: readonly (string | Uint8Array | bigint | number)[]): Uint8Array {
    const hash = createHash('sha256');
    for (const part of parts) {
      hash.update(part instanceof Uint8Array ? part : Buffer.from(String(part), 'utf8'));
      hash.update(Uint8Array.of(0));
    }
    return new Uint8Array(hash.digest());
  }
  const part = fc.oneof(fc.string({ unit: 'grapheme' }), fc.integer(), fc.bigInt(), fc.uint8Array({ maxLength: 40 }));

  it('hashes texts and numbers in one go, and parts with bytes, as the definition does', () => {
    fc.assert(fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
      expect(sha256(...parts)).toEqual(sha256Definition(parts));
    }), { numRuns: 2_000, seed: 256 });
  });
});

describe('publicKeyToBorsh', () => {
  const key = 'ed25519:5BGSaf6YjVm7565VzWQHNxoyEjwr3jUpRJSGjREvU9dB';

  it('gives a fresh copy every time (the decoded key is remembered)', () => {
    const first = publicKeyToBorsh(key);
    first.fill(9);
    expect(publicKeyToBorsh(key)).toEqual(Uint8Array.from([0, ...fromBase58('5BGSaf6YjVm7565VzWQHNxoyEjwr3jUpRJSGjREvU9dB')]));
  });

  it('refuses a bad key every time', () => {
    expect(() => publicKeyToBorsh('ed25519:abc')).toThrow('ed25519 public key must be 32 bytes');
    expect(() => publicKeyToBorsh('ed25519:abc')).toThrow('ed25519 public key must be 32 bytes');
  });
});
