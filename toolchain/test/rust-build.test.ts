/**
 * The Rust build: Debian's rustc (never one found on PATH), deterministic output wherever
 * the project is checked out, the committed Rust wasm reproduced byte for byte, and only
 * methods and memory exported. Tests that compile are skipped, with the reason, when
 * Debian's rustc and its wasm32 standard library are not installed.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeModule } from '../../harness/runtime/index.js';
import { RUST_CONTRACTS } from '../contracts.js';
import { buildRustContract, buildRustContracts, keepMethodExportsOnly, locateRustToolchain } from '../rust-build.js';
import { recordedToolVersions, writeToolRecord } from '../tool-record.js';
import { MissingToolError } from '../tools.js';
import { checkContractWasm } from '../wasm-checker.js';

/** Builds take seconds, more on a busy machine: no timeout around them. */
const NO_TIMEOUT = 0;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const METHODS = ['get_stake', 'get_total_staked', 'on_stake', 'stake'];

function rustMissing(): string | undefined {
  try {
    locateRustToolchain();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
const missing = rustMissing();
if (missing) console.warn(`Rust build tests that compile are skipped: ${missing}`);

const saved = { rustc: process.env['NRH_RUSTC'], path: process.env['PATH'] };
afterEach(() => {
  if (saved.rustc === undefined) delete process.env['NRH_RUSTC'];
  else process.env['NRH_RUSTC'] = saved.rustc;
  process.env['PATH'] = saved.path;
});

describe('a missing Rust toolchain', () => {
  it('fails at once, naming rustc and the Debian packages that install it', () => {
    process.env['NRH_RUSTC'] = '/nonexistent/rustc';
    expect(() => locateRustToolchain()).toThrow(MissingToolError);
    expect(() => locateRustToolchain()).toThrow(/rustc 1\.63 \(\/nonexistent\/rustc\)[\s\S]*apt-get install -y rustc libstd-rust-dev-wasm32/);
  });
});

describe('the export filter', () => {
  it('keeps function and memory exports and drops global exports and custom sections', async () => {
    const wabt = await wabtInit();
    const module = wabt.parseWat(
      'm.wat',
      '(module (memory (export "memory") 1) (global (export "__data_end") i32 (i32.const 8)) (global (export "__heap_base") i32 (i32.const 16)) (func (export "stake")))',
    );
    let bytes: Uint8Array;
    try {
      // With names: wabt writes them as a custom "name" section.
      bytes = new Uint8Array(module.toBinary({ log: false, write_debug_names: true }).buffer);
    } finally {
      module.destroy();
    }
    expect(decodeModule(bytes).customSections.length).toBeGreaterThan(0);
    const kept = decodeModule(keepMethodExportsOnly(bytes));
    expect(kept.exports.map((e) => `${e.kind}:${e.name}`)).toEqual(['memory:memory', 'function:stake']);
    expect(kept.customSections).toEqual([]);
    expect(() => new WebAssembly.Module(keepMethodExportsOnly(bytes))).not.toThrow();
  });
});

describe('the tool record', () => {
  it('keeps the near-sdk-js and the Rust sections apart: writing one leaves the other', () => {
    const project = join(ROOT, '.build/test-rust-record');
    rmSync(project, { recursive: true, force: true });
    mkdirSync(join(project, 'toolchain'), { recursive: true });
    writeToolRecord(project, { clang: 'Debian clang version 14.0.6' });
    writeToolRecord(project, { rustc: 'rustc 1.63.0 (LLVM 14.0.6)' }, 'rustTools');
    writeToolRecord(project, { clang: 'Debian clang version 14.0.6', 'npm qjsc': '0.3.0' });
    expect(recordedToolVersions(project)).toEqual({ clang: 'Debian clang version 14.0.6', 'npm qjsc': '0.3.0' });
    expect(recordedToolVersions(project, 'rustTools')).toEqual({ rustc: 'rustc 1.63.0 (LLVM 14.0.6)' });
  });

  it('records the Rust tools of the committed wasm', () => {
    expect(Object.keys(recordedToolVersions(ROOT, 'rustTools') ?? {})).toEqual(['rustc', 'rust-lld', 'rust std wasm32-unknown-unknown']);
  });
});

describe.skipIf(missing !== undefined)("building with Debian's rustc", () => {
  it('uses /usr/bin/rustc (or NRH_RUSTC), never a rustc or rust-lld on PATH, and records its version and LLVM', async () => {
    const decoy = join(ROOT, '.build/test-decoy-rustc');
    rmSync(decoy, { recursive: true, force: true });
    mkdirSync(decoy, { recursive: true });
    for (const tool of ['rustc', 'rust-lld']) writeFileSync(join(decoy, tool), '#!/bin/sh\necho "decoy $0 ran" >&2\nexit 1\n', { mode: 0o755 });
    process.env['PATH'] = `${decoy}:${saved.path ?? ''}`;
    const tools = locateRustToolchain();
    expect(tools.rustc).toBe(saved.rustc ?? '/usr/bin/rustc');
    expect(tools.versions['rustc']).toMatch(/^rustc 1\.\d+\.\d+.* \(LLVM \d+/);
    const built = await buildRustContract(ROOT, RUST_CONTRACTS[0]!, tools);
    expect(built.methods).toEqual(METHODS);
  }, NO_TIMEOUT);

  it('reproduces every committed Rust wasm byte for byte, built from another folder', async () => {
    // Another checkout: the same sources under another path must give the same bytes.
    const elsewhere = join(ROOT, '.build/test-rust-elsewhere/checkout');
    rmSync(elsewhere, { recursive: true, force: true });
    const sources = [...new Set(RUST_CONTRACTS.map((c) => c.source))];
    for (const source of sources) {
      mkdirSync(join(elsewhere, source, '..'), { recursive: true });
      copyFileSync(join(ROOT, source), join(elsewhere, source));
    }
    for (const contract of RUST_CONTRACTS) {
      mkdirSync(join(elsewhere, contract.wasm, '..'), { recursive: true });
      copyFileSync(join(ROOT, contract.wasm), join(elsewhere, contract.wasm));
    }
    const lines: string[] = [];
    const report = await buildRustContracts({ projectRoot: elsewhere, contracts: RUST_CONTRACTS, verify: true, log: (line) => lines.push(line) });
    expect(report.mismatches, lines.join('\n')).toEqual([]);
    expect(lines.filter((line) => line.startsWith('same '))).toHaveLength(RUST_CONTRACTS.length);
  }, NO_TIMEOUT);
});

describe.each(RUST_CONTRACTS)('committed $wasm', (contract) => {
  const bytes = new Uint8Array(readFileSync(join(ROOT, contract.wasm)));

  it('passes the checker (MVP wasm, only env imports, NEAR limits) and exports exactly its methods and memory', () => {
    const checked = checkContractWasm(contract.wasm, bytes);
    expect(checked.methods).toEqual(METHODS);
    expect(checked.imports.every((name) => name.startsWith('env.'))).toBe(true);
    const module = decodeModule(bytes);
    expect(module.exports.filter((e) => e.kind !== 'function').map((e) => `${e.kind}:${e.name}`)).toEqual(['memory:memory']);
    expect(module.customSections).toEqual([]);
  });

  it(contract.cfg.includes('buggy') ? 'never refunds: it does not even import the transfer' : 'refunds with a transfer', () => {
    const imports = decodeModule(bytes).imports.map((i) => i.name);
    expect(imports.includes('promise_batch_action_transfer')).toBe(!contract.cfg.includes('buggy'));
  });
});
