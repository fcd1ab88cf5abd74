/**
 * Reused memories are as fresh as new ones. The runner hands every call a zeroed 64 MiB
 * memory from a pool; for a contract whose code cannot write memory (no store, no bulk
 * memory write), it zeroes only what the data segments and host functions wrote. These
 * tests check that analysis and that the memory really comes back all zero.
 */
import { describe, expect, it } from 'vitest';
import { ContractCache, LATEST_PROTOCOL, runFunctionCall, type CompiledContract, type VMOutcome } from '../index.js';
import { decodeModule } from '../wasm/module.js';
import { selfWrittenRanges } from '../wasm/memory-writes.js';
import { memoryPool, MemoryPool } from '../vm/memory-pool.js';
import { GuestMemory } from '../vm/guest-memory.js';
import { imports, wat } from './wat.js';

const MIB = 1024 * 1024;
const cache = new ContractCache(LATEST_PROTOCOL);

function compile(code: Uint8Array): CompiledContract {
  const compiled = cache.compile(code);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
  return compiled.contract;
}

function call(contract: CompiledContract, method: string, input = new Uint8Array()): VMOutcome {
  return runFunctionCall(
    contract,
    method,
    {
      currentAccountId: 'probe.test.near',
      signerAccountId: 'alice.test.near',
      signerAccountPk: new Uint8Array(33),
      predecessorAccountId: 'alice.test.near',
      input,
      blockHeight: 10n,
      blockTimestamp: 10n,
      epochHeight: 1n,
      accountBalance: 123n * 10n ** 24n,
      accountLockedBalance: 0n,
      storageUsage: 100n,
      attachedDeposit: 0n,
      prepaidGas: 300n * 10n ** 12n,
      randomSeed: new Uint8Array(32),
      isView: false,
      promiseResults: [],
      outputDataReceivers: [],
    },
    LATEST_PROTOCOL,
    { get: () => undefined, set: () => undefined, remove: () => undefined },
  );
}

/** Takes the next pooled memory, checks it is all zero, and gives it back. */
function nextPooledMemoryIsZero(): boolean {
  const pool = memoryPool(LATEST_PROTOCOL.limits.initialMemoryPages, LATEST_PROTOCOL.limits.maxMemoryPages);
  const memory = pool.take();
  const zero = Buffer.from(memory.buffer).equals(Buffer.alloc(memory.buffer.byteLength));
  pool.give(memory);
  return zero;
}

const ranges = (source: string, features = {}) => selfWrittenRanges(decodeModule(wat(source, features)));

describe('what a module can write by itself', () => {
  it('without a store: only its active data segments, where they go', () => {
    expect(ranges('(module (memory 1) (data (i32.const 1024) "abc") (data (i32.const 70000) "") (data (i32.const -16) "xy") (func))')).toEqual([
      { start: 1024, end: 1027 },
      { start: 2 ** 32 - 16, end: 2 ** 32 - 14 },
    ]);
    expect(ranges('(module (memory 1) (func (drop (i64.load (i32.const 0)))))')).toEqual([]);
  });

  it('with any store or bulk-memory write: anything', () => {
    for (const store of ['(i32.store (i32.const 0) (i32.const 1))', '(i64.store8 (i32.const 0) (i64.const 1))', '(f64.store (i32.const 0) (f64.const 1))']) {
      expect(ranges(`(module (memory 1) (func ${store}))`)).toBeUndefined();
    }
    expect(ranges('(module (memory 1) (func (memory.fill (i32.const 0) (i32.const 1) (i32.const 2))))', { bulk_memory: true })).toBeUndefined();
    expect(ranges('(module (memory 1) (func (memory.copy (i32.const 0) (i32.const 1) (i32.const 2))))', { bulk_memory: true })).toBeUndefined();
  });

  it('a passive segment is written only by memory.init, itself a write', () => {
    expect(ranges('(module (memory 1) (data "passive") (func))', { bulk_memory: true })).toEqual([]);
    expect(ranges('(module (memory 1) (data "passive") (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 1))))', { bulk_memory: true })).toBeUndefined();
  });

  it('a segment whose offset is not a constant: anything', () => {
    expect(ranges('(module (global $g (import "env" "g") i32) (memory 1) (data (global.get $g) "x") (func))')).toBeUndefined();
  });
});

describe('host writes to guest memory', () => {
  it('are tracked as one span', () => {
    const guest = new GuestMemory(new WebAssembly.Memory({ initial: 1 }));
    expect(guest.written).toBeUndefined();
    guest.write(100n, Uint8Array.of(1, 2));
    guest.writeU128(40n, 5n);
    guest.write(500n, new Uint8Array());
    expect(guest.written).toEqual({ start: 40, end: 102 });
  });
});

describe('the memory pool', () => {
  it('zeroes only the ranges it is told changed, or everything', () => {
    const pool = new MemoryPool(1, 2, 1);
    const memory = pool.take();
    const bytes = new Uint8Array(memory.buffer);
    bytes.fill(7, 10, 20);
    bytes[30] = 7;
    pool.give(memory, [{ start: 10, end: 20 }]);
    expect(pool.take()).toBe(memory);
    expect([bytes[10], bytes[19], bytes[30]]).toEqual([0, 0, 7]);
    pool.give(memory);
    expect(bytes.every((b) => b === 0)).toBe(true);
  });
});

describe('a memory reused after a call', () => {
  // No store instruction: the data segment, read_register, account_balance and
  // storage-free host writes are the only writes. `probe` returns what it wrote, so the
  // test sees the bytes were there before the pool took the memory back.
  const hostWriter = wat(`(module
    ${imports('input', 'read_register', 'account_balance', 'current_account_id', 'value_return', 'register_len')}
    (memory 1)
    (data (i32.const 1024) "data segment")
    (func (export "probe")
      (call $input (i64.const 0))
      (call $read_register (i64.const 0) (i64.const ${8 * MIB}))
      (call $account_balance (i64.const ${60 * MIB}))
      (call $current_account_id (i64.const 1))
      (call $read_register (i64.const 1) (i64.const ${64 * MIB - 15}))
      (call $value_return (i64.const 16) (i64.const ${60 * MIB}))))`);
  const storer = wat(`(module
    ${imports('value_return')}
    (memory 1)
    (func (export "probe")
      (i64.store (i32.const ${33 * MIB}) (i64.const -1))
      (call $value_return (i64.const 8) (i64.const ${33 * MIB}))))`);

  it('is all zero after a contract that only host functions and data segments write', () => {
    const contract = compile(hostWriter);
    expect(contract.selfWrites).toEqual([{ start: 1024, end: 1036 }]);
    const outcome = call(contract, 'probe', new TextEncoder().encode('input bytes'));
    expect(outcome.error).toBeUndefined();
    const balance = Uint8Array.from({ length: 16 }, (_, i) => Number(((123n * 10n ** 24n) >> BigInt(8 * i)) & 0xffn)); // u128 little-endian
    expect(outcome.returnData).toEqual({ kind: 'Value', data: balance });
    expect(nextPooledMemoryIsZero()).toBe(true);
  });

  it('is all zero after a failed call of such a contract', () => {
    const failing = wat(`(module
      ${imports('input', 'read_register', 'panic')}
      (memory 1)
      (data (i32.const 5) "x")
      (func (export "probe") (call $input (i64.const 0)) (call $read_register (i64.const 0) (i64.const ${40 * MIB})) (call $panic)))`);
    expect(call(compile(failing), 'probe', Uint8Array.of(9, 9, 9)).error).toMatchObject({ type: 'HostError' });
    expect(nextPooledMemoryIsZero()).toBe(true);
  });

  it('is all zero after a contract that stores (the whole memory is zeroed)', () => {
    const contract = compile(storer);
    expect(contract.selfWrites).toBeUndefined();
    expect(call(contract, 'probe').returnData).toEqual({ kind: 'Value', data: new Uint8Array(8).fill(0xff) });
    expect(nextPooledMemoryIsZero()).toBe(true);
  });
});
