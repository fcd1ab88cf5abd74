/**
 * The external tools the contract build needs, where it finds them, and what to
 * run when one is missing. Checked before any work starts, so a build with a
 * missing tool fails at once and names the fix.
 */
import { existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface Toolchain {
  clang: string;
  wasmLd: string;
  sysrootInclude: string;
  sysrootLib: string;
  hostCc: string;
  clangVersion: string;
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

function compilerRtPresent(): boolean {
  const base = '/usr/lib/llvm-14/lib/clang';
  if (!existsSync(base)) return false;
  return readdirSync(base).some((version) => existsSync(join(base, version, 'lib/wasi/libclang_rt.builtins-wasm32.a')));
}

/** Finds every tool or throws MissingToolError listing all that are missing. */
export function locateToolchain(): Toolchain {
  const missing: { tool: string; fix: string }[] = [];
  const clang = process.env['NRH_CLANG'] ?? '/usr/bin/clang-14';
  const wasmLd = '/usr/bin/wasm-ld-14';
  const sysroot = process.env['NRH_WASI_SYSROOT'];
  const sysrootInclude = sysroot ? join(sysroot, 'include/wasm32-wasi') : '/usr/include/wasm32-wasi';
  const sysrootLib = sysroot ? join(sysroot, 'lib/wasm32-wasi') : '/usr/lib/wasm32-wasi';
  const hostCc = which('gcc') ?? which('cc');

  if (!existsSync(clang)) missing.push({ tool: `clang 14 (${clang})`, fix: APT('clang-14') });
  if (!process.env['NRH_CLANG'] && !existsSync(wasmLd)) missing.push({ tool: `wasm-ld 14 (${wasmLd})`, fix: APT('lld-14') });
  if (!process.env['NRH_CLANG'] && !compilerRtPresent()) {
    missing.push({ tool: 'compiler-rt builtins for wasm32 (libclang_rt.builtins-wasm32.a)', fix: APT('libclang-rt-14-dev-wasm32') });
  }
  if (!existsSync(join(sysrootInclude, 'stdlib.h')) || !existsSync(join(sysrootLib, 'libc.a'))) {
    missing.push({ tool: `wasi-libc (${sysrootInclude}, ${sysrootLib})`, fix: APT('wasi-libc') });
  }
  if (!hostCc) missing.push({ tool: 'a native C compiler (gcc) for qjsc', fix: APT('gcc libc6-dev') });
  if (missing.length > 0) throw new MissingToolError(missing);

  const clangVersion = execFileSync(clang, ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? 'unknown';
  return { clang, wasmLd, sysrootInclude, sysrootLib, hostCc: hostCc!, clangVersion };
}
