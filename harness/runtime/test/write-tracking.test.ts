/**
 * Write tracking (wasm/write-tracking.ts): a module's own writes to memory land inside
 * [0, low) ∪ [high, end), the two marks follow the documented rule exactly, and the
 * instrumented module computes, writes and burns gas exactly as the metered one does.
 * Hand-made modules: every store width and type at addresses and static offsets near 0,
 * around the split, at the memory's end and wrapping past 2^32, memory.fill, memory.copy
 * and memory.init, including ones that trap; fixed cases and random programs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instrumentGas, GAS_GLOBAL } from '../wasm/gas-instrument.js';
import { decodeModule } from '../wasm/module.js';
import { instrumentWrites, WRITTEN_HIGH_GLOBAL, WRITTEN_LOW_GLOBAL } from '../wasm/write-tracking.js';
import { wat } from './wat.js';

const PAGES = 4;
const SIZE = PAGES * 65_536;
const SPLIT = SIZE / 2;
const PASSIVE = 'passive segment bytes!';

type StoreOp = 'i32.store' | 'i64.store' | 'f32.store' | 'f64.store' | 'i32.store8' | 'i32.store16' | 'i64.store8' | 'i64.store16' | 'i64.store32';
const STORES: Record<StoreOp, { width: number; value: string; bytes: (view: DataView) => void }> = {
  'i32.store': { width: 4, value: '(i32.const 0x11223344)', bytes: (v) => v.setUint32(0, 0x11223344, true) },
  'i64.store': { width: 8, value: '(i64.const 0x0102030405060708)', bytes: (v) => v.setBigUint64(0, 0x0102030405060708n, true) },
  'f32.store': { width: 4, value: '(f32.const 1.5)', bytes: (v) => v.setFloat32(0, 1.5, true) },
  'f64.store': { width: 8, value: '(f64.const -2.25)', bytes: (v) => v.setFloat64(0, -2.25, true) },
  'i32.store8': { width: 1, value: '(i32.const 0x1ab)', bytes: (v) => v.setUint8(0, 0xab) },
  'i32.store16': { width: 2, value: '(i32.const 0x7abcd)', bytes: (v) => v.setUint16(0, 0xabcd, true) },
  'i64.store8': { width: 1, value: '(i64.const 0x1cd)', bytes: (v) => v.setUint8(0, 0xcd) },
  'i64.store16': { width: 2, value: '(i64.const 0x1beef)', bytes: (v) => v.setUint16(0, 0xbeef, true) },
  'i64.store32': { width: 4, value: '(i64.const 0x1deadbeef)', bytes: (v) => v.setUint32(0, 0xdeadbeef, true) },
};

type Op =
  | { kind: 'store'; op: StoreOp; address: number; offset: number }
  | { kind: 'fill'; dest: number; length: number }
  | { kind: 'copy'; dest: number; source: number; length: number }
  | { kind: 'init'; dest: number; source: number; length: number };

const i32 = (n: number) => `(i32.const ${n | 0})`;

function instruction(op: Op): string {
  switch (op.kind) {
    case 'store':
      return `(${op.op} offset=${op.offset} ${i32(op.address)} ${STORES[op.op].value})`;
    case 'fill':
      return `(memory.fill ${i32(op.dest)} (i32.const 0x77) ${i32(op.length)})`;
    case 'copy':
      return `(memory.copy ${i32(op.dest)} ${i32(op.source)} ${i32(op.length)})`;
    case 'init':
      return `(memory.init $p ${i32(op.dest)} ${i32(op.source)} ${i32(op.length)})`;
  }
}

/** A module importing env.memory, with one export `run` doing `ops` in order (and the same in a loop body, when asked). */
function module(ops: Op[]): Uint8Array {
  return wat(
    `(module
      (import "env" "memory" (memory ${PAGES} ${PAGES * 2}))
      (data $p "${PASSIVE}")
      (func (export "run") ${ops.map(instruction).join(' ')}))`,
    { bulk_memory: true },
  );
}

interface Ran {
  memory: Uint8Array;
  gasLeft: bigint;
  trapped: boolean;
  low?: number;
  high?: number;
}

function run(bytes: Uint8Array, tracked: boolean): Ran {
  let code = instrumentGas(bytes, decodeModule(bytes), 1n);
  if (tracked) code = instrumentWrites(code, decodeModule(code), SPLIT)!.bytes;
  const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES * 2 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(code), { env: { memory } });
  const gas = instance.exports[GAS_GLOBAL] as WebAssembly.Global;
  gas.value = 10n ** 15n;
  let trapped = false;
  try {
    (instance.exports['run'] as () => void)();
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    trapped = true;
  }
  const ran: Ran = { memory: new Uint8Array(memory.buffer).slice(), gasLeft: gas.value as bigint, trapped };
  if (tracked) {
    ran.low = ((instance.exports[WRITTEN_LOW_GLOBAL] as WebAssembly.Global).value as number) >>> 0;
    ran.high = ((instance.exports[WRITTEN_HIGH_GLOBAL] as WebAssembly.Global).value as number) >>> 0;
  }
  return ran;
}

/** The ops' effect by the spec (bounds checked in unbounded arithmetic), and the marks by the documented rule (wrapping i32). */
function model(ops: Op[]): { memory: Uint8Array; trapped: boolean; low: number; high: number } {
  const memory = new Uint8Array(SIZE);
  const passive = new TextEncoder().encode(PASSIVE);
  let low = 0;
  let high = 2 ** 32 - 1;
  const record = (s: number, e: number) => {
    if (e > low) {
      if (e <= SPLIT) low = e;
      else if (s < high) high = s;
    }
  };
  const u32 = (n: number) => n >>> 0;
  for (const op of ops) {
    if (op.kind === 'store') {
      const { width, bytes } = STORES[op.op];
      const start = u32(op.address) + u32(op.offset);
      record(u32(start), u32(start + width));
      if (start + width > SIZE) return { memory, trapped: true, low, high };
      bytes(new DataView(memory.buffer, start, width));
    } else {
      const [dest, length] = [u32(op.dest), u32(op.length)];
      record(dest, u32(dest + length));
      if (dest + length > SIZE) return { memory, trapped: true, low, high };
      if (op.kind === 'fill') memory.fill(0x77, dest, dest + length);
      else {
        const source = u32(op.source);
        const from = op.kind === 'copy' ? memory : passive;
        if (source + length > from.length) return { memory, trapped: true, low, high };
        memory.set(from.slice(source, source + length), dest);
      }
    }
  }
  return { memory, trapped: false, low, high };
}

/** Non-zero bytes outside [0, low) ∪ [high, size). */
function uncovered(memory: Uint8Array, low: number, high: number): number[] {
  const outside: number[] = [];
  for (let i = low; i < Math.min(high, memory.length); i++) if (memory[i] !== 0) outside.push(i);
  return outside;
}

function check(ops: Op[]): void {
  const bytes = module(ops);
  const plain = run(bytes, false);
  const tracked = run(bytes, true);
  const expected = model(ops);
  // The same computation: memory, trap and gas as without tracking, and as the spec says.
  expect(tracked.trapped).toBe(expected.trapped);
  expect(plain.trapped).toBe(expected.trapped);
  expect(Buffer.from(tracked.memory).equals(Buffer.from(expected.memory))).toBe(true);
  expect(Buffer.from(plain.memory).equals(Buffer.from(expected.memory))).toBe(true);
  expect(tracked.gasLeft).toBe(plain.gasLeft);
  // The marks as documented, and complete.
  expect({ low: tracked.low, high: tracked.high }).toEqual({ low: expected.low, high: expected.high });
  expect(uncovered(tracked.memory, tracked.low!, tracked.high!)).toEqual([]);
}

const store = (op: StoreOp, address: number, offset = 0): Op => ({ kind: 'store', op, address, offset });

describe('write tracking', () => {
  it('covers every store type and width, with and without a static offset', () => {
    const ops = Object.keys(STORES).flatMap((op, i) => [store(op as StoreOp, 100 * i), store(op as StoreOp, 100 * i + 1, 37)]);
    check(ops);
    expect(run(module(ops), true)).toMatchObject({ low: 100 * 8 + 1 + 37 + 4, high: 2 ** 32 - 1 });
  });

  it('keeps the low mark at the highest end below the split, and the high mark at the lowest start above it', () => {
    const ops = [store('i64.store', 10), store('i32.store', SPLIT - 4), store('i32.store8', SIZE - 1), store('i64.store', SIZE - 100, 60), store('i32.store', SPLIT - 3)];
    check(ops);
    // [SPLIT-3, SPLIT+1) ends past the split: it lowers the high mark instead.
    expect(run(module(ops), true)).toMatchObject({ low: SPLIT, high: SPLIT - 3 });
    check([store('i64.store', SIZE - 8), store('i32.store', 8)]);
  });

  it('covers memory.fill, memory.copy and memory.init, zero lengths included', () => {
    const ops: Op[] = [
      { kind: 'fill', dest: 1000, length: 300 },
      { kind: 'copy', dest: SPLIT + 5000, source: 1000, length: 200 },
      { kind: 'init', dest: SIZE - PASSIVE.length, source: 0, length: PASSIVE.length },
      { kind: 'fill', dest: 70_000, length: 0 },
      { kind: 'copy', dest: 5000, source: SPLIT + 5050, length: 100 },
    ];
    check(ops);
    expect(run(module(ops), true)).toMatchObject({ low: 70_000, high: SPLIT + 5000 });
  });

  it('a store or bulk write out of bounds traps without writing, whatever the marks say', () => {
    check([store('i32.store', 5), store('i64.store', SIZE - 4)]);
    check([store('i32.store', 5), store('i32.store', -8, 16)]); // base + offset wraps past 2^32 in i32 arithmetic
    check([store('i32.store', 5), store('i32.store16', 2, 2 ** 32 - 1)]);
    check([store('f64.store', 7), { kind: 'fill', dest: SIZE - 10, length: 11 }]);
    check([store('f64.store', 7), { kind: 'fill', dest: 100, length: -50 }]); // dest + length wraps
    check([{ kind: 'init', dest: 0, source: 5, length: PASSIVE.length }]);
  });

  it('leaves a module that never writes memory as it was', () => {
    const bytes = wat('(module (import "env" "memory" (memory 1)) (func (export "run") (drop (i32.load (i32.const 0)))))');
    expect(instrumentWrites(bytes, decodeModule(bytes), SPLIT)).toEqual({ bytes, writes: false });
  });

  it('tracks writes in loops and in functions with parameters and locals', () => {
    const bytes = wat(`(module
      (import "env" "memory" (memory ${PAGES} ${PAGES * 2}))
      (func $put (param $at i32) (param $v i64) (local $i i32) (local $x f64)
        (loop $l
          (i64.store offset=3 (i32.add (local.get $at) (i32.shl (local.get $i) (i32.const 3))) (local.get $v))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get $i) (i32.const 10)))))
      (func (export "run") (call $put (i32.const 4000) (i64.const -1)) (call $put (i32.const ${SIZE - 200}) (i64.const 7))))`);
    const plain = run(bytes, false);
    const tracked = run(bytes, true);
    expect(tracked.gasLeft).toBe(plain.gasLeft);
    expect(Buffer.from(tracked.memory).equals(Buffer.from(plain.memory))).toBe(true);
    expect({ low: tracked.low, high: tracked.high }).toEqual({ low: 4000 + 3 + 9 * 8 + 8, high: SIZE - 200 + 3 });
    expect(uncovered(tracked.memory, tracked.low!, tracked.high!)).toEqual([]);
  });

  it('random programs: same effect and gas as without tracking, marks by the rule, nothing written outside them', () => {
    const address = fc.oneof(
      fc.integer({ min: 0, max: 2000 }),
      fc.integer({ min: SPLIT - 20, max: SPLIT + 20 }),
      fc.integer({ min: SIZE - 20, max: SIZE + 4 }),
      fc.integer({ min: -20, max: -1 }),
      fc.integer({ min: 0, max: SIZE - 1 }),
    );
    const offset = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 64 }), fc.integer({ min: SPLIT - 8, max: SPLIT + 8 }), fc.integer({ min: 2 ** 32 - 16, max: 2 ** 32 - 1 }));
    const length = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: -300, max: -1 }));
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('store' as const), op: fc.constantFrom(...(Object.keys(STORES) as StoreOp[])), address, offset }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('fill' as const), dest: address, length }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('copy' as const), dest: address, source: address, length }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('init' as const), dest: address, source: fc.integer({ min: 0, max: PASSIVE.length }), length: fc.integer({ min: 0, max: PASSIVE.length }) }) },
    );
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => check(ops)), { numRuns: 150, seed: 13 });
  });
});
