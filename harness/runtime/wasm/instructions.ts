/**
 * Walks the instructions of a function body. Knows every MVP opcode's immediates
 * and enough of the post-MVP proposals to name the feature an opcode belongs to.
 */
import { ByteReader } from './byte-reader.js';
import type { FunctionBody, WasmModule } from './module.js';

/** Post-MVP wasm features that NEAR accepts only under some protocol versions, or never. */
export type WasmFeature =
  | 'sign-extension'
  | 'saturating-float-to-int'
  | 'bulk-memory'
  | 'reference-types'
  | 'multi-value'
  | 'simd'
  | 'threads'
  | 'exceptions'
  | 'tail-calls'
  | 'function-references';

export interface InstructionVisitor {
  /** Called for every instruction, with its opcode (and sub-opcode for 0xFC). */
  instruction?(opcode: number, subOpcode: number | undefined, offset: number): void;
  /** Called once per use of a post-MVP feature; scanning of the body stops at SIMD/threads. */
  feature?(feature: WasmFeature, offset: number): void;
}

export interface BodySummary {
  /** block, loop and if instructions (NEAR limits them per function and per contract). */
  blocks: number;
  instructions: number;
}

function blockType(reader: ByteReader, module: WasmModule, visitor: InstructionVisitor, offset: number): void {
  const first = reader.bytes[reader.offset]!;
  if (first === 0x40 || first === 0x7f || first === 0x7e || first === 0x7d || first === 0x7c) {
    reader.u8();
    return;
  }
  if (first === 0x7b || first === 0x70 || first === 0x6f) {
    reader.u8();
    visitor.feature?.(first === 0x7b ? 'simd' : 'reference-types', offset);
    return;
  }
  const typeIndex = Number(reader.signed(33));
  const type = module.types[typeIndex];
  if (!type) reader.fail(`block type index ${typeIndex} out of range`);
  if (type.params.length > 0 || type.results.length > 1) visitor.feature?.('multi-value', offset);
}

function memarg(reader: ByteReader): void {
  reader.u32();
  reader.u32();
}

/** Scans one function body. Throws WasmDecodeError on an unknown opcode or truncation. */
export function scanBody(module: WasmModule, body: FunctionBody, visitor: InstructionVisitor = {}): BodySummary {
  const reader = new ByteReader(module.bytes, body.codeStart, body.end);
  const summary: BodySummary = { blocks: 0, instructions: 0 };
  while (!reader.done) {
    const offset = reader.offset;
    const opcode = reader.u8();
    let subOpcode: number | undefined;
    summary.instructions++;
    switch (opcode) {
      case 0x02:
      case 0x03:
      case 0x04:
        summary.blocks++;
        blockType(reader, module, visitor, offset);
        break;
      case 0x0c:
      case 0x0d:
      case 0x10:
      case 0x20:
      case 0x21:
      case 0x22:
      case 0x23:
      case 0x24:
        reader.u32();
        break;
      case 0x0e: {
        const targets = reader.u32();
        for (let i = 0; i <= targets; i++) reader.u32();
        break;
      }
      case 0x11: {
        reader.u32();
        const table = reader.u32();
        if (table !== 0) visitor.feature?.('reference-types', offset);
        break;
      }
      case 0x12:
      case 0x13:
        visitor.feature?.('tail-calls', offset);
        reader.u32();
        if (opcode === 0x13) reader.u32();
        break;
      case 0x14:
      case 0x15:
        visitor.feature?.('function-references', offset);
        reader.u32();
        break;
      case 0x06:
      case 0x07:
      case 0x08:
      case 0x09:
      case 0x18:
      case 0x19:
        visitor.feature?.('exceptions', offset);
        return summary;
      case 0x1c: {
        visitor.feature?.('reference-types', offset);
        const n = reader.u32();
        reader.skip(n);
        break;
      }
      case 0x25:
      case 0x26:
        visitor.feature?.('reference-types', offset);
        reader.u32();
        break;
      case 0x3f:
      case 0x40:
        reader.u8();
        break;
      case 0x41:
        reader.signed(32);
        break;
      case 0x42:
        reader.signed(64);
        break;
      case 0x43:
        reader.skip(4);
        break;
      case 0x44:
        reader.skip(8);
        break;
      case 0xd0:
        visitor.feature?.('reference-types', offset);
        reader.u8();
        break;
      case 0xd1:
        visitor.feature?.('reference-types', offset);
        break;
      case 0xd2:
        visitor.feature?.('reference-types', offset);
        reader.u32();
        break;
      case 0xfc: {
        subOpcode = reader.u32();
        if (subOpcode <= 7) {
          visitor.feature?.('saturating-float-to-int', offset);
        } else if (subOpcode <= 17) {
          const isTableOp = subOpcode >= 12;
          visitor.feature?.(isTableOp && subOpcode !== 12 && subOpcode !== 13 && subOpcode !== 14 ? 'reference-types' : 'bulk-memory', offset);
          switch (subOpcode) {
            case 8:
              reader.u32();
              reader.u8();
              break;
            case 10:
              reader.u8();
              reader.u8();
              break;
            case 11:
              reader.u8();
              break;
            case 12:
            case 14:
              reader.u32();
              reader.u32();
              break;
            default:
              reader.u32();
          }
        } else {
          reader.fail(`unknown opcode 0xfc ${subOpcode}`);
        }
        break;
      }
      case 0xfd:
        visitor.feature?.('simd', offset);
        return summary;
      case 0xfe:
        visitor.feature?.('threads', offset);
        return summary;
      default:
        if (opcode >= 0x28 && opcode <= 0x3e) {
          memarg(reader);
        } else if (opcode >= 0xc0 && opcode <= 0xc4) {
          visitor.feature?.('sign-extension', offset);
        } else if (
          opcode === 0x00 ||
          opcode === 0x01 ||
          opcode === 0x05 ||
          opcode === 0x0b ||
          opcode === 0x0f ||
          opcode === 0x1a ||
          opcode === 0x1b ||
          (opcode >= 0x45 && opcode <= 0xbf)
        ) {
          // no immediates
        } else {
          reader.fail(`unknown opcode 0x${opcode.toString(16)}`);
        }
    }
    visitor.instruction?.(opcode, subOpcode, offset);
  }
  return summary;
}
