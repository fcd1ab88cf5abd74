/**
 * Prepares a contract for execution as nearcore does: check NEAR's rules, replace the
 * module's own memory with an imported `env.memory` (1024/2048 pages by default) and
 * drop custom sections when the protocol discards them.
 */
import { ByteReader } from './byte-reader.js';
import { checkContract, type ContractRules, type PrepareErrorKind } from './contract-rules.js';
import { concat, encodeName, encodeU32, section } from './encode.js';
import { SECTION, type WasmModule } from './module.js';

export interface PreparedContract {
  /** The rewritten binary to instantiate. */
  bytes: Uint8Array;
  /** The decoded original module (exports and types for method resolution). */
  module: WasmModule;
}

export type PrepareResult = { ok: true; contract: PreparedContract } | { ok: false; kind: PrepareErrorKind; detail: string };

export interface PrepareOptions {
  rules: ContractRules;
  initialMemoryPages: number;
  maxMemoryPages: number;
  discardCustomSections: boolean;
}

function memoryImportEntry(options: PrepareOptions): number[] {
  return [
    ...encodeName('env'),
    ...encodeName('memory'),
    0x02, // memory
    0x01, // limits with a maximum
    ...encodeU32(options.initialMemoryPages),
    ...encodeU32(options.maxMemoryPages),
  ];
}

export function prepareContract(bytes: Uint8Array, options: PrepareOptions): PrepareResult {
  const { module, violations } = checkContract(bytes, options.rules);
  const first = violations[0];
  if (first || !module) return { ok: false, kind: first?.kind ?? 'Deserialization', detail: first?.detail ?? 'invalid module' };

  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let importWritten = false;
  const importSection = (existing?: { start: number; end: number }): Uint8Array => {
    importWritten = true;
    const entry = memoryImportEntry(options);
    if (!existing) return section(SECTION.import, [...encodeU32(1), ...entry]);
    const reader = new ByteReader(bytes, existing.start, existing.end);
    const count = reader.u32();
    const rest = bytes.subarray(reader.offset, existing.end);
    return section(SECTION.import, [...encodeU32(count + 1), ...rest, ...entry]);
  };

  for (const s of module.sections) {
    const raw = bytes.subarray(s.headerStart, s.end);
    if (s.id === SECTION.custom) {
      if (!options.discardCustomSections) parts.push(raw);
      continue;
    }
    if (!importWritten && s.id > SECTION.import && s.id !== SECTION.dataCount) parts.push(importSection());
    if (s.id === SECTION.import) parts.push(importSection(s));
    else if (s.id === SECTION.memory) continue; // replaced by the env.memory import
    else parts.push(raw);
  }
  if (!importWritten) parts.push(importSection());
  return { ok: true, contract: { bytes: concat(parts), module } };
}
