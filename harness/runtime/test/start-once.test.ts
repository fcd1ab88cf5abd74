/**
 * Start once: a method's deterministic start-up before its first host call is run once
 * and recorded; calls resume from the record and must be indistinguishable from a full
 * start (vm/start-once.ts, wasm/start-once.ts). Purpose-built contracts here; the suite's
 * real contracts under the equivalence check in memory-reset.contracts.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ContractCache, LATEST_PROTOCOL } from '../index.js';
import { configureStartOnce, resetStartOnce, resumeEntry, type StartOnceOptions } from '../vm/start-once.js';
import { decodeModule } from '../wasm/module.js';
import { functionSites, planSplit } from '../wasm/start-once.js';
import { stackHeights } from '../wasm/stack-heights.js';
import { failureText, successBytes, TestChain } from './chain-fixture.js';
import { imports, wat } from './wat.js';

/**
 * `run` spends its start-up in $startup (a loop writing 4 KiB and summing), then calls
 * $echo, whose first host call sits inside a block; $echo keeps a NaN with a payload in
 * a local and a float global across the split, and returns what it saw.
 */
const CONTRACT = wat(`(module
  ${imports('input', 'value_return', 'log_utf8')}
  (memory 1)
  (global $counter (mut i32) (i32.const 0))
  (global $float (mut f64) (f64.const 0))
  (data (i32.const 16) "seed")
  (func $startup (param $n i32) (result i32) (local $i i32) (local $sum i32)
    (loop $l
      (i32.store8 (i32.add (i32.const 1024) (local.get $i)) (i32.mul (local.get $i) (i32.const 7)))
      (local.set $sum (i32.add (local.get $sum) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (global.set $counter (i32.add (global.get $counter) (local.get $sum)))
    (local.get $sum))
  (func $echo (param $tag i32) (local $nan f64)
    (local.set $nan (f64.reinterpret_i64 (i64.const 0x7ff4000000000abc)))
    (global.set $float (local.get $nan))
    (block $b
      (call $input (i64.const 0))
      (i64.store (i32.const 8192) (i64.reinterpret_f64 (local.get $nan)))
      (i64.store (i32.const 8200) (i64.reinterpret_f64 (global.get $float)))
      (i32.store (i32.const 8208) (local.get $tag))
      (i32.store (i32.const 8212) (global.get $counter))
      (i32.store (i32.const 8216) (i32.load8_u (i32.const 1030)))
      (call $value_return (i64.const 20) (i64.const 8192))))
  (func (export "run") (local $s i32)
    (local.set $s (call $startup (i32.const 4096)))
    (call $echo (local.get $s)))
  (func (export "trap_first") (drop (call $startup (i32.const 100))) unreachable)
  (func (export "no_host") (drop (call $startup (i32.const 10))))
  (func (export "host_in_loop") (local $i i32)
    (drop (call $startup (i32.const 2000)))
    (loop $l
      (call $log_utf8 (i64.const 4) (i64.const 16))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 3)))))
)`);

const SUM = (4095 * 4096) / 2;

let previous: StartOnceOptions;
beforeAll(() => {
  previous = configureStartOnce({ mode: 'check', minStartupGas: 0n });
});
afterAll(() => {
  configureStartOnce(previous);
  resetStartOnce();
});
beforeEach(() => resetStartOnce());

const compiled = () => {
  const result = new ContractCache(LATEST_PROTOCOL).compile(CONTRACT);
  if (!result.ok) throw new Error('the test contract does not compile');
  return result.contract;
};

function callRun(options: { gas?: bigint } = {}) {
  const t = new TestChain().deploy('split.test.near', CONTRACT);
  return t.call('alice.test.near', 'split.test.near', 'run', options);
}

describe('stack heights', () => {
  it('counts every value on the stack and the constructs open around each instruction', () => {
    const bytes = wat(`(module (func (export "f") (param i32) (result i32)
      (block (result i32)
        (local.get 0)
        (if (result i32) (then (i32.const 1)) (else (i32.const 2))))))`);
    const module = decodeModule(bytes);
    const sites = stackHeights(module, module.bodies[0]!)!;
    const shape = sites.map((s) => [s.opcode, s.height, s.open.map((c) => c.kind).join('/')]);
    expect(shape).toEqual([
      [0x02, 0, ''], // block
      [0x20, 0, 'block'], // local.get 0
      [0x04, 1, 'block'], // if pops the condition
      [0x41, 0, 'block/if'], // i32.const 1
      [0x05, 1, 'block/if'], // else: back to the entry height
      [0x41, 0, 'block/if'], // i32.const 2
      [0x0b, 1, 'block/if'], // end of if: its one result
      [0x0b, 1, 'block'], // end of block
      [0x0b, 1, ''], // the function's end
    ]);
  });

  it('does not know heights after a branch until the construct ends', () => {
    const bytes = wat(`(module (func (export "f") (block (br 0) (drop (i32.const 1))) (nop)))`);
    const module = decodeModule(bytes);
    const heights = stackHeights(module, module.bodies[0]!)!.map((s) => s.height);
    expect(heights).toEqual([0, 0, undefined, undefined, undefined, 0, 0]);
  });
});

describe('where a method is split', () => {
  const module = decodeModule(compiled().instrumented);
  const exported = (name: string) => module.exports.find((e) => e.name === name)!.index;
  const callSite = (functionIndex: number, callee: number) => functionSites(module, functionIndex)!.find((s) => s.callee === callee)!;
  const INPUT = 0; // the first import
  const LOG = 2;

  it('descends through a call whose stack holds only its arguments, and stops before the host call inside the block', () => {
    const run = exported('run');
    const echo = functionSites(module, run)!.filter((s) => s.callee !== undefined).at(-1)!; // call $echo
    const echoIndex = echo.callee!;
    const hostCall = callSite(echoIndex, INPUT);
    const plan = planSplit(module, [
      { functionIndex: run, offset: echo.offset },
      { functionIndex: echoIndex, offset: hostCall.offset },
    ])!;
    expect(plan.map((l) => l.functionIndex)).toEqual([run, echoIndex]);
    const split = plan[1]!;
    expect(split.open.map((c) => c.kind)).toEqual(['block']);
    // The split is right before the host call's argument: the stack is empty there.
    expect(split.cut).toBeLessThan(hostCall.offset);
    expect(functionSites(module, echoIndex)!.find((s) => s.offset === split.cut)!.height).toBe(0);
  });

  it('stops before a loop: a split point inside a loop could not be re-entered', () => {
    const method = exported('host_in_loop');
    const log = callSite(method, LOG);
    const [level] = planSplit(module, [{ functionIndex: method, offset: log.offset }])!;
    expect(level!.open).toEqual([]);
    const sites = functionSites(module, method)!;
    const loop = sites.find((s) => s.opcode === 0x03)!;
    expect(level!.cut).toBeLessThanOrEqual(loop.offset);
  });
});

describe('a call from the record is the call from a full start', () => {
  it('the fast path is taken for a method with a start-up, and returns what a full start returns', () => {
    const entry = resumeEntry(compiled(), 'run', LATEST_PROTOCOL);
    expect(entry?.startupGas).toBeGreaterThan(0n);
    // 'check' mode ran both paths and compared outcome, logs, gas, receipts and storage.
    const bytes = Buffer.from(successBytes(callRun()));
    expect(bytes.readBigUInt64LE(0)).toBe(0x7ff4000000000abcn); // the NaN's payload survives in a local
    expect(bytes.readBigUInt64LE(8)).toBe(0x7ff4000000000abcn); // and in a global
    expect(bytes.readUInt32LE(16)).toBe(SUM);
  });

  it('gives the same figures with start-once on as with it off', () => {
    configureStartOnce({ mode: 'off' });
    const full = callRun();
    configureStartOnce({ mode: 'on', hotCalls: 0 });
    const fast = callRun();
    configureStartOnce({ mode: 'check' });
    const figures = (r: typeof full) => [r.status, ...r.receiptsOutcome.map((o) => [o.gasBurnt, o.tokensBurnt, o.logs, o.status])];
    expect(figures(fast)).toEqual(figures(full));
  });

  it('a call that cannot afford the start-up fails as a full start does: GasExceeded, all its gas burnt', () => {
    const entry = resumeEntry(compiled(), 'run', LATEST_PROTOCOL)!;
    // Loading this small contract costs well under 1 Ggas: the call runs out inside the start-up.
    const result = callRun({ gas: 10n ** 9n + entry.startupGas / 2n });
    expect(failureText(result)).toMatch(/Exceeded the prepaid gas/);
    // All the attached gas burnt, on top of the receipt's own fees ('check' compared both paths' figures).
    expect(result.receiptsOutcome[0]!.gasBurnt).toBeGreaterThan(10n ** 9n + entry.startupGas / 2n);
  });

  it('methods without a host call before them, or trapping first, keep the full path', () => {
    const contract = compiled();
    expect(resumeEntry(contract, 'no_host', LATEST_PROTOCOL)).toBeUndefined();
    expect(resumeEntry(contract, 'trap_first', LATEST_PROTOCOL)).toBeUndefined();
    expect(resumeEntry(contract, 'host_in_loop', LATEST_PROTOCOL)).toBeDefined();
  });

  it('a start-up below the minimum keeps the full path (near-sdk-rs methods call the host at once)', () => {
    configureStartOnce({ minStartupGas: 10n ** 15n });
    expect(resumeEntry(compiled(), 'run', LATEST_PROTOCOL)).toBeUndefined();
    configureStartOnce({ minStartupGas: 0n });
  });
});
