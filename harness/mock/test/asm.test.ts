/** The assembler: what its code computes when run, what it encodes, and the mistakes it refuses. */
import { describe, expect, it } from 'vitest';
import { checkContract, PORTABLE_RULES } from '../../runtime/index.js';
import { AsmError, block, br, brIf, call, drop, get, i32, i64, loop, ModuleBuilder, nop, ret, set, tee, unreachable, when, type Expr, type Label, type Local } from '../asm/index.js';

type Exports = Record<string, (...args: (number | bigint)[]) => number | bigint>;
const run = (m: ModuleBuilder, imports: WebAssembly.Imports = {}) => new WebAssembly.Instance(new WebAssembly.Module(m.encode()), imports).exports as unknown as Exports;

describe('code it assembles', () => {
  it('loops, branches and does i64 arithmetic: the sum 1..n', () => {
    const m = new ModuleBuilder();
    const sum = m.func('sum', ['i32'], 'i64', ([n], local) => {
      const total = local('i64');
      const i = local('i32');
      return [
        loop((again) => [
          set(i, i32.add(get(i), i32.const(1))),
          set(total, i64.add(get(total), i64.extend_i32_u(get(i)))),
          brIf(again, i32.lt_u(get(i), get(n))),
        ]),
        get(total),
      ];
    });
    expect(run(m.export('sum', sum)).sum!(100)).toBe(5050n);
  });

  it('leaves a block early with br and takes if/else branches', () => {
    const m = new ModuleBuilder();
    const classify = m.func('classify', ['i32'], 'i32', ([x], local) => {
      const out = local('i32');
      return [
        block((done) => [
          when(i32.eqz(get(x)), [set(out, i32.const(100)), br(done)]),
          when(i32.gt_u(get(x), i32.const(10)), [set(out, i32.const(2))], [set(out, i32.const(1))]),
        ]),
        get(out),
      ];
    });
    const { classify: f } = run(m.export('classify', classify));
    expect([f!(0), f!(5), f!(50)]).toEqual([100, 1, 2]);
  });

  it('returns early with ret, and tees a local', () => {
    const m = new ModuleBuilder();
    const f = m.func('f', ['i64'], 'i64', ([x], local) => {
      const y = local('i64');
      return [when(i64.eqz(get(x)), [ret(i64.const(-1n))]), drop(tee(y, i64.mul(get(x), i64.const(3n)))), i64.add(get(y), i64.const(1n))];
    });
    const { f: g } = run(m.export('f', f));
    expect([g!(0n), g!(5n)]).toEqual([-1n, 16n]);
  });

  it('encodes every 32- and 64-bit constant, u64::MAX included', () => {
    const m = new ModuleBuilder();
    const values: [string, Expr<'i32'> | Expr<'i64'>][] = [
      ['a', i32.const(0xffff_ffff)],
      ['b', i32.const(-(2 ** 31))],
      ['c', i64.const((1n << 64n) - 1n)],
      ['d', i64.const(-(1n << 63n))],
      ['e', i64.const(0x40n)],
    ];
    for (const [name, value] of values) m.export(name, m.func(name, [], value.result, () => [value] as never));
    const e = run(m);
    expect([e.a!(), e.b!(), e.c!(), e.d!(), e.e!()]).toEqual([-1, -(2 ** 31), -1n, -(1n << 63n), 0x40n]);
  });

  it('reads data segments and stores to memory, at any alignment', () => {
    const m = new ModuleBuilder().memory(1, 'memory').data(3, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9)); // bytes 3..11
    const f = m.func('f', [], 'i64', () => [
      i32.store8(i32.const(100), i32.load8_u(i32.const(3))), // [100] = 1
      i64.store32(i32.const(101), i64.load32_u(i32.const(4))), // [101..104] = 2 3 4 5
      i32.store(i32.const(200), i32.load16_u(i32.const(7))), // [200..203] = 5 6 0 0
      i64.load(i32.const(97), 3), // [100..107]
    ]);
    const e = run(m.export('f', f));
    expect(e.f!()).toBe(0x05_04_03_02_01n);
    const memory = (e as unknown as { memory: WebAssembly.Memory }).memory;
    expect([...new Uint8Array(memory.buffer, 200, 4)]).toEqual([5, 6, 0, 0]);
  });

  it('calls imported and defined functions with their arguments in order', () => {
    const seen: bigint[][] = [];
    const m = new ModuleBuilder();
    const record = m.importFunction('env', 'record', ['i64', 'i64'], 'none');
    const twice = m.func('twice', ['i64'], 'i64', ([x]) => [i64.shl(get(x), i64.const(1n))]);
    const main = m.func('main', [], 'none', () => [call(record, call(twice, i64.const(21n)), i64.const(7n)), nop()]);
    run(m.export('main', main), { env: { record: (a: bigint, b: bigint) => void seen.push([a, b]) } }).main!();
    expect(seen).toEqual([[42n, 7n]]);
  });

  it('traps on unreachable', () => {
    const m = new ModuleBuilder();
    expect(() => run(m.export('f', m.func('f', [], 'none', () => [unreachable()]))).f!()).toThrow(WebAssembly.RuntimeError);
  });

  it('gives the same bytes for the same calls, and modules NEAR accepts on every protocol', () => {
    const build = () => {
      const m = new ModuleBuilder().memory(2, 'memory').data(0, Uint8Array.of(1));
      const log = m.importFunction('env', 'log_utf8', ['i64', 'i64'], 'none');
      return m.export('main', m.func('main', [], 'none', () => [call(log, i64.const(1n), i64.const(0n))])).encode();
    };
    expect(build()).toEqual(build());
    expect(WebAssembly.validate(build())).toBe(true);
    expect(checkContract(build(), PORTABLE_RULES).violations).toEqual([]);
  });
});

describe('mistakes it refuses', () => {
  it('an operand of the wrong type', () => {
    expect(() => i32.add(i64.const(1n) as unknown as Expr<'i32'>, i32.const(1))).toThrow(new AsmError('i32.add (first operand): expected an i32 value, got an i64 value'));
    expect(() => when(i64.const(1n) as unknown as Expr<'i32'>, [])).toThrow('if condition: expected an i32 value, got an i64 value');
  });

  it('a statement that leaves a value, and a function that does not end with its result', () => {
    const m = new ModuleBuilder();
    expect(() => m.func('f', [], 'none', () => [i32.const(1)] as never)).toThrow('function f: statement 0 leaves a value (drop it)');
    expect(() => m.func('g', [], 'i32', () => [] as never)).toThrow('function g: must end with an i32 value');
    expect(() => loop(() => [i32.const(1)] as never)).toThrow('loop, statement 0: expected a statement, got an i32 value');
  });

  it('a call with the wrong number or types of arguments', () => {
    const m = new ModuleBuilder();
    const f = m.importFunction('env', 'f', ['i64'], 'none');
    expect(() => (call as (...a: unknown[]) => unknown)(f)).toThrow('call env.f: expected 1 arguments, got 0');
    expect(() => call(f, i32.const(1) as unknown as Expr<'i64'>)).toThrow('call env.f, argument 0: expected an i64 value, got an i32 value');
  });

  it('a branch to a block that does not enclose it', () => {
    const m = new ModuleBuilder();
    let escaped: Label | undefined;
    m.export('f', m.func('f', [], 'none', () => [block((exit) => ((escaped = exit), [])), br(escaped!)]));
    expect(() => m.encode()).toThrow('function f branches to a block that does not enclose the branch');
  });

  it('a local of another function', () => {
    const m = new ModuleBuilder();
    let foreign: Local<'i32'> | undefined;
    m.func('a', ['i32'], 'none', ([x]) => ((foreign = x), []));
    m.func('b', [], 'none', () => [set(foreign!, i32.const(1))]);
    expect(() => m.encode()).toThrow('function b uses a parameter 0, a local of another function');
  });

  it('two exports of one name, a second memory, data outside the memory', () => {
    const m = new ModuleBuilder().memory(1, 'memory');
    const f = m.func('f', [], 'none', () => []);
    expect(() => m.export('memory', f)).toThrow('two exports named "memory"');
    expect(() => m.memory(1)).toThrow('the module already has its memory (MVP: one memory)');
    expect(() => m.data(65_535, Uint8Array.of(1, 2)).encode()).toThrow('data segment [65535, 65537) lies outside the memory of 65536 bytes');
  });

  it('constants that do not fit', () => {
    expect(() => i32.const(2 ** 32)).toThrow(RangeError);
    expect(() => i64.const(1n << 64n)).toThrow(RangeError);
  });
});
