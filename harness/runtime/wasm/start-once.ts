/**
 * Start once, resume many times: splits a contract method at the last point before its
 * first host call, so the deterministic start-up before it (for a near-sdk-js contract:
 * QuickJS creating its runtime and context and loading the contract's bytecode, about
 * 10 Tgas) runs once per contract instead of once per call.
 *
 * Nothing a method does before its first host call can depend on the call: it sees only
 * the module, a zeroed memory with the data segments, and the initial globals. So the
 * state at a point P before that host call (memory, globals, the locals of every active
 * frame) is the same on every call, and a call can start from a record of it. The
 * transformations here work on the final, metered and write-tracked module:
 *
 * - `planSplit` picks P from the frames active at the first host call (read off the stack
 *   of a probe call): it descends through direct calls made where the stack holds only
 *   the callee's arguments, and in the deepest such frame stops at the last instruction
 *   before the host call where the operand stack is empty and only `block`s are open
 *   (stack-heights.ts). A point inside loops or ifs cannot be re-entered; a block can, by
 *   opening an equal block. Execution must pass P: only blocks enclose it and the host
 *   call, so no forward branch skips it.
 * - `prefixModule` adds, per method, a function that runs exactly the code up to P and
 *   copies every local of every active frame and every mutable global into exported
 *   globals, then returns.
 * - `resumeModule` adds, per method, a function that sets the globals and locals from a
 *   record, charges the start-up's gas in one amount, re-opens the blocks around P and
 *   runs the rest of each frame. The start-up's gas is what the metering charged up to
 *   P; charged at once, a call that cannot afford it fails with the same error and the
 *   same gas burnt, since no host call comes in between.
 *
 * Locals and globals travel as i32/i64 bit patterns (floats reinterpreted), so NaN
 * payloads survive. Levels (one frame's part of a plan) are shared between methods when
 * they are the same code, e.g. QuickJS's JS_Call below each near-sdk-js method.
 */
import { ByteReader } from './byte-reader.js';
import { encodeName, encodeSigned, encodeU32 } from './encode.js';
import { charge } from './gas-instrument.js';
import { scanBody } from './instructions.js';
import { functionType, valueType, type FunctionBody, type FunctionType, type ValueType, type WasmModule } from './module.js';
import { globalExport, nextGlobalIndex, spliceModule } from './splice.js';
import { resumableAt, stackHeights, type InstructionSite, type OpenConstruct } from './stack-heights.js';

/** A wasm frame active at the first host call: the function and the instruction it is at. */
export interface ProbeFrame {
  functionIndex: number;
  offset: number;
}

/** One frame's part of a split. */
export interface SplitLevel {
  functionIndex: number;
  /** Where the prefix stops: the split point (last level) or the call into the next level. */
  cut: number;
  /** Where this frame's own code resumes: the split point, or just after the call. */
  resumeAt: number;
  open: readonly OpenConstruct[];
  /** Identifies the level's code, with every level below it. */
  key: string;
}

/** Levels, outermost (the exported method) first. */
export type SplitPlan = readonly SplitLevel[];

type NumberType = 'i32' | 'i64' | 'f32' | 'f64';
const TYPE_BYTE: Record<NumberType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };
const isNumberType = (type: ValueType): type is NumberType => type === 'i32' || type === 'i64' || type === 'f32' || type === 'f64';
/** The integer type carrying a value's bits. */
const carrier = (type: NumberType): 'i32' | 'i64' => (type === 'i32' || type === 'f32' ? 'i32' : 'i64');
/** Float → carrier bits (i32.reinterpret_f32, i64.reinterpret_f64) and back. */
const TO_BITS: Partial<Record<NumberType, number>> = { f32: 0xbc, f64: 0xbd };
const FROM_BITS: Partial<Record<NumberType, number>> = { f32: 0xbe, f64: 0xbf };

const importedFunctionCount = (module: WasmModule) => module.imports.filter((i) => i.kind === 'function').length;

function bodyOf(module: WasmModule, functionIndex: number): FunctionBody | undefined {
  return module.bodies[functionIndex - importedFunctionCount(module)];
}

/** Parameter types then declared local types, or undefined for non-numeric locals. */
function localTypes(module: WasmModule, functionIndex: number): NumberType[] | undefined {
  const type = functionType(module, functionIndex);
  const body = bodyOf(module, functionIndex);
  if (!type || !body) return undefined;
  const types: ValueType[] = [...type.params];
  const reader = new ByteReader(module.bytes, body.start, body.codeStart);
  const groups = reader.u32();
  for (let g = 0; g < groups; g++) {
    const count = reader.u32();
    const local = valueType(reader);
    for (let i = 0; i < count; i++) types.push(local);
  }
  return types.every(isNumberType) ? types : undefined;
}

/** table.set, and the bulk table instructions that write a table or its element segments. */
const TABLE_WRITES = new Set([12, 13, 14, 15, 17]);

/** Whether any code of the module can change a table (then an instance cannot be reused). */
export function changesTables(module: WasmModule): boolean {
  let writes = false;
  for (const body of module.bodies) {
    scanBody(module, body, {
      instruction: (opcode, subOpcode) => {
        if (opcode === 0x26 || (opcode === 0xfc && subOpcode !== undefined && TABLE_WRITES.has(subOpcode))) writes = true;
      },
    });
    if (writes) return true;
  }
  return false;
}

/** A defined function's instruction sites, or undefined when it cannot be split. */
export function functionSites(module: WasmModule, functionIndex: number): InstructionSite[] | undefined {
  const body = bodyOf(module, functionIndex);
  return body && localTypes(module, functionIndex) ? stackHeights(module, body) : undefined;
}

const sameChain = (inner: readonly OpenConstruct[], outer: readonly OpenConstruct[]) =>
  inner.length <= outer.length && inner.every((c, i) => c.offset === outer[i]!.offset);

/**
 * Where to split a method, given the wasm frames active at its first host call
 * (outermost first; the last one is at the host call). Undefined when no level can be
 * split (unknown instructions, non-numeric locals, a frame that is not a direct call).
 */
export function planSplit(
  module: WasmModule,
  frames: readonly ProbeFrame[],
  sitesOf: (functionIndex: number) => InstructionSite[] | undefined = (index) => functionSites(module, index),
): SplitPlan | undefined {
  // A start function runs at every instantiation, and a passive segment dropped by the
  // prefix would be whole again in the resume instance: neither can be recorded.
  if (module.imports.some((i) => i.kind === 'global') || module.start !== undefined || module.dataSegments.some((d) => d.flags === 1)) {
    return undefined;
  }
  const levels: Omit<SplitLevel, 'key'>[] = [];
  let own = frames[0] ? sitesOf(frames[0].functionIndex) : undefined;
  for (let j = 0; j < frames.length; j++) {
    const frame = frames[j]!;
    if (!own) return undefined;
    const at = own.find((site) => site.offset === frame.offset);
    if (!at || at.opcode !== 0x10 || at.callee === undefined) return undefined;
    const next = frames[j + 1];
    const callee = next ? functionType(module, next.functionIndex) : undefined;
    if (next && callee && at.callee === next.functionIndex && resumableAt(at, callee.params.length)) {
      const inner = sitesOf(next.functionIndex);
      if (inner) {
        levels.push({ functionIndex: frame.functionIndex, cut: at.offset, resumeAt: at.end, open: at.open });
        own = inner;
        continue;
      }
    }
    let split: InstructionSite | undefined;
    for (const site of own) {
      if (site.offset > at.offset) break;
      if (resumableAt(site, 0) && sameChain(site.open, at.open)) split = site;
    }
    if (!split) return undefined;
    levels.push({ functionIndex: frame.functionIndex, cut: split.offset, resumeAt: split.offset, open: split.open });
    break;
  }
  let below = '';
  const keyed: SplitLevel[] = [];
  for (let j = levels.length - 1; j >= 0; j--) {
    const level = levels[j]!;
    below = `${level.functionIndex}@${level.cut}${below ? `>${below}` : ''}`;
    keyed.unshift({ ...level, key: below });
  }
  return keyed;
}

/** Bits of one local or global, as its carrier type holds them. */
export type Bits = number | bigint;

/** What the prefix recorded for a method: per level its locals, and the module's mutable globals. */
export interface SplitRecord {
  locals: Bits[][];
  globals: Bits[];
  /** Gas the start-up burnt (what the metering charged up to the split point). */
  gas: bigint;
}

export const PREFIX_EXPORT = '__nrh_prefix:';
export const RESUME_EXPORT = '__nrh_resume:';
const SAVED_EXPORT = '__nrh_saved_';

/** Added globals and functions shared by the prefix and resume modules. */
interface Layout {
  levels: Map<string, { level: SplitLevel; types: NumberType[]; firstGlobal: number; child?: string }>;
  /** Mutable globals of the module (index, type), the gas global excluded. */
  moduleGlobals: { index: number; type: NumberType }[];
  /** Index of the first added global holding a module global's bits. */
  firstModuleCopy: number;
  nextGlobal: number;
}

function layout(module: WasmModule, plans: ReadonlyMap<string, SplitPlan>, gasGlobal: number): Layout | undefined {
  const moduleGlobals: Layout['moduleGlobals'] = [];
  for (const [index, global] of module.globals.entries()) {
    if (!global.mutable || index === gasGlobal) continue;
    if (!isNumberType(global.type)) return undefined;
    moduleGlobals.push({ index, type: global.type });
  }
  let nextGlobal = nextGlobalIndex(module);
  const firstModuleCopy = nextGlobal;
  nextGlobal += moduleGlobals.length;
  const levels: Layout['levels'] = new Map();
  for (const plan of plans.values()) {
    plan.forEach((level, j) => {
      if (levels.has(level.key)) return;
      const types = localTypes(module, level.functionIndex)!;
      const child = plan[j + 1]?.key;
      levels.set(level.key, { level, types, firstGlobal: nextGlobal, ...(child ? { child } : {}) });
      nextGlobal += types.length;
    });
  }
  return { levels, moduleGlobals, firstModuleCopy, nextGlobal };
}

const zeroGlobal = (type: 'i32' | 'i64'): number[] => [TYPE_BYTE[type], 0x01, type === 'i32' ? 0x41 : 0x42, 0x00, 0x0b];

/** The added globals (every level's locals, then copies of the module's globals), as carriers. */
function addedGlobals(shape: Layout): { entries: number[][]; types: ('i32' | 'i64')[] } {
  const types: ('i32' | 'i64')[] = [...shape.moduleGlobals.map((g) => carrier(g.type))];
  for (const { types: locals } of shape.levels.values()) types.push(...locals.map(carrier));
  return { entries: types.map(zeroGlobal), types };
}

const encodeConst = (type: 'i32' | 'i64', bits: Bits): number[] =>
  type === 'i32' ? [0x41, ...encodeSigned(BigInt(bits), 32)] : [0x42, ...encodeSigned(BigInt(bits), 64)];

/** Moves a value of `type` on the stack into carrier global `index`. */
const storeBits = (type: NumberType, index: number): number[] => [...(TO_BITS[type] ? [TO_BITS[type]] : []), 0x24, ...encodeU32(index)];
/** Pushes carrier global `index` as a value of `type`. */
const loadBits = (type: NumberType, index: number): number[] => [0x23, ...encodeU32(index), ...(FROM_BITS[type] ? [FROM_BITS[type]] : [])];

function localDeclarations(types: readonly NumberType[]): number[] {
  const groups: [number, NumberType][] = [];
  for (const type of types) {
    const last = groups[groups.length - 1];
    if (last && last[1] === type) last[0]++;
    else groups.push([1, type]);
  }
  return [...encodeU32(groups.length), ...groups.flatMap(([count, type]) => [...encodeU32(count), TYPE_BYTE[type]])];
}

const ZERO_OF: Record<NumberType, number[]> = {
  i32: [0x41, 0x00],
  i64: [0x42, 0x00],
  f32: [0x43, 0, 0, 0, 0],
  f64: [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
};

const sized = (body: ArrayLike<number>): Uint8Array => {
  const size = encodeU32(body.length);
  const out = new Uint8Array(size.length + body.length);
  out.set(size);
  out.set(body, size.length);
  return out;
};

/**
 * Where the added functions go: one per level (in layout order) after the module's own,
 * then whatever else the caller appends. `bodies` starts with the module's own bodies.
 */
function addedFunctions(module: WasmModule, shape: Layout) {
  const firstAdded = importedFunctionCount(module) + module.bodies.length;
  const keys = [...shape.levels.keys()];
  return {
    firstAdded,
    indexOf: (key: string) => firstAdded + keys.indexOf(key),
    /** Type indices of the added functions. */
    functions: [] as number[],
    bodies: module.bodies.map((b) => sized(module.bytes.subarray(b.start, b.end))),
  };
}

/** Finds or adds the type () -> results. */
function typeIndexFor(module: WasmModule, results: readonly ValueType[], added: number[][]): number {
  const same = (t: FunctionType) => t.params.length === 0 && t.results.length === results.length && t.results.every((r, i) => r === results[i]);
  const existing = module.types.findIndex(same);
  if (existing >= 0) return existing;
  const encoded = [0x60, 0x00, ...encodeU32(results.length), ...results.map((r) => TYPE_BYTE[r as NumberType])];
  const index = added.findIndex((t) => t.length === encoded.length && t.every((b, i) => b === encoded[i]));
  if (index >= 0) return module.types.length + index;
  added.push(encoded);
  return module.types.length + added.length - 1;
}

/**
 * The module plus, per method, an export PREFIX_EXPORT + method that runs the method up
 * to its split point, leaves every active frame's locals and the module's mutable
 * globals in exported globals (SAVED_EXPORT + index) and returns. Undefined when the
 * module's globals cannot be carried.
 */
export function prefixModule(module: WasmModule, plans: ReadonlyMap<string, SplitPlan>, gasGlobal: number): Uint8Array | undefined {
  const shape = layout(module, plans, gasGlobal);
  if (!shape) return undefined;
  const bytes = module.bytes;
  const { indexOf, functions, bodies } = addedFunctions(module, shape);
  for (const { level, types, firstGlobal, child } of shape.levels.values()) {
    const body = bodyOf(module, level.functionIndex)!;
    const type = functionType(module, level.functionIndex)!;
    const isExported = module.exports.some((e) => e.kind === 'function' && e.index === level.functionIndex);
    const code: number[] = [...bytes.subarray(body.start, body.codeStart), ...bytes.subarray(body.codeStart, level.cut)];
    if (child) code.push(0x10, ...encodeU32(indexOf(child)));
    types.forEach((t, i) => code.push(0x20, ...encodeU32(i), ...storeBits(t, firstGlobal + i)));
    if (isExported) shape.moduleGlobals.forEach((g, i) => code.push(0x23, ...encodeU32(g.index), ...storeBits(g.type, shape.firstModuleCopy + i)));
    for (const result of type.results) code.push(...ZERO_OF[result as NumberType]);
    // return; close each open block, staying unreachable after it (it may have results); end
    code.push(0x0f, ...level.open.flatMap(() => [0x0b, 0x00]), 0x0b);
    functions.push(module.functionTypeIndices[level.functionIndex - importedFunctionCount(module)]!);
    bodies.push(sized(code));
  }
  const globals = addedGlobals(shape);
  const first = nextGlobalIndex(module);
  const exports = [
    ...[...plans].map(([method, plan]) => [...encodeName(PREFIX_EXPORT + method), 0x00, ...encodeU32(indexOf(plan[0]!.key))]),
    ...globals.entries.map((_, i) => globalExport(`${SAVED_EXPORT}${first + i}`, first + i)),
  ];
  return spliceModule(bytes, module, { functions, globals: globals.entries, exports, bodies });
}

/** Reads, from a prefix instance that ran `plan`, what the resume module needs. */
export function readRecord(
  module: WasmModule,
  plans: ReadonlyMap<string, SplitPlan>,
  plan: SplitPlan,
  gasGlobal: number,
  saved: (globalIndex: number) => Bits,
  gas: bigint,
): SplitRecord | undefined {
  const shape = layout(module, plans, gasGlobal);
  if (!shape) return undefined;
  const locals = plan.map((level) => {
    const { types, firstGlobal } = shape.levels.get(level.key)!;
    return types.map((_, i) => saved(firstGlobal + i));
  });
  const globals = shape.moduleGlobals.map((_, i) => saved(shape.firstModuleCopy + i));
  return { locals, globals, gas };
}

/** The name under which `prefixModule` exports added global `index`. */
export const savedGlobalName = (index: number) => `${SAVED_EXPORT}${index}`;

/**
 * The module plus, per recorded method, an export RESUME_EXPORT + method that starts the
 * method at its split point from the record: it sets the module's globals and every
 * level's locals, charges the start-up's gas (with a check) and runs the rest. The
 * caller writes the recorded memory before calling it; the data segments are left out
 * (the record includes what they wrote).
 */
export function resumeModule(
  module: WasmModule,
  plans: ReadonlyMap<string, SplitPlan>,
  records: ReadonlyMap<string, SplitRecord>,
  gasGlobal: number,
): Uint8Array | undefined {
  const recorded = new Map([...plans].filter(([method]) => records.has(method)));
  const shape = layout(module, recorded, gasGlobal);
  if (!shape) return undefined;
  const bytes = module.bytes;
  const addedTypes: number[][] = [];
  const { firstAdded, indexOf, functions, bodies } = addedFunctions(module, shape);
  // One resume function per level: () -> the level's results, its parameters made locals.
  for (const { level, types, firstGlobal, child } of shape.levels.values()) {
    const body = bodyOf(module, level.functionIndex)!;
    const type = functionType(module, level.functionIndex)!;
    const code: number[] = [...localDeclarations(types)];
    types.forEach((t, i) => code.push(...loadBits(t, firstGlobal + i), 0x21, ...encodeU32(i)));
    for (const construct of level.open) code.push(0x02, construct.blockType);
    if (child) code.push(0x10, ...encodeU32(indexOf(child)));
    code.push(...bytes.subarray(level.resumeAt, body.end));
    functions.push(typeIndexFor(module, type.results, addedTypes));
    bodies.push(sized(code));
  }
  // One entry per method: the record's values, the start-up's gas, then the outermost level.
  const entryType = typeIndexFor(module, [], addedTypes);
  const exports: number[][] = [];
  for (const [method, plan] of recorded) {
    const record = records.get(method)!;
    const code: number[] = [0x00]; // no locals
    shape.moduleGlobals.forEach((g, i) => {
      code.push(...encodeConst(carrier(g.type), record.globals[i]!), ...(FROM_BITS[g.type] ? [FROM_BITS[g.type]!] : []), 0x24, ...encodeU32(g.index));
    });
    plan.forEach((level, j) => {
      const { types, firstGlobal } = shape.levels.get(level.key)!;
      types.forEach((t, i) => code.push(...encodeConst(carrier(t), record.locals[j]![i]!), 0x24, ...encodeU32(firstGlobal + i)));
    });
    code.push(...charge(gasGlobal, record.gas, true), 0x10, ...encodeU32(indexOf(plan[0]!.key)), 0x0b);
    exports.push([...encodeName(RESUME_EXPORT + method), 0x00, ...encodeU32(firstAdded + functions.length)]);
    functions.push(entryType);
    bodies.push(sized(code));
  }
  const globals = addedGlobals(shape);
  // The record holds every byte the data segments wrote, so they need not be applied again;
  // without a data count section no instruction can refer to a segment.
  const emptyData = module.dataCount === undefined;
  return spliceModule(bytes, module, { types: addedTypes, functions, globals: globals.entries, exports, bodies, emptyData });
}
