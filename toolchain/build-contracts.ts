/**
 * `npm run build:contracts [--verify] [name...]`
 *
 * Builds every near-sdk-js contract under contract/ and mocks/, and the Rust contracts
 * (RUST_CONTRACTS), into NEAR wasm, offline.
 * --verify rebuilds without writing and fails if any byte differs from the committed wasm.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildContracts } from './build.js';
import { BUILT_WITH_FILE } from './tool-record.js';
import { listContracts, RUST_CONTRACTS } from './contracts.js';
import { buildRustContracts } from './rust-build.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main(argv: string[]): Promise<number> {
  const verify = argv.includes('--verify');
  const names = argv.filter((a) => !a.startsWith('--'));
  const all = listContracts(projectRoot);
  const known = [...all.map((c) => c.name), ...RUST_CONTRACTS.map((c) => c.name)];
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    console.error(`unknown contract(s): ${unknown.join(', ')}\nknown: ${known.join(', ')}`);
    return 2;
  }
  const contracts = names.length > 0 ? all.filter((c) => names.includes(c.name)) : all;
  const rustContracts = names.length > 0 ? RUST_CONTRACTS.filter((c) => names.includes(c.name)) : RUST_CONTRACTS;
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const report =
    contracts.length > 0
      ? await buildContracts({ projectRoot, contracts, verify, tsconfig: 'contract/tsconfig.json', log, recordTools: true })
      : { mismatches: [], toolDifferences: [] };
  const rust = rustContracts.length > 0 ? await buildRustContracts({ projectRoot, contracts: rustContracts, verify, log }) : { mismatches: [], toolDifferences: [] };
  const mismatches = [...report.mismatches, ...rust.mismatches];
  const toolDifferences = [...report.toolDifferences, ...rust.toolDifferences];
  console.log(`${contracts.length + rustContracts.length} contract(s) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (mismatches.length > 0) {
    console.error(`\nthe build is not reproducible: ${mismatches.length} wasm file(s) differ from the committed ones:`);
    console.error(mismatches.join('\n'));
    if (toolDifferences.length > 0) {
      console.error(`\nThe tools differ from the ones that built the committed files (${BUILT_WITH_FILE}):`);
      console.error(toolDifferences.map((line) => `  ${line}`).join('\n'));
      console.error('Install those versions (on Debian 12: `npm run toolchain:install`, then `npm ci`), or, if the new tools are intended, rebuild and commit the .wasm files and the record.');
    } else {
      console.error('The tools are the ones that built the committed files. If you changed a contract, rebuild with `npm run build:contracts` and commit the .wasm files.');
    }
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
