/** Math API: the random seed, hashes, and signature checks (ecrecover, ed25519_verify). */
import { ed25519 } from '@noble/curves/ed25519';
import { secp256k1 } from '@noble/curves/secp256k1';
import { ripemd160 } from '@noble/hashes/ripemd160';
import { keccak_256, keccak_512 } from '@noble/hashes/sha3';
import { sha256 } from '@noble/hashes/sha256';
import { HostError } from '../errors.js';
import type { HostFunctionSpec, HostFunctionTable } from './host-function.js';
import { u64 } from './u64.js';

/** sha256, keccak256 and keccak512: a base cost, then a cost per input byte. */
function digest(name: 'sha256' | 'keccak256' | 'keccak512', hash: (data: Uint8Array) => Uint8Array): HostFunctionSpec {
  const baseCost = `${name}_base` as const;
  const byteCost = `${name}_byte` as const;
  return {
    costs: ['base', baseCost, byteCost],
    prohibitedInView: false,
    run: (vm, len, ptr, register) => {
      vm.pay(baseCost);
      const data = vm.memoryOrRegister(u64(ptr), u64(len));
      vm.pay(byteCost, BigInt(data.length));
      vm.writeRegister(u64(register), hash(data));
    },
  };
}

export const MATH_FUNCTIONS = {
  random_seed: {
    costs: ['base'],
    prohibitedInView: false,
    run: (vm, register) => vm.writeRegister(u64(register), vm.context.randomSeed),
  },
  sha256: digest('sha256', (d) => sha256(d)),
  keccak256: digest('keccak256', (d) => keccak_256(d)),
  keccak512: digest('keccak512', (d) => keccak_512(d)),
  ripemd160: {
    costs: ['base', 'ripemd160_base', 'ripemd160_block'],
    prohibitedInView: false,
    run: (vm, len, ptr, register) => {
      vm.pay('ripemd160_base');
      const data = vm.memoryOrRegister(u64(ptr), u64(len));
      // Cost is per 64-byte block of the padded message (9 bytes of padding at least).
      vm.pay('ripemd160_block', BigInt(Math.floor((data.length + 9 + 63) / 64)));
      vm.writeRegister(u64(register), ripemd160(data));
    },
  },
  ecrecover: {
    costs: ['base', 'ecrecover_base'],
    prohibitedInView: false,
    run: (vm, hashLen, hashPtr, sigLen, sigPtr, v, malleabilityFlag, register) => {
      vm.pay('ecrecover_base');
      const hash = vm.memoryOrRegister(u64(hashPtr), u64(hashLen));
      if (hash.length !== 32) throw new HostError({ kind: 'ECRecoverError', msg: `invalid hash input length, expected 32 bytes, got ${hash.length}` });
      const signature = vm.memoryOrRegister(u64(sigPtr), u64(sigLen));
      if (signature.length !== 64) throw new HostError({ kind: 'ECRecoverError', msg: `invalid signature input length, expected 64 bytes, got ${signature.length}` });
      const recovery = u64(v);
      if (recovery > 3n) throw new HostError({ kind: 'ECRecoverError', msg: `V recovery byte 0 through 3 are valid but was provided ${recovery}` });
      const flag = u64(malleabilityFlag);
      if (flag > 1n) throw new HostError({ kind: 'ECRecoverError', msg: `Malleability flag needs to be 0 or 1, but is instead ${flag}` });
      try {
        const sig = secp256k1.Signature.fromCompact(signature).addRecoveryBit(Number(recovery));
        if (flag === 1n && sig.hasHighS()) return 0n;
        const point = sig.recoverPublicKey(hash);
        vm.writeRegister(u64(register), point.toRawBytes(false).subarray(1));
        return 1n;
      } catch {
        return 0n;
      }
    },
  },
  ed25519_verify: {
    costs: ['base', 'ed25519_verify_base', 'ed25519_verify_byte'],
    prohibitedInView: false,
    run: (vm, sigLen, sigPtr, msgLen, msgPtr, keyLen, keyPtr) => {
      vm.pay('ed25519_verify_base');
      const signature = vm.memoryOrRegister(u64(sigPtr), u64(sigLen));
      if (signature.length !== 64) throw new HostError({ kind: 'Ed25519VerifyInvalidInput', msg: 'invalid signature length' });
      const message = vm.memoryOrRegister(u64(msgPtr), u64(msgLen));
      vm.pay('ed25519_verify_byte', BigInt(message.length));
      const key = vm.memoryOrRegister(u64(keyPtr), u64(keyLen));
      if (key.length !== 32) throw new HostError({ kind: 'Ed25519VerifyInvalidInput', msg: 'invalid public key length' });
      try {
        return ed25519.verify(signature, message, key) ? 1n : 0n;
      } catch {
        return 0n;
      }
    },
  },
} satisfies HostFunctionTable;
