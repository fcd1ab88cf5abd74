/**
 * Walks a function body keeping the operand stack height and the open control
 * constructs before every instruction: what start-once.ts needs to know to stop a call
 * at an instruction and resume it there in another function.
 *
 * Heights count every value on the stack, including those held below open blocks. In
 * code after `br`, `br_table`, `return` or `unreachable` the stack is polymorphic and the
 * height unknown until the construct's `end` (or `else`). Only the instructions of MVP
 * wasm plus the extensions NEAR accepts (sign extension, saturating conversions, bulk
 * memory) are known; anything else makes the analysis give up (undefined).
 */
import { ByteReader } from './byte-reader.js';
import { scanBody } from './instructions.js';
import { functionType, type FunctionBody, type WasmModule } from './module.js';

export interface OpenConstruct {
  kind: 'block' | 'loop' | 'if';
  /** Offset of the opening instruction: identifies the construct. */
  offset: number;
  /** The block type byte (0x40: no result, else the one result's value type). */
  blockType: number;
  results: number;
  /** Height when the construct was entered (for `if`, after its condition was popped). */
  entryHeight: number;
}

export interface InstructionSite {
  offset: number;
  /** Offset of the next instruction (or the body's end). */
  end: number;
  opcode: number;
  subOpcode: number | undefined;
  /** Values on the operand stack before the instruction; undefined where unreachable. */
  height: number | undefined;
  /** Constructs open around the instruction, outermost first. */
  open: readonly OpenConstruct[];
  /** For `call`: the callee's function index. */
  callee?: number;
}

type Effect = readonly [pops: number, pushes: number];

const ONE_TO_ONE: Effect = [1, 1];
const TWO_TO_ONE: Effect = [2, 1];

/** Stack effect of an instruction without immediates that matter, by opcode; undefined: unknown. */
function plainEffect(opcode: number, subOpcode: number | undefined): Effect | undefined {
  if (opcode === 0xfc) {
    if (subOpcode === undefined) return undefined;
    if (subOpcode <= 7) return ONE_TO_ONE; // saturating truncations
    if (subOpcode === 8 || subOpcode === 10 || subOpcode === 11) return [3, 0]; // memory.init / copy / fill
    if (subOpcode === 9) return [0, 0]; // data.drop
    return undefined;
  }
  if (opcode === 0x01) return [0, 0];
  if (opcode === 0x1a) return [1, 0];
  if (opcode === 0x1b) return [3, 1];
  if (opcode === 0x20 || opcode === 0x23) return [0, 1];
  if (opcode === 0x21 || opcode === 0x24) return [1, 0];
  if (opcode === 0x22) return ONE_TO_ONE;
  if (opcode >= 0x28 && opcode <= 0x35) return ONE_TO_ONE; // loads
  if (opcode >= 0x36 && opcode <= 0x3e) return [2, 0]; // stores
  if (opcode === 0x3f) return [0, 1];
  if (opcode === 0x40) return ONE_TO_ONE;
  if (opcode >= 0x41 && opcode <= 0x44) return [0, 1];
  if (opcode === 0x45 || opcode === 0x50) return ONE_TO_ONE; // eqz
  if (opcode >= 0x46 && opcode <= 0x66) return TWO_TO_ONE; // comparisons
  if ((opcode >= 0x67 && opcode <= 0x69) || (opcode >= 0x79 && opcode <= 0x7b)) return ONE_TO_ONE; // clz ctz popcnt
  if ((opcode >= 0x6a && opcode <= 0x78) || (opcode >= 0x7c && opcode <= 0x8a)) return TWO_TO_ONE; // integer binary
  if ((opcode >= 0x8b && opcode <= 0x91) || (opcode >= 0x99 && opcode <= 0x9f)) return ONE_TO_ONE; // float unary
  if ((opcode >= 0x92 && opcode <= 0x98) || (opcode >= 0xa0 && opcode <= 0xa6)) return TWO_TO_ONE; // float binary
  if (opcode >= 0xa7 && opcode <= 0xc4) return ONE_TO_ONE; // conversions, reinterpretations, sign extension
  return undefined;
}

/** The result count of a block type, or undefined for a multi-value type index. */
function blockResults(byte: number): number | undefined {
  if (byte === 0x40) return 0;
  if (byte === 0x7f || byte === 0x7e || byte === 0x7d || byte === 0x7c) return 1;
  return undefined;
}

/**
 * Every instruction of `body` with its height and open constructs, or undefined when the
 * body uses something the analysis does not know.
 */
export function stackHeights(module: WasmModule, body: FunctionBody): InstructionSite[] | undefined {
  const bytes = module.bytes;
  const sites: InstructionSite[] = [];
  let height: number | undefined = 0;
  let open: OpenConstruct[] = [];
  let known = true;
  const immediate = (offset: number): ByteReader => new ByteReader(bytes, offset + 1, body.end);
  try {
    scanBody(module, body, {
      instruction: (opcode, subOpcode, offset) => {
        if (!known) return;
        const site: InstructionSite = { offset, end: body.end, opcode, subOpcode, height, open };
        const previous = sites[sites.length - 1];
        if (previous) previous.end = offset;
        sites.push(site);
        const pop = (n: number) => {
          if (height !== undefined) height -= n;
        };
        const push = (n: number) => {
          if (height !== undefined) height += n;
        };
        switch (opcode) {
          case 0x00:
          case 0x0c:
          case 0x0e:
          case 0x0f:
            height = undefined; // polymorphic until the construct ends
            return;
          case 0x02:
          case 0x03:
          case 0x04: {
            const blockType = bytes[offset + 1]!;
            const results = blockResults(blockType);
            if (results === undefined) {
              known = false;
              return;
            }
            if (opcode === 0x04) pop(1);
            const kind = opcode === 0x02 ? 'block' : opcode === 0x03 ? 'loop' : 'if';
            // An unreachable entry height is only used for code inside, which stays unknown.
            open = [...open, { kind, offset, blockType, results, entryHeight: height ?? -1 }];
            return;
          }
          case 0x05: {
            const construct = open[open.length - 1];
            if (!construct) {
              known = false;
              return;
            }
            height = construct.entryHeight < 0 ? undefined : construct.entryHeight;
            return;
          }
          case 0x0b: {
            const construct = open[open.length - 1];
            if (!construct) return; // the function's own end
            open = open.slice(0, -1);
            height = construct.entryHeight < 0 ? undefined : construct.entryHeight + construct.results;
            return;
          }
          case 0x0d:
            pop(1);
            return;
          case 0x10:
          case 0x11: {
            const reader = immediate(offset);
            const index = reader.u32();
            const type = opcode === 0x10 ? functionType(module, index) : module.types[index];
            if (!type) {
              known = false;
              return;
            }
            if (opcode === 0x10) site.callee = index;
            pop(type.params.length + (opcode === 0x11 ? 1 : 0));
            push(type.results.length);
            return;
          }
          default: {
            const effect = plainEffect(opcode, subOpcode);
            if (!effect) {
              known = false;
              return;
            }
            pop(effect[0]);
            push(effect[1]);
          }
        }
      },
    });
  } catch {
    return undefined;
  }
  return known ? sites : undefined;
}

/**
 * Whether execution can stop before `site` and resume there in a fresh function: the
 * stack holds exactly `height` values (0 for a split point, the callee's parameters for a
 * call), and every open construct is a `block`, which can be re-entered by opening an
 * equal block (a loop or an if cannot be entered halfway).
 */
export const resumableAt = (site: InstructionSite, height: number): boolean =>
  site.height === height && site.open.every((c) => c.kind === 'block');
