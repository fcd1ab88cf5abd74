/**
 * Decodes the structure of a wasm binary: sections, types, imports, exports,
 * function bodies. Instruction-level scanning lives in instructions.ts.
 *
 * The decoder accepts post-MVP encodings where it can describe them (so the
 * NEAR rules can name the feature that is used) and rejects what it cannot parse.
 */
import { ByteReader, WasmDecodeError } from './byte-reader.js';

export type ValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

export interface FunctionType {
  params: ValueType[];
  results: ValueType[];
}

export type ImportKind = 'function' | 'table' | 'memory' | 'global' | 'tag';

export interface Import {
  module: string;
  name: string;
  kind: ImportKind;
  /** Type index, for function imports. */
  typeIndex?: number;
  mutable?: boolean;
}

export type ExportKind = 'function' | 'table' | 'memory' | 'global' | 'tag';

export interface Export {
  name: string;
  kind: ExportKind;
  index: number;
}

export interface Limits {
  min: number;
  max?: number | undefined;
  shared: boolean;
  memory64: boolean;
}

export interface FunctionBody {
  /** Index in the function index space (imports first). */
  functionIndex: number;
  /** Byte range of the body (after its size prefix) in the module. */
  start: number;
  end: number;
  localCount: number;
  /** Offset of the first instruction. */
  codeStart: number;
}

export interface DataSegment {
  /** 0: active in memory 0, 1: passive, 2: active with an explicit memory index. */
  flags: number;
  size: number;
  /** Where an active segment goes, when its offset is a constant (`i32.const N`). */
  offset?: number;
}

export interface CustomSection {
  name: string;
  size: number;
}

export interface Section {
  id: number;
  /** Offset of the section id byte. */
  headerStart: number;
  /** Payload range. */
  start: number;
  end: number;
}

export interface WasmModule {
  bytes: Uint8Array;
  sections: Section[];
  types: FunctionType[];
  imports: Import[];
  /** Type index of each defined (non-imported) function. */
  functionTypeIndices: number[];
  tables: { elementType: ValueType; limits: Limits }[];
  memories: Limits[];
  globals: { type: ValueType; mutable: boolean }[];
  exports: Export[];
  start?: number;
  elementSegments: { flags: number; count: number }[];
  dataSegments: DataSegment[];
  dataCount?: number;
  bodies: FunctionBody[];
  customSections: CustomSection[];
  /** Section ids this decoder does not know (component model, future proposals). */
  unknownSectionIds: number[];
  /** Block types that reference a function type (multi-value) are found by the instruction scan. */
}

export const SECTION = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
  tag: 13,
} as const;

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

export function valueType(reader: ByteReader): ValueType {
  const byte = reader.u8();
  switch (byte) {
    case 0x7f:
      return 'i32';
    case 0x7e:
      return 'i64';
    case 0x7d:
      return 'f32';
    case 0x7c:
      return 'f64';
    case 0x7b:
      return 'v128';
    case 0x70:
      return 'funcref';
    case 0x6f:
      return 'externref';
    default:
      return reader.fail(`unknown value type 0x${byte.toString(16)}`);
  }
}

function limits(reader: ByteReader): Limits {
  const flags = reader.u8();
  if (flags > 0x07) reader.fail(`unknown limits flags 0x${flags.toString(16)}`);
  const min = reader.u32();
  const max = flags & 0x01 ? reader.u32() : undefined;
  return { min, max, shared: (flags & 0x02) !== 0, memory64: (flags & 0x04) !== 0 };
}

/** Skips a constant expression (MVP constants and globals, plus ref.null/ref.func). */
function constantExpression(reader: ByteReader): void {
  for (;;) {
    const op = reader.u8();
    switch (op) {
      case 0x0b:
        return;
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
      case 0x23:
      case 0xd2:
        reader.u32();
        break;
      case 0xd0:
        reader.u8();
        break;
      case 0x6a:
      case 0x6b:
      case 0x6c:
      case 0x7c:
      case 0x7d:
      case 0x7e:
        break; // extended-const arithmetic; reported by the feature scan if ever needed
      default:
        reader.fail(`unsupported opcode 0x${op.toString(16)} in constant expression`);
    }
  }
}

function readTypes(reader: ByteReader): FunctionType[] {
  const count = reader.u32();
  const types: FunctionType[] = [];
  for (let i = 0; i < count; i++) {
    const form = reader.u8();
    if (form !== 0x60) reader.fail(`unsupported type form 0x${form.toString(16)} (only function types)`);
    const params = Array.from({ length: reader.u32() }, () => valueType(reader));
    const results = Array.from({ length: reader.u32() }, () => valueType(reader));
    types.push({ params, results });
  }
  return types;
}

const IMPORT_KINDS: ImportKind[] = ['function', 'table', 'memory', 'global', 'tag'];

function readImports(reader: ByteReader): Import[] {
  const count = reader.u32();
  const imports: Import[] = [];
  for (let i = 0; i < count; i++) {
    const module = reader.name();
    const name = reader.name();
    const kindByte = reader.u8();
    const kind = IMPORT_KINDS[kindByte] ?? reader.fail(`unknown import kind ${kindByte}`);
    const entry: Import = { module, name, kind };
    if (kind === 'function') entry.typeIndex = reader.u32();
    else if (kind === 'table') {
      valueType(reader);
      limits(reader);
    } else if (kind === 'memory') limits(reader);
    else if (kind === 'global') {
      valueType(reader);
      entry.mutable = reader.u8() === 1;
    } else {
      reader.u8();
      reader.u32();
    }
    imports.push(entry);
  }
  return imports;
}

function readExports(reader: ByteReader): Export[] {
  const count = reader.u32();
  const exports: Export[] = [];
  for (let i = 0; i < count; i++) {
    const name = reader.name();
    const kindByte = reader.u8();
    const kind = IMPORT_KINDS[kindByte] ?? reader.fail(`unknown export kind ${kindByte}`);
    exports.push({ name, kind, index: reader.u32() });
  }
  return exports;
}

function readElementSegments(reader: ByteReader): { flags: number; count: number }[] {
  const count = reader.u32();
  const segments: { flags: number; count: number }[] = [];
  for (let i = 0; i < count; i++) {
    const flags = reader.u32();
    if (flags > 7) reader.fail(`unknown element segment flags ${flags}`);
    const passiveOrDeclarative = (flags & 0x01) !== 0;
    const explicitTable = (flags & 0x02) !== 0;
    const usesExpressions = (flags & 0x04) !== 0;
    if (!passiveOrDeclarative) {
      if (explicitTable) reader.u32();
      constantExpression(reader);
    }
    if (passiveOrDeclarative || explicitTable) {
      // elemkind (0x00) or reftype
      reader.u8();
    }
    const items = reader.u32();
    for (let j = 0; j < items; j++) {
      if (usesExpressions) constantExpression(reader);
      else reader.u32();
    }
    segments.push({ flags, count: items });
  }
  return segments;
}

/** The value of a constant expression that is exactly `i32.const N`, as an unsigned address; reads it either way. */
function constantOffset(reader: ByteReader): number | undefined {
  const start = reader.offset;
  constantExpression(reader);
  const probe = new ByteReader(reader.bytes, start, reader.offset);
  if (probe.u8() !== 0x41) return undefined;
  const value = Number(probe.signed(32)) >>> 0;
  return probe.offset === reader.offset - 1 ? value : undefined;
}

function readDataSegments(reader: ByteReader): DataSegment[] {
  const count = reader.u32();
  const segments: DataSegment[] = [];
  for (let i = 0; i < count; i++) {
    const flags = reader.u32();
    if (flags > 2) reader.fail(`unknown data segment flags ${flags}`);
    if (flags === 2) reader.u32();
    const offset = flags !== 1 ? constantOffset(reader) : undefined;
    const size = reader.u32();
    reader.skip(size);
    segments.push(offset === undefined ? { flags, size } : { flags, size, offset });
  }
  return segments;
}

function readBodies(reader: ByteReader, firstFunctionIndex: number): FunctionBody[] {
  const count = reader.u32();
  const bodies: FunctionBody[] = [];
  for (let i = 0; i < count; i++) {
    const size = reader.u32();
    const start = reader.offset;
    const end = start + size;
    if (end > reader.end) reader.fail('function body extends past the code section');
    const body = new ByteReader(reader.bytes, start, end);
    let localCount = 0;
    const groups = body.u32();
    for (let g = 0; g < groups; g++) {
      const n = body.u32();
      valueType(body);
      localCount += n;
      if (localCount > 0xffffffff) body.fail('too many locals');
    }
    bodies.push({ functionIndex: firstFunctionIndex + i, start, end, localCount, codeStart: body.offset });
    reader.offset = end;
  }
  return bodies;
}

/** Decodes a wasm binary's module structure. Throws WasmDecodeError on malformed input. */
export function decodeModule(bytes: Uint8Array): WasmModule {
  if (bytes.length < 8) throw new WasmDecodeError('not a wasm module: shorter than the 8-byte header', 0);
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== WASM_MAGIC[i]) throw new WasmDecodeError('not a wasm module: missing \\0asm magic', 0);
  }
  const version = bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24);
  if (version !== 1) throw new WasmDecodeError(`unsupported wasm binary version ${version}`, 4);

  const module: WasmModule = {
    bytes,
    sections: [],
    types: [],
    imports: [],
    functionTypeIndices: [],
    tables: [],
    memories: [],
    globals: [],
    exports: [],
    elementSegments: [],
    dataSegments: [],
    bodies: [],
    customSections: [],
    unknownSectionIds: [],
  };

  const reader = new ByteReader(bytes, 8);
  let lastOrderedId = 0;
  while (!reader.done) {
    const headerStart = reader.offset;
    const id = reader.u8();
    const size = reader.u32();
    const start = reader.offset;
    const end = start + size;
    if (end > bytes.length) reader.fail(`section ${id} extends past the end of the module`);
    module.sections.push({ id, headerStart, start, end });
    const section = new ByteReader(bytes, start, end);
    if (id !== SECTION.custom) {
      // Sections appear at most once, in a fixed order (dataCount sits before code).
      const order = id === SECTION.dataCount ? 9.5 : id === SECTION.tag ? 5.5 : id;
      if (order <= lastOrderedId) section.fail(`section ${id} is out of order or duplicated`);
      lastOrderedId = order;
    }
    switch (id) {
      case SECTION.custom:
        module.customSections.push({ name: section.name(), size });
        section.offset = end;
        break;
      case SECTION.type:
        module.types = readTypes(section);
        break;
      case SECTION.import:
        module.imports = readImports(section);
        break;
      case SECTION.function:
        module.functionTypeIndices = Array.from({ length: section.u32() }, () => section.u32());
        break;
      case SECTION.table: {
        const count = section.u32();
        for (let i = 0; i < count; i++) {
          const elementType = valueType(section);
          module.tables.push({ elementType, limits: limits(section) });
        }
        break;
      }
      case SECTION.memory:
        module.memories = Array.from({ length: section.u32() }, () => limits(section));
        break;
      case SECTION.global: {
        const count = section.u32();
        for (let i = 0; i < count; i++) {
          const type = valueType(section);
          const mutable = section.u8() === 1;
          constantExpression(section);
          module.globals.push({ type, mutable });
        }
        break;
      }
      case SECTION.export:
        module.exports = readExports(section);
        break;
      case SECTION.start:
        module.start = section.u32();
        break;
      case SECTION.element:
        module.elementSegments = readElementSegments(section);
        break;
      case SECTION.code: {
        const importedFunctions = module.imports.filter((i) => i.kind === 'function').length;
        module.bodies = readBodies(section, importedFunctions);
        break;
      }
      case SECTION.data:
        module.dataSegments = readDataSegments(section);
        break;
      case SECTION.dataCount:
        module.dataCount = section.u32();
        break;
      default:
        module.unknownSectionIds.push(id);
        section.offset = end;
    }
    if (section.offset !== end) section.fail(`section ${id} size mismatch`);
    reader.offset = end;
  }
  if (module.bodies.length !== module.functionTypeIndices.length) {
    throw new WasmDecodeError(
      `function and code section have inconsistent lengths (${module.functionTypeIndices.length} vs ${module.bodies.length})`,
      bytes.length,
    );
  }
  return module;
}

/** The type of function `index` in the function index space (imports first). */
export function functionType(module: WasmModule, index: number): FunctionType | undefined {
  const imported = module.imports.filter((i) => i.kind === 'function');
  const typeIndex = index < imported.length ? imported[index]!.typeIndex : module.functionTypeIndices[index - imported.length];
  return typeIndex === undefined ? undefined : module.types[typeIndex];
}
