import { HostError } from '../errors.js';

/** A Borsh PublicKey as a contract passes it to stake and key actions, checked for shape only. */
export function publicKeyFrom(bytes: Uint8Array): Uint8Array {
  // Borsh PublicKey: 0 = ed25519 (32 bytes), 1 = secp256k1 (64 bytes).
  const ok = (bytes[0] === 0 && bytes.length === 33) || (bytes[0] === 1 && bytes.length === 65);
  if (!ok) throw new HostError({ kind: 'InvalidPublicKey' });
  return bytes;
}
