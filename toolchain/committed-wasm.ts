/**
 * What a build does with a contract's fresh wasm: write it over the committed file
 * (atomically), or in verify mode compare it with the committed file and say which differ.
 * Shared by the near-sdk-js and the Rust builds, so both report alike.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface BuiltWasm {
  wasm: Uint8Array;
  size: number;
  methods: readonly string[];
}

/** Writes or verifies `built` as `wasmPath` (relative to the project root); logs one line; returns its sha256. */
export function settleBuiltWasm(
  projectRoot: string,
  wasmPath: string,
  built: BuiltWasm,
  started: number,
  options: { verify?: boolean | undefined },
  mismatches: string[],
  log: (line: string) => void,
): string {
  const target = join(projectRoot, wasmPath);
  const digest = sha256(built.wasm);
  const summary = `${wasmPath}  ${built.size} bytes  ${built.methods.length} methods  sha256 ${digest.slice(0, 16)}  ${((Date.now() - started) / 1000).toFixed(1)}s`;
  if (options.verify) {
    const committed = existsSync(target) ? sha256(new Uint8Array(readFileSync(target))) : '(missing)';
    if (committed !== digest) {
      mismatches.push(`${wasmPath}: rebuilt sha256 ${digest} != committed ${committed}`);
      log(`DIFFERS  ${summary}`);
    } else {
      log(`same     ${summary}`);
    }
    return digest;
  }
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.tmp-${process.pid}`;
  try {
    writeFileSync(temp, built.wasm);
    renameSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
  }
  log(`built    ${summary}`);
  return digest;
}
