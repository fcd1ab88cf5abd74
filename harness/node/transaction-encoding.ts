/**
 * Encoding and signing transactions the way near-api-js does (borsh TransactionV0, ed25519
 * over sha256): for clients that send without waiting, which near-workspaces cannot.
 */
import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha256';
import { base58, fromBase58, publicKeyToBorsh, type Action, type Transaction } from '../runtime/index.js';

class Writer {
  readonly bytes: number[] = [];
  u8(n: number) {
    this.bytes.push(n & 0xff);
  }
  u32(n: number) {
    for (let i = 0; i < 4; i++) this.u8(n >>> (8 * i));
  }
  u64(n: bigint) {
    for (let i = 0n; i < 8n; i++) this.u8(Number((n >> (8n * i)) & 0xffn));
  }
  u128(n: bigint) {
    this.u64(n & ((1n << 64n) - 1n));
    this.u64(n >> 64n);
  }
  raw(bytes: Uint8Array) {
    for (const b of bytes) this.bytes.push(b);
  }
  vecBytes(bytes: Uint8Array) {
    this.u32(bytes.length);
    this.raw(bytes);
  }
  string(text: string) {
    this.vecBytes(new TextEncoder().encode(text));
  }
}

function action(w: Writer, a: Action): void {
  switch (a.type) {
    case 'CreateAccount':
      w.u8(0);
      return;
    case 'DeployContract':
      w.u8(1);
      w.vecBytes(a.code);
      return;
    case 'FunctionCall':
      w.u8(2);
      w.string(a.methodName);
      w.vecBytes(a.args);
      w.u64(a.gas);
      w.u128(a.deposit);
      return;
    case 'Transfer':
      w.u8(3);
      w.u128(a.deposit);
      return;
    case 'Stake':
      w.u8(4);
      w.u128(a.stake);
      w.raw(a.publicKey);
      return;
    case 'AddKey':
      w.u8(5);
      w.raw(a.publicKey);
      w.u64(a.accessKey.nonce);
      if (!a.accessKey.functionCall) {
        w.u8(1);
        return;
      }
      w.u8(0);
      if (a.accessKey.functionCall.allowance === undefined) w.u8(0);
      else {
        w.u8(1);
        w.u128(a.accessKey.functionCall.allowance);
      }
      w.string(a.accessKey.functionCall.receiverId);
      w.u32(a.accessKey.functionCall.methodNames.length);
      for (const m of a.accessKey.functionCall.methodNames) w.string(m);
      return;
    case 'DeleteKey':
      w.u8(6);
      w.raw(a.publicKey);
      return;
    case 'DeleteAccount':
      w.u8(7);
      w.string(a.beneficiaryId);
      return;
  }
}

export function encodeTransaction(tx: Transaction, blockHash: string): Uint8Array {
  const w = new Writer();
  w.string(tx.signerId);
  w.raw(publicKeyToBorsh(tx.publicKey));
  w.u64(tx.nonce);
  w.string(tx.receiverId);
  w.raw(fromBase58(blockHash));
  w.u32(tx.actions.length);
  for (const a of tx.actions) action(w, a);
  return new Uint8Array(w.bytes);
}

/** Signs with an ed25519 secret key ("ed25519:<base58 seed ++ public key>"); returns base64 and the hash. */
export function signTransaction(tx: Transaction, blockHash: string, secretKey: string): { base64: string; hash: string } {
  const body = encodeTransaction(tx, blockHash);
  const digest = sha256(body);
  const secret = fromBase58(secretKey.replace(/^ed25519:/, ''));
  const signature = ed25519.sign(digest, secret.subarray(0, 32));
  return { base64: Buffer.from(new Uint8Array([...body, 0, ...signature])).toString('base64'), hash: base58(digest) };
}
