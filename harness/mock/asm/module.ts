/**
 * A module: imported and defined functions, one memory, data segments and exports,
 * encoded to a wasm binary in the MVP format (the sections NEAR accepts on every
 * protocol version). The same calls in the same order give the same bytes.
 */
import { concat, encodeName, encodeU32, section } from '../../runtime/index.js';
import { encodeSigned } from '../../runtime/index.js';
import { AsmError, Func, Local, VALUE_TYPE_CODE, type Body, type EncodeContext, type Instr, type Label, type Result, type ValType } from './types.js';

const PAGE = 65_536;
const HEADER = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const SECTION_ID = { type: 1, import: 2, function: 3, memory: 5, export: 7, code: 10, data: 11 } as const;

/** The parameters of a function, as locals its body reads. */
export type ParamsOf<P extends readonly ValType[]> = { readonly [K in keyof P]: Local<P[K]> };
/** Declares one more local of the function being defined. */
export type DeclareLocal = <T extends ValType>(type: T, name?: string) => Local<T>;

interface Imported {
  fn: Func;
  module: string;
  name: string;
}

interface Defined {
  fn: Func;
  /** Parameters first, then declared locals: their position is their index. */
  locals: Local[];
  body: readonly Instr[];
}

const vector = (items: readonly number[][]): number[] => [...encodeU32(items.length), ...items.flat()];

function functionType(params: readonly ValType[], result: Result): number[] {
  return [0x60, ...vector(params.map((p) => [VALUE_TYPE_CODE[p]])), ...vector(result === 'none' ? [] : [[VALUE_TYPE_CODE[result]]])];
}

export class ModuleBuilder {
  private readonly imported: Imported[] = [];
  private readonly defined: Defined[] = [];
  private readonly exported = new Map<string, { kind: 'function'; fn: Func } | { kind: 'memory' }>();
  private readonly segments: { offset: number; bytes: Uint8Array }[] = [];
  private pages: number | undefined;

  importFunction<const P extends readonly ValType[], R extends Result>(module: string, name: string, params: P, result: R): Func<P, R> {
    const fn = new Func(`${module}.${name}`, params, result);
    this.imported.push({ fn, module, name });
    return fn;
  }

  /** Defines a function; `body` gets its parameters and a way to declare locals. */
  func<const P extends readonly ValType[], R extends Result>(
    name: string,
    params: P,
    result: R,
    body: (params: ParamsOf<P>, local: DeclareLocal) => Body<R>,
  ): Func<P, R> {
    const fn = new Func(name, params, result);
    const locals: Local[] = params.map((type, i) => new Local(type, `${name} parameter ${i}`));
    const declare: DeclareLocal = (type, localName) => {
      const local = new Local(type, localName ?? `${name} local ${locals.length}`);
      locals.push(local);
      return local;
    };
    const instructions = body(locals as unknown as ParamsOf<P>, declare) as readonly Instr[];
    instructions.forEach((s, i) => {
      const last = i === instructions.length - 1;
      const expected = last && result !== 'none' ? result : 'none';
      if (s.result !== expected) {
        throw new AsmError(`function ${name}: ${last && result !== 'none' ? `must end with an ${result} value` : `statement ${i} leaves a value (drop it)`}`);
      }
    });
    if (result !== 'none' && instructions.length === 0) throw new AsmError(`function ${name}: must end with an ${result} value`);
    this.defined.push({ fn, locals, body: instructions });
    return fn;
  }

  /** The module's one memory, `pages` of 64 KiB; exported under `exportAs` if given. */
  memory(pages: number, exportAs?: string): this {
    if (this.pages !== undefined) throw new AsmError('the module already has its memory (MVP: one memory)');
    if (!Number.isInteger(pages) || pages < 1 || pages > 65_536) throw new AsmError(`memory of ${pages} pages: expected 1 to 65536`);
    this.pages = pages;
    if (exportAs !== undefined) this.addExport(exportAs, { kind: 'memory' });
    return this;
  }

  /** Bytes the memory holds from the start (an active data segment). */
  data(offset: number, bytes: Uint8Array): this {
    this.segments.push({ offset, bytes });
    return this;
  }

  export(name: string, fn: Func): this {
    this.addExport(name, { kind: 'function', fn });
    return this;
  }

  private addExport(name: string, what: { kind: 'function'; fn: Func } | { kind: 'memory' }): void {
    if (this.exported.has(name)) throw new AsmError(`two exports named "${name}"`);
    this.exported.set(name, what);
  }

  encode(): Uint8Array {
    const types: number[][] = [];
    const typeKeys = new Map<string, number>();
    const typeIndex = (fn: Func): number => {
      const encoded = functionType(fn.params, fn.result);
      const key = encoded.join(',');
      let index = typeKeys.get(key);
      if (index === undefined) {
        index = types.push(encoded) - 1;
        typeKeys.set(key, index);
      }
      return index;
    };
    const indices = new Map<Func, number>();
    [...this.imported.map((i) => i.fn), ...this.defined.map((d) => d.fn)].forEach((fn, i) => indices.set(fn, i));
    const functionIndex = (fn: Func): number => {
      const index = indices.get(fn);
      if (index === undefined) throw new AsmError(`function ${fn.name} belongs to another module`);
      return index;
    };

    const imports = this.imported.map(({ fn, module, name }) => [...encodeName(module), ...encodeName(name), 0x00, ...encodeU32(typeIndex(fn))]);
    const functions = this.defined.map(({ fn }) => encodeU32(typeIndex(fn)));
    const exports = [...this.exported].map(([name, what]) =>
      what.kind === 'memory' ? [...encodeName(name), 0x02, 0x00] : [...encodeName(name), 0x00, ...encodeU32(functionIndex(what.fn))],
    );
    const bodies = this.defined.map((d) => {
      const body = encodeBody(d, functionIndex);
      return [...encodeU32(body.length), ...body];
    });
    const data = this.segments.map(({ offset, bytes }) => {
      const end = offset + bytes.length;
      if (this.pages === undefined) throw new AsmError('data segments need a memory');
      if (!Number.isInteger(offset) || offset < 0 || end > this.pages * PAGE) {
        throw new AsmError(`data segment [${offset}, ${end}) lies outside the memory of ${this.pages * PAGE} bytes`);
      }
      return [0x00, 0x41, ...encodeSigned(BigInt(offset), 32), 0x0b, ...encodeU32(bytes.length), ...bytes];
    });

    const parts: Uint8Array[] = [HEADER];
    const add = (id: number, items: number[][]) => {
      if (items.length > 0) parts.push(section(id, vector(items)));
    };
    add(SECTION_ID.type, types);
    add(SECTION_ID.import, imports);
    add(SECTION_ID.function, functions);
    if (this.pages !== undefined) add(SECTION_ID.memory, [[0x00, ...encodeU32(this.pages)]]);
    add(SECTION_ID.export, exports);
    add(SECTION_ID.code, bodies);
    add(SECTION_ID.data, data);
    return concat(parts);
  }
}

function encodeBody({ fn, locals, body }: Defined, functionIndex: (fn: Func) => number): number[] {
  const out: number[] = [];
  const labels: Label[] = [];
  const localIndices = new Map(locals.map((l, i) => [l, i]));
  const context: EncodeContext = {
    out,
    localIndex(local) {
      const index = localIndices.get(local);
      if (index === undefined) throw new AsmError(`function ${fn.name} uses ${local.name}, a local of another function`);
      return index;
    },
    labelDepth(label) {
      const index = labels.lastIndexOf(label);
      if (index < 0) throw new AsmError(`function ${fn.name} branches to a ${label.kind} that does not enclose the branch`);
      return labels.length - 1 - index;
    },
    functionIndex,
    within(label, inside) {
      labels.push(label);
      inside();
      labels.pop();
    },
  };
  for (const instruction of body) instruction.encode(context);
  out.push(0x0b);

  // Declared locals (after the parameters), in runs of one type.
  const groups: number[][] = [];
  for (const local of locals.slice(fn.params.length)) {
    const last = groups[groups.length - 1];
    if (last && last[1] === VALUE_TYPE_CODE[local.type]) last[0]!++;
    else groups.push([1, VALUE_TYPE_CODE[local.type]]);
  }
  return [...vector(groups.map(([count, type]) => [...encodeU32(count!), type!])), ...out];
}
