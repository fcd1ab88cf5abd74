/**
 * Decoding NEAR's borsh-encoded SignedTransaction (nearcore TransactionV0, as near-api-js
 * sends it) into the runtime's Transaction, with its hash and a signature check:
 * ed25519 over sha256(borsh(Transaction)).
 */
import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha256';
import { base58, publicKeyFromBorsh, type Action, type Transaction } from '../runtime/index.js';

export class BorshError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BorshError';
  }
}

class Reader {
  offset = 0;
  constructor(readonly data: Uint8Array) {}

  take(n: number): Uint8Array {
    if (this.offset + n > this.data.length) throw new BorshError(`unexpected end of data at byte ${this.offset} (wanted ${n} more)`);
    const out = this.data.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  u8(): number {
    return this.take(1)[0]!;
  }
  u32(): number {
    const b = this.take(4);
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  }
  u64(): bigint {
    const b = this.take(8);
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
  }
  u128(): bigint {
    return this.u64() + (this.u64() << 64n);
  }
  bytes(): Uint8Array {
    return this.take(this.u32()).slice();
  }
  string(): string {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes());
    } catch {
      throw new BorshError(`invalid UTF-8 string ending at byte ${this.offset}`);
    }
  }
  publicKey(): Uint8Array {
    const tag = this.u8();
    if (tag === 0) return new Uint8Array([0, ...this.take(32)]);
    if (tag === 1) return new Uint8Array([1, ...this.take(64)]);
    throw new BorshError(`unknown public key type ${tag}`);
  }
  vec<T>(item: () => T): T[] {
    const n = this.u32();
    if (n > 10_000) throw new BorshError(`vector of ${n} items is too long`);
    return Array.from({ length: n }, item);
  }
}

function action(r: Reader): Action {
  const tag = r.u8();
  switch (tag) {
    case 0:
      return { type: 'CreateAccount' };
    case 1:
      return { type: 'DeployContract', code: r.bytes() };
    case 2:
      return { type: 'FunctionCall', methodName: r.string(), args: r.bytes(), gas: r.u64(), deposit: r.u128() };
    case 3:
      return { type: 'Transfer', deposit: r.u128() };
    case 4:
      return { type: 'Stake', stake: r.u128(), publicKey: r.publicKey() };
    case 5: {
      const publicKey = r.publicKey();
      const nonce = r.u64();
      const permission = r.u8();
      if (permission === 1) return { type: 'AddKey', publicKey, accessKey: { nonce } };
      if (permission !== 0) throw new BorshError(`unknown access key permission ${permission}`);
      const allowance = r.u8() === 1 ? r.u128() : undefined;
      const receiverId = r.string();
      const methodNames = r.vec(() => r.string());
      return { type: 'AddKey', publicKey, accessKey: { nonce, functionCall: { ...(allowance !== undefined ? { allowance } : {}), receiverId, methodNames } } };
    }
    case 6:
      return { type: 'DeleteKey', publicKey: r.publicKey() };
    case 7:
      return { type: 'DeleteAccount', beneficiaryId: r.string() };
    default:
      throw new BorshError(`action type ${tag} is not supported by this node (delegate actions and newer actions are not)`);
  }
}

export interface DecodedTransaction {
  transaction: Transaction;
  blockHash: string;
  hash: string;
  signature: Uint8Array;
  /** Whether the ed25519 signature is valid for the transaction's public key. */
  signatureValid: boolean;
}

export function decodeSignedTransaction(bytes: Uint8Array): DecodedTransaction {
  const r = new Reader(bytes);
  const signerId = r.string();
  const publicKey = r.publicKey();
  const nonce = r.u64();
  const receiverId = r.string();
  const blockHash = base58(r.take(32));
  const actions = r.vec(() => action(r));
  const transactionBytes = bytes.subarray(0, r.offset);
  const signatureType = r.u8();
  if (signatureType !== 0 && signatureType !== 1) throw new BorshError(`unknown signature type ${signatureType}`);
  const signature = r.take(signatureType === 0 ? 64 : 65).slice();
  if (r.offset !== bytes.length) throw new BorshError(`${bytes.length - r.offset} unexpected trailing bytes`);
  const digest = sha256(transactionBytes);
  let signatureValid = false;
  if (signatureType === 0 && publicKey[0] === 0) {
    try {
      signatureValid = ed25519.verify(signature, digest, publicKey.subarray(1));
    } catch {
      signatureValid = false;
    }
  }
  return {
    transaction: { signerId, publicKey: publicKeyFromBorsh(publicKey), nonce, receiverId, actions },
    blockHash,
    hash: base58(digest),
    signature,
    signatureValid,
  };
}
