/**
 * Gas metering by instrumentation, as nearcore meters contracts: every executed wasm
 * instruction costs `regular_op_cost` gas, charged up front for each straight-line
 * segment of code (so a loop body pays on every iteration).
 *
 * The module gets one extra mutable i64 global, exported as GAS_GLOBAL, holding the gas
 * it may still burn. Each segment subtracts its cost. At function entry and at every loop
 * head the budget is also checked, and `unreachable` executes once it is negative: any
 * unbounded execution passes one of those, so it stops, after at most one function body
 * of straight-line code. Every host call and the end of the call settle the exact
 * amount, so the gas burnt and the error (GasExceeded) are the same as checking at every
 * segment, at half the cost. The runner tells the gas trap from a contract's own by
 * reading the global. Adding a global (rather than an imported `gas` function) keeps
 * every function index unchanged.
 */
import { encodeSigned, encodeU32 } from './encode.js';
import { scanBody } from './instructions.js';
import type { WasmModule } from './module.js';
import { globalExport, nextGlobalIndex, spliceModule } from './splice.js';

export const GAS_GLOBAL = '__nrh_gas_left';

/**
 * Instructions after which a new metered segment starts: where control may arrive from
 * elsewhere (loop head, then/else arm, after `end`) or stop going on (branches, return,
 * unreachable). Entering a `block` needs none: only its `end` is a branch target.
 */
const SEGMENT_ENDERS = new Set([0x00, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f]);

const encodeI64 = (value: bigint): number[] => encodeSigned(value, 64);

/** Code that charges `gas` to the gas global, then (with `check`) traps if the budget went negative. */
export function charge(globalIndex: number, gas: bigint, check: boolean): number[] {
  const g = encodeU32(globalIndex);
  const subtract = [
    0x23, ...g, // global.get
    0x42, ...encodeI64(gas), // i64.const gas
    0x7d, // i64.sub
    0x24, ...g, // global.set
  ];
  if (!check) return subtract;
  return [
    ...subtract,
    0x23, ...g, // global.get
    0x42, 0x00, // i64.const 0
    0x53, // i64.lt_s
    0x04, 0x40, 0x00, 0x0b, // if unreachable end
  ];
}

function instrumentBody(module: WasmModule, bodyIndex: number, globalIndex: number, opCost: bigint): number[] {
  const body = module.bodies[bodyIndex]!;
  const bytes = module.bytes;
  const starts: number[] = [];
  const opcodes: number[] = [];
  scanBody(module, body, {
    instruction: (opcode, _sub, offset) => {
      starts.push(offset);
      opcodes.push(opcode);
    },
  });
  const out: number[] = Array.from(bytes.subarray(body.start, body.codeStart));
  let segmentStart = 0;
  const flush = (endExclusive: number) => {
    const count = endExclusive - segmentStart;
    if (count <= 0) return;
    // Check at function entry and where a loop body starts (after the `loop` opcode).
    const check = segmentStart === 0 || opcodes[segmentStart - 1] === 0x03;
    out.push(...charge(globalIndex, BigInt(count) * opCost, check));
    const from = starts[segmentStart]!;
    const to = endExclusive < starts.length ? starts[endExclusive]! : body.end;
    for (let i = from; i < to; i++) out.push(bytes[i]!);
    segmentStart = endExclusive;
  };
  for (let i = 0; i < opcodes.length; i++) {
    if (SEGMENT_ENDERS.has(opcodes[i]!)) flush(i + 1);
  }
  flush(opcodes.length);
  return out;
}

/**
 * Returns the module with gas metering. `bytes` must decode to `module` (the caller has
 * already validated it).
 */
export function instrumentGas(bytes: Uint8Array, module: WasmModule, opCost: bigint): Uint8Array {
  const globalIndex = nextGlobalIndex(module);
  const bodies = module.bodies.map((_, i) => {
    const body = instrumentBody(module, i, globalIndex, opCost);
    return [...encodeU32(body.length), ...body];
  });
  return spliceModule(bytes, module, {
    globals: [[0x7e, 0x01, 0x42, 0x00, 0x0b]], // mut i64 = i64.const 0
    exports: [globalExport(GAS_GLOBAL, globalIndex)],
    bodies,
  });
}
