/**
 * NEAR's contract acceptance rules (nearcore prepare_v2.rs / features.rs), and the
 * PrepareError kind each violation maps to.
 */
import { describe, expect, it } from 'vitest';
import { checkContract, LATEST_RULES, LEGACY_RULES, PORTABLE_RULES, type ContractRules } from '../index.js';
import { buildModule, I32, I64, methodModule } from './wasm-builder.js';

const kinds = (bytes: Uint8Array, rules: ContractRules = PORTABLE_RULES) => checkContract(bytes, rules).violations.map((v) => v.kind);
const details = (bytes: Uint8Array, rules: ContractRules = PORTABLE_RULES) => checkContract(bytes, rules).violations.map((v) => v.detail).join('\n');

describe('contract rules', () => {
  it('accepts an MVP module that imports env functions and exports a method', () => {
    const bytes = buildModule({
      memory: true,
      imports: [{ module: 'env', name: 'log_utf8', params: [I64, I64] }],
      functions: [{ export: 'main', code: [0x42, 0x00, 0x42, 0x00, 0x10, 0x00] }],
    });
    expect(checkContract(bytes, PORTABLE_RULES).violations).toEqual([]);
  });

  it('rejects imports from modules other than env as PrepareError::Instantiate', () => {
    const bytes = buildModule({ imports: [{ module: 'wasi_snapshot_preview1', name: 'fd_write', params: [I32, I32, I32, I32], results: [I32] }] });
    expect(kinds(bytes)).toEqual(['Instantiate']);
    expect(details(bytes)).toContain('wasi_snapshot_preview1.fd_write');
  });

  it('rejects a memory import as PrepareError::Memory and a global import as Instantiate', () => {
    expect(kinds(buildModule({ imports: [{ module: 'env', name: 'memory', kind: 'memory' }] }))).toEqual(['Memory']);
    expect(kinds(buildModule({ imports: [{ module: 'env', name: 'g', kind: 'global' }] }))).toEqual(['Instantiate']);
  });

  it('rejects sign-extension ops under older protocols (prepare V0/V1) and accepts them under the latest', () => {
    const bytes = methodModule([0x41, 0x01, 0xc0, 0x1a]); // i32.const 1; i32.extend8_s; drop
    expect(kinds(bytes, LEGACY_RULES)).toEqual(['Deserialization']);
    expect(details(bytes, LEGACY_RULES)).toContain('sign-extension');
    expect(kinds(bytes, LATEST_RULES)).toEqual([]);
  });

  it('rejects saturating float-to-int, even under the latest rules', () => {
    const bytes = methodModule([0x43, 0, 0, 0, 0, 0xfc, 0x00, 0x1a]); // f32.const 0; i32.trunc_sat_f32_s; drop
    expect(kinds(bytes, LATEST_RULES)).toEqual(['Deserialization']);
    expect(details(bytes, LATEST_RULES)).toContain('saturating-float-to-int');
  });

  it('rejects bulk memory (a DataCount section, memory.fill) unless reftypes_bulk_memory is on', () => {
    const dataCount = methodModule([], { extraSections: [{ id: 12, payload: [0x00], before: 10 }] });
    expect(details(dataCount)).toContain('bulk-memory');
    expect(kinds(dataCount, LATEST_RULES)).toEqual([]);
    const fill = methodModule([0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0b, 0x00]);
    expect(details(fill)).toContain('bulk-memory');
  });

  it('rejects SIMD and multi-value', () => {
    expect(details(methodModule([0xfd, 0x0c, ...new Array(16).fill(0), 0x1a]))).toContain('simd');
    const multi = buildModule({ functions: [{ results: [I32, I32], code: [0x41, 0x00, 0x41, 0x00] }] });
    expect(details(multi)).toContain('multi-value');
  });

  it('counts imported functions toward max_functions_number_per_contract', () => {
    const imports = Array.from({ length: 10_001 }, (_, i) => ({ module: 'env', name: `f${i}` }));
    expect(kinds(buildModule({ imports }))).toEqual(['TooManyFunctions']);
  });

  it('limits locals to max_locals_per_contract', () => {
    const bytes = buildModule({ functions: [{ locals: [[1_000_001, I32]] }] });
    expect(kinds(bytes)).toEqual(['TooManyLocals']);
  });

  it('limits code to max_contract_size (4 MiB)', () => {
    const bytes = methodModule([], { extraSections: [{ id: 0, payload: [0x01, 0x78, ...new Array(4 * 1024 * 1024).fill(0)] }] });
    expect(kinds(bytes)).toContain('ContractSizeExceeded');
  });

  it('enforces the newer limits only in the rules that have them', () => {
    const blocks = methodModule(new Array(5_001).fill([0x02, 0x40, 0x0b]).flat());
    expect(kinds(blocks, LATEST_RULES)).toEqual(['TooManyBlocksPerFunction']);
    expect(kinds(blocks, LEGACY_RULES)).toEqual([]);
  });

  it('reports malformed binaries as Deserialization, never by throwing', () => {
    expect(kinds(new Uint8Array([1, 2, 3]))).toEqual(['Deserialization']);
    expect(details(new TextEncoder().encode('not wasm at all'))).toContain('magic');
    const truncated = methodModule([0x41, 0x01, 0x1a]).subarray(0, 30);
    expect(kinds(truncated)).toEqual(['Deserialization']);
    expect(kinds(methodModule([0xff]))).toEqual(['Deserialization']);
  });
});
