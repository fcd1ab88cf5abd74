/**
 * Reused memories are as fresh as new ones. The runner hands every call a zeroed 64 MiB
 * memory from a pool and zeroes only what the call may have written: the data segments,
 * what host functions wrote, and what the code's write tracking recorded
 * (write-tracking.test.ts). These tests check the parts and that the memory really comes
 * back all zero.
 */
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ContractCache, LATEST_PROTOCOL, runFunctionCall, type CompiledContract, type VMOutcome } from '../index.js';
import { decodeModule } from '../wasm/module.js';
import { dataSegmentRanges, normalizeRanges } from '../wasm/memory-writes.js';
import { checkMemoryResets, memoryPool, MemoryPool, MemoryResetError } from '../vm/memory-pool.js';
import type { ByteRange } from '../wasm/memory-writes.js';
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

const ranges = (source: string, features = {}) => dataSegmentRanges(decodeModule(wat(source, features)));

describe('what the data segments write', () => {
  it('active segments: where they go', () => {
    expect(ranges('(module (memory 1) (data (i32.const 1024) "abc") (data (i32.const 70000) "") (data (i32.const -16) "xy") (func))')).toEqual([
      { start: 1024, end: 1027 },
      { start: 2 ** 32 - 16, end: 2 ** 32 - 14 },
    ]);
    expect(ranges('(module (memory 1) (func (drop (i64.load (i32.const 0)))))')).toEqual([]);
  });

  it('a passive segment is written only by memory.init (which write tracking records)', () => {
    expect(ranges('(module (memory 1) (data "passive") (func))', { bulk_memory: true })).toEqual([]);
  });

  it('a segment whose offset is not a constant: unknown', () => {
    expect(ranges('(module (global $g (import "env" "g") i32) (memory 1) (data (global.get $g) "x") (func))')).toBeUndefined();
  });

  it('ranges are clipped, sorted and merged', () => {
    expect(
      normalizeRanges(
        [
          { start: 50, end: 60 },
          { start: 10, end: 20 },
          { start: 20, end: 25 },
          { start: 12, end: 14 },
          { start: 90, end: 200 },
          { start: 30, end: 30 },
        ],
        100,
      ),
    ).toEqual([
      { start: 10, end: 25 },
      { start: 50, end: 60 },
      { start: 90, end: 100 },
    ]);
  });
});

describe('host writes to guest memory', () => {
  it('are tracked as ranges, a write touching the previous one joining it', () => {
    const guest = new GuestMemory(new WebAssembly.Memory({ initial: 1 }));
    expect(guest.written).toEqual([]);
    guest.write(100n, Uint8Array.of(1, 2));
    guest.write(102n, Uint8Array.of(3));
    guest.writeU128(40n, 5n);
    guest.write(500n, new Uint8Array());
    expect(guest.written).toEqual([
      { start: 100, end: 103 },
      { start: 40, end: 56 },
    ]);
  });

  it('many scattered writes are kept in at most 64 ranges, which hold every one', () => {
    const guest = new GuestMemory(new WebAssembly.Memory({ initial: 1 }));
    for (let i = 0; i < 200; i++) guest.write(BigInt(i * 300), Uint8Array.of(1));
    expect(guest.written.length).toBeLessThanOrEqual(64);
    const bytes = new Uint8Array(65_536);
    for (let i = 0; i < 200; i++) bytes[i * 300] = 1;
    // Every written byte is inside a range.
    for (let i = 0; i < bytes.length; i++) if (bytes[i]) expect(guest.written.some((r) => r.start <= i && i < r.end)).toBe(true);
  });
});

describe('the memory pool', () => {
  it('zeroes only the ranges it is told changed, or everything', () => {
    // Leaves a byte outside the ranges on purpose: not under the debug check (NRH_CHECK_MEMORY_RESET=1).
    const checked = checkMemoryResets(false);
    onTestFinished(() => void checkMemoryResets(checked));
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
    expect(contract.memoryWrites).toEqual({ dataSegments: [{ start: 1024, end: 1036 }], codeWrites: false });
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

  it('is all zero after a contract that stores (where it stored is recorded)', () => {
    const contract = compile(storer);
    expect(contract.memoryWrites).toEqual({ dataSegments: [], codeWrites: true });
    expect(call(contract, 'probe').returnData).toEqual({ kind: 'Value', data: new Uint8Array(8).fill(0xff) });
    expect(nextPooledMemoryIsZero()).toBe(true);
  });

  it('after a contract that writes at both ends of memory, only those places are zeroed, and that was all', () => {
    checkMemoryResets(true);
    const give = vi.spyOn(MemoryPool.prototype, 'give');
    const bothEnds = wat(
      `(module
        ${imports('input', 'read_register', 'value_return')}
        (memory 1)
        (data (i32.const 16) "segment")
        (func (export "probe")
          (i64.store offset=8 (i32.const 4096) (i64.const -1))
          (f32.store (i32.const ${2 * MIB}) (f32.const 3.5))
          (i32.store16 (i32.const ${64 * MIB - 2}) (i32.const 0xffff))
          (memory.fill (i32.const ${10 * MIB}) (i32.const 1) (i32.const 100))
          (memory.copy (i32.const ${63 * MIB}) (i32.const 16) (i32.const 7))
          (call $input (i64.const 0))
          (call $read_register (i64.const 0) (i64.const ${20 * MIB}))
          (call $value_return (i64.const 7) (i64.const ${63 * MIB}))))`,
      { bulk_memory: true },
    );
    const outcome = call(compile(bothEnds), 'probe', Uint8Array.of(1, 2, 3));
    expect(outcome.returnData).toEqual({ kind: 'Value', data: new TextEncoder().encode('segment') });
    // The call's own reset is the last (start-once's probes, under NRH_CHECK_START_ONCE=1, come first).
    const changed = give.mock.calls.at(-1)![1] as ByteRange[];
    const size = 64 * MIB;
    const zeroed = changed.reduce((n, r) => n + Math.min(r.end, size) - Math.min(r.start, size), 0);
    // [0, 10 MiB + 100) below the split, [63 MiB, 64 MiB) above it, the segment, the input.
    expect(zeroed).toBe(10 * MIB + 100 + MIB + 7 + 3);
    expect(nextPooledMemoryIsZero()).toBe(true);
  });

  afterEach(() => {
    checkMemoryResets(false);
    vi.restoreAllMocks();
  });
});

describe('the debug check of partial resets', () => {
  afterEach(() => checkMemoryResets(false));

  it('names the first byte the ranges missed, and keeps that memory out of the pool', () => {
    checkMemoryResets(true);
    const pool = new MemoryPool(1, 2, 1);
    const memory = pool.take();
    const bytes = new Uint8Array(memory.buffer);
    bytes.fill(9, 100, 200);
    bytes[40_000] = 5;
    let thrown: unknown;
    try {
      pool.give(memory, [{ start: 100, end: 200 }], 'probe of contract abc');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MemoryResetError);
    expect((thrown as MemoryResetError).message).toBe(
      'memory reset incomplete after probe of contract abc: byte 0x9c40 (page 0) is 0x5 but lies outside the zeroed ranges [0x64, 0xc8)',
    );
    expect(pool.take()).not.toBe(memory);
  });

  it('is quiet when the ranges held every write, and off unless asked for', () => {
    const pool = new MemoryPool(1, 2, 1);
    const memory = pool.take();
    new Uint8Array(memory.buffer)[300] = 1;
    pool.give(memory, []); // off: not scanned
    expect(pool.take()).toBe(memory);
    checkMemoryResets(true);
    pool.give(memory, [{ start: 0, end: 301 }]);
    expect(pool.take()).toBe(memory);
  });
});
