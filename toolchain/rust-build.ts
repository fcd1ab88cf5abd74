/**
 * The Rust contracts' build: Debian's rustc 1.63 (package `rustc`) and its wasm32 standard
 * library (`libstd-rust-dev-wasm32`), no cargo and no crates. One rustc call per contract,
 * linked by Debian's rust-lld (LLVM's lld 14) named explicitly, then every export that is not
 * a method or the memory and every custom section dropped, and the NEAR checker run.
 *
 * rustc is /usr/bin/rustc unless NRH_RUSTC names another: a rustup rustc first on PATH is a
 * different compiler (and its LLVM emits post-MVP opcodes by default from Rust 1.82), so PATH
 * is never searched. The versions used go in the `rustTools` section of
 * toolchain/built-with.json, like the near-sdk-js build's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { encodeU32 } from '../harness/runtime/index.js';
import { hermeticEnv } from './engine.js';
import { run } from './exec.js';
import { describeTools, recordedToolVersions, toolDifferences, writeToolRecord, BUILT_WITH_FILE } from './tool-record.js';
import { libraryVersion, MissingToolError, type ToolVersions } from './tools.js';
import { checkContractWasm, type CheckedContract } from './wasm-checker.js';
import { settleBuiltWasm } from './committed-wasm.js';

export const RUST_TARGET = 'wasm32-unknown-unknown';

/** A Rust contract: one source file, built with the given `--cfg` flags (a buggy variant is its correct source with one). */
export interface RustContract {
  /** Unique build name, e.g. "rust-staker". */
  name: string;
  /** The crate root, relative to the project root. */
  source: string;
  /** `--cfg` names: `['buggy']` builds the source's buggy variant. */
  cfg: readonly string[];
  /** Committed wasm, relative to the project root. */
  wasm: string;
}

export interface RustToolchain {
  rustc: string;
  /** rust-lld, the linker rustc's wasm target expects (Debian: a link to lld-14). */
  linker: string;
  versions: ToolVersions;
}

const APT = 'sudo apt-get install -y rustc libstd-rust-dev-wasm32   (or: npm run toolchain:install)';
const firstLine = (text: string) => text.split('\n')[0]?.trim() || 'unknown';

/** libcore for wasm32 in rustc's sysroot: its presence says the wasm32 standard library is installed. */
function wasmCore(rustc: string): string | undefined {
  let sysroot: string;
  try {
    sysroot = execFileSync(rustc, ['--print', 'sysroot'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
  const lib = join(sysroot, 'lib/rustlib', RUST_TARGET, 'lib');
  if (!existsSync(lib)) return undefined;
  const core = readdirSync(lib).find((file) => /^libcore-[0-9a-f]+\.rlib$/.test(file));
  return core ? join(lib, core) : undefined;
}

/** Finds rustc, rust-lld and the wasm32 standard library, or throws MissingToolError naming each missing one. */
export function locateRustToolchain(): RustToolchain {
  const rustc = process.env['NRH_RUSTC'] ?? '/usr/bin/rustc';
  const linker = process.env['NRH_RUST_LLD'] ?? join(dirname(rustc), 'rust-lld');
  const missing: { tool: string; fix: string }[] = [];
  if (!existsSync(rustc)) missing.push({ tool: `rustc 1.63 (${rustc})`, fix: APT });
  if (!existsSync(linker)) missing.push({ tool: `rust-lld (${linker})`, fix: APT });
  const core = existsSync(rustc) ? wasmCore(rustc) : undefined;
  if (existsSync(rustc) && !core) missing.push({ tool: `the ${RUST_TARGET} standard library for ${rustc}`, fix: APT });
  if (missing.length > 0 || !core) throw new MissingToolError(missing);

  // `rustc -vV` names the LLVM inside it, which decides the opcodes emitted.
  const verbose = execFileSync(rustc, ['-vV'], { encoding: 'utf8' });
  const llvm = /^LLVM version: (.+)$/m.exec(verbose)?.[1];
  const versions: ToolVersions = {
    rustc: `${firstLine(verbose)}${llvm ? ` (LLVM ${llvm})` : ''}`,
    'rust-lld': firstLine(execFileSync(linker, ['-flavor', 'wasm', '--version'], { encoding: 'utf8' })),
    [`rust std ${RUST_TARGET}`]: libraryVersion(core),
  };
  return { rustc, linker, versions };
}

/** rustc's arguments for one contract, from its work folder: output contract.wasm. */
export function rustcArguments(projectRoot: string, contract: RustContract, tools: Pick<RustToolchain, 'linker'>): string[] {
  return [
    '--edition=2021',
    `--crate-name=${basename(contract.source, '.rs').replace(/[^A-Za-z0-9_]/g, '_')}`,
    '--crate-type=cdylib',
    `--target=${RUST_TARGET}`,
    // MVP opcodes only: every protocol version accepts them (LLVM 14's default, said outright).
    '-Ctarget-cpu=mvp',
    '-Copt-level=z',
    '-Cpanic=abort',
    '-Ccodegen-units=1',
    // Whole-program optimisation drops core's formatting code, which the panic handler never uses.
    '-Clto=fat',
    '-Cdebuginfo=0',
    '-Cstrip=symbols',
    `-Clinker=${tools.linker}`,
    // Paths in the output (none today) would then not depend on where the project is checked out.
    `--remap-path-prefix=${projectRoot}=.`,
    '-Dwarnings',
    ...contract.cfg.flatMap((name) => ['--cfg', name]),
    '-o',
    'contract.wasm',
    resolve(projectRoot, contract.source),
  ];
}

// ---- the export and custom-section filter ----

function readU32(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  for (let shift = 0, i = at; ; shift += 7, i++) {
    const byte = bytes[i];
    if (byte === undefined || shift > 28) throw new Error(`malformed LEB128 at byte ${at}`);
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
  }
}

const SECTION_CUSTOM = 0;
const SECTION_EXPORT = 7;
const EXPORT_FUNCTION = 0;
const EXPORT_MEMORY = 2;

/**
 * The module with only function and memory exports and no custom sections. Rust's wasm target
 * always exports the globals `__data_end` and `__heap_base` (rustc passes `--export` for them),
 * which a NEAR contract has no use for; the checker admits only methods and the memory.
 */
export function keepMethodExportsOnly(wasm: Uint8Array): Uint8Array {
  const out: number[] = [...wasm.subarray(0, 8)];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at]!;
    const size = readU32(wasm, at + 1);
    const start = size.next;
    const end = start + size.value;
    if (end > wasm.length) throw new Error(`section ${id} at byte ${at} runs past the end of the module`);
    if (id === SECTION_EXPORT) {
      const count = readU32(wasm, start);
      const kept: number[][] = [];
      let p = count.next;
      for (let i = 0; i < count.value; i++) {
        const nameLength = readU32(wasm, p);
        const kind = wasm[nameLength.next + nameLength.value]!;
        const index = readU32(wasm, nameLength.next + nameLength.value + 1);
        if (kind === EXPORT_FUNCTION || kind === EXPORT_MEMORY) kept.push([...wasm.subarray(p, index.next)]);
        p = index.next;
      }
      const body = [...encodeU32(kept.length), ...kept.flat()];
      out.push(id, ...encodeU32(body.length), ...body);
    } else if (id !== SECTION_CUSTOM) {
      out.push(...wasm.subarray(at, end));
    }
    at = end;
  }
  return new Uint8Array(out);
}

// ---- building ----

export interface BuiltRustContract extends CheckedContract {
  wasm: Uint8Array;
}

/** Builds one contract in .build/rust/<name>/ and returns its checked wasm (not written). */
export async function buildRustContract(projectRoot: string, contract: RustContract, tools: RustToolchain): Promise<BuiltRustContract> {
  const work = join(projectRoot, '.build', 'rust', contract.name);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  await run(tools.rustc, rustcArguments(projectRoot, contract, tools), { cwd: work, env: hermeticEnv() });
  const wasm = keepMethodExportsOnly(new Uint8Array(readFileSync(join(work, 'contract.wasm'))));
  return { ...checkContractWasm(contract.source, wasm), wasm };
}


export interface RustBuildReport {
  mismatches: string[];
  tools: ToolVersions;
  toolDifferences: string[];
}

/**
 * Builds the given Rust contracts one after another (each takes a second or two), writing each
 * wasm atomically, or in verify mode comparing it with the committed file; a build that writes
 * records its tools.
 */
export async function buildRustContracts(options: {
  projectRoot: string;
  contracts: readonly RustContract[];
  verify?: boolean;
  log?: (line: string) => void;
}): Promise<RustBuildReport> {
  const { projectRoot } = options;
  const log = options.log ?? (() => {});
  const tools = locateRustToolchain();
  log('rust tools:');
  describeTools(tools.versions).forEach(log);
  const recorded = recordedToolVersions(projectRoot, 'rustTools');
  const differences = recorded ? toolDifferences(recorded, tools.versions) : [];
  if (differences.length > 0) {
    log(`note: these tools differ from the ones that built the committed Rust contracts (${BUILT_WITH_FILE}, rustTools); the bytes may differ:`);
    differences.forEach((line) => log(`  ${line}`));
  }
  const report: RustBuildReport = { mismatches: [], tools: tools.versions, toolDifferences: differences };
  for (const contract of options.contracts) {
    const started = Date.now();
    const built = await buildRustContract(projectRoot, contract, tools);
    settleBuiltWasm(projectRoot, contract.wasm, built, started, options, report.mismatches, log);
  }
  if (!options.verify) writeToolRecord(projectRoot, tools.versions, 'rustTools');
  return report;
}
