/** Public keys in NEAR's text form ("ed25519:<base58>") and their borsh bytes. */
import { base58, fromBase58 } from './ids.js';

const PREFIX = { ed25519: 0, secp256k1: 1 } as const;
const LENGTH = { ed25519: 32, secp256k1: 64 } as const;

/** Keys already decoded: every receipt needs its signer's key, and a chain has few keys. */
const decoded = new Map<string, Uint8Array>();
const MAX_DECODED = 4_096;

export function publicKeyToBorsh(key: string): Uint8Array {
  let borsh = decoded.get(key);
  if (!borsh) {
    borsh = decodePublicKey(key);
    if (decoded.size >= MAX_DECODED) decoded.clear();
    decoded.set(key, borsh);
  }
  return borsh.slice();
}

function decodePublicKey(key: string): Uint8Array {
  const [curve, data] = key.includes(':') ? (key.split(':') as [string, string]) : ['ed25519', key];
  if (curve !== 'ed25519' && curve !== 'secp256k1') throw new Error(`unknown key type "${curve}" in public key ${key}`);
  const bytes = fromBase58(data);
  if (bytes.length !== LENGTH[curve]) throw new Error(`${curve} public key must be ${LENGTH[curve]} bytes, got ${bytes.length}: ${key}`);
  return new Uint8Array([PREFIX[curve], ...bytes]);
}

export function publicKeyFromBorsh(bytes: Uint8Array): string {
  const curve = bytes[0] === 0 ? 'ed25519' : 'secp256k1';
  return `${curve}:${base58(bytes.subarray(1))}`;
}

/** The ed25519 key a NEAR-implicit account id (64 hex chars) stands for. */
export function implicitAccountKey(accountId: string): string {
  return `ed25519:${base58(new Uint8Array(Buffer.from(accountId, 'hex')))}`;
}
