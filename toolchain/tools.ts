/**
 * The external tools the contract build needs, where it finds them, which versions they
 * are, and what to run when one is missing. Checked before any work starts, so a build
 * with a missing tool fails at once and names the fix.
 *
 * The build runs exactly these tools with explicit arguments: clang (compile only),
 * wasm-ld (link), gcc (the native qjsc). wasm-opt is not part of the build: the link is
 * done by calling wasm-ld directly, because clang's wasm driver runs any wasm-opt it
 * finds beside itself or on PATH over its output (Debian's binaryen puts one in
 * /usr/bin, next to clang-14), which made the output depend on the machine.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What identifies each tool's output behaviour: a version string, or a content hash where no version is reported. */
export type ToolVersions = Record<string, string>;

export interface Toolchain {
  clang: string;
  wasmLd: string;
  /** compiler-rt's builtins archive for wasm32 (128-bit integer and soft-float helpers). */
  builtins: string;
  sysrootInclude: string;
  sysrootLib: string;
  hostCc: string;
  versions: ToolVersions;
}

export class MissingToolError extends Error {
  constructor(readonly missing: { tool: string; fix: string }[]) {
    super(
      'the contract toolchain is incomplete:\n' +
        missing.map((m) => `  - ${m.tool}\n      fix: ${m.fix}`).join('\n') +
        '\n(on Debian/Ubuntu `npm run toolchain:install` installs every system package at once)',
    );
    this.name = 'MissingToolError';
  }
}

const APT = (pkg: string) => `sudo apt-get install -y ${pkg}   (or: npm run toolchain:install)`;

function which(command: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

function findBuiltins(): string | undefined {
  const override = process.env['NRH_CLANG_RT_BUILTINS'];
  if (override) return override;
  const base = '/usr/lib/llvm-14/lib/clang';
  if (!existsSync(base)) return undefined;
  return readdirSync(base)
    .sort()
    .map((version) => join(base, version, 'lib/wasi/libclang_rt.builtins-wasm32.a'))
    .find((file) => existsSync(file));
}

const firstLine = (text: string) => text.split('\n')[0]?.trim() || 'unknown';
const fileDigest = (file: string) => `sha256 ${createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16)}`;

/** The Debian package owning a file and its version ("wasi-libc 0.0~git…"), or undefined off dpkg. */
function debianPackageOf(file: string): string | undefined {
  try {
    const owner = execFileSync('dpkg-query', ['-S', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(':')[0]?.trim();
    if (!owner) return undefined;
    const version = execFileSync('dpkg-query', ['-W', '-f', '${Version}', owner], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${owner} ${version}`;
  } catch {
    return undefined;
  }
}

/** A library file's identity: its Debian package version where dpkg knows it, plus its content hash. */
export function libraryVersion(file: string): string {
  const pkg = debianPackageOf(file);
  return pkg ? `${pkg} (${fileDigest(file)})` : fileDigest(file);
}

/** Finds every tool or throws MissingToolError listing all that are missing. */
/** Why the C toolchain cannot be used here, or undefined when it can (tests that compile skip with this reason). */
export function toolchainProblem(): string | undefined {
  try {
    locateToolchain();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function locateToolchain(): Toolchain {
  const missing: { tool: string; fix: string }[] = [];
  const clang = process.env['NRH_CLANG'] ?? '/usr/bin/clang-14';
  const wasmLd = process.env['NRH_WASM_LD'] ?? '/usr/bin/wasm-ld-14';
  const builtins = findBuiltins();
  const sysroot = process.env['NRH_WASI_SYSROOT'];
  const sysrootInclude = sysroot ? join(sysroot, 'include/wasm32-wasi') : '/usr/include/wasm32-wasi';
  const sysrootLib = sysroot ? join(sysroot, 'lib/wasm32-wasi') : '/usr/lib/wasm32-wasi';
  const hostCc = which('gcc') ?? which('cc');

  if (!existsSync(clang)) missing.push({ tool: `clang 14 (${clang})`, fix: APT('clang-14') });
  if (!existsSync(wasmLd)) missing.push({ tool: `wasm-ld 14 (${wasmLd})`, fix: APT('lld-14') });
  if (!builtins || !existsSync(builtins)) {
    missing.push({ tool: 'compiler-rt builtins for wasm32 (libclang_rt.builtins-wasm32.a)', fix: APT('libclang-rt-14-dev-wasm32') });
  }
  if (!existsSync(join(sysrootInclude, 'stdlib.h')) || !existsSync(join(sysrootLib, 'libc.a'))) {
    missing.push({ tool: `wasi-libc (${sysrootInclude}, ${sysrootLib})`, fix: APT('wasi-libc') });
  }
  if (!hostCc) missing.push({ tool: 'a native C compiler (gcc) for qjsc', fix: APT('gcc libc6-dev') });
  if (missing.length > 0 || !builtins || !hostCc) throw new MissingToolError(missing);

  const versions: ToolVersions = {
    clang: firstLine(execFileSync(clang, ['--version'], { encoding: 'utf8' })),
    'wasm-ld': firstLine(execFileSync(wasmLd, ['--version'], { encoding: 'utf8' })),
    'compiler-rt': libraryVersion(builtins),
    'wasi-libc': libraryVersion(join(sysrootLib, 'libc.a')),
    'host cc': firstLine(execFileSync(hostCc, ['--version'], { encoding: 'utf8' })),
  };
  return { clang, wasmLd, builtins, sysrootInclude, sysrootLib, hostCc, versions };
}
