/**
 * Which near-sdk-js contracts the project builds. A contract is any `.ts` file directly
 * inside one of the source roots (helpers live in subfolders); its wasm goes to
 * `<root>/build/<name>.wasm`, committed so nobody needs a C toolchain to use them.
 */
import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { RustContract } from './rust-build.js';

export const CONTRACT_ROOTS = ['contract', 'contract/buggy', 'mocks'] as const;

export interface ContractSource {
  /** Unique build name, e.g. "vault" or "buggy-a-state-not-restored". */
  name: string;
  /** Entry file, relative to the project root. */
  entry: string;
  /** Committed wasm, relative to the project root. */
  wasm: string;
}

export function listContracts(projectRoot: string): ContractSource[] {
  const contracts: ContractSource[] = [];
  for (const root of CONTRACT_ROOTS) {
    const files = readdirSync(join(projectRoot, root), { withFileTypes: true })
      .filter((f) => f.isFile() && f.name.endsWith('.ts') && !f.name.endsWith('.d.ts') && !f.name.endsWith('.test.ts'))
      .map((f) => f.name)
      .sort();
    for (const file of files) {
      const stem = basename(file, '.ts');
      const prefix = root === 'contract/buggy' ? 'buggy-' : '';
      contracts.push({
        name: `${prefix}${stem}`,
        entry: relative(projectRoot, join(projectRoot, root, file)),
        wasm: join(root, 'build', `${stem}.wasm`),
      });
    }
  }
  return contracts;
}

/**
 * The Rust contracts (toolchain/rust-build.ts): one source, its buggy variant built from the
 * same file with `--cfg buggy`.
 */
export const RUST_CONTRACTS: readonly RustContract[] = [
  { name: 'rust-staker', source: 'contract/rust/staker.rs', cfg: [], wasm: 'contract/build/rust-staker.wasm' },
  { name: 'buggy-r-staker-refund-kept', source: 'contract/rust/staker.rs', cfg: ['buggy'], wasm: 'contract/buggy/build/r-staker-refund-kept.wasm' },
];
