/**
 * Builds a set of contracts: type-check, prepare the engine (cached), then bundle,
 * compile and check each contract in parallel. Each .wasm is written beside its target
 * and renamed into place, so a failed or interrupted build never leaves a half-written
 * file; in verify mode nothing is written and differences are reported instead.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { settleBuiltWasm } from './committed-wasm.js';
import { compileContract } from './contract-build.js';
import type { ContractSource } from './contracts.js';
import { prepareEngine } from './engine.js';
import { inParallel, run } from './exec.js';
import { locateNearSdk } from './near-sdk.js';
import { BUILT_WITH_FILE, describeTools, packageVersions, recordedToolVersions, toolDifferences, writeToolRecord } from './tool-record.js';
import { locateToolchain, type ToolVersions } from './tools.js';

export interface BuildOptions {
  projectRoot: string;
  contracts: ContractSource[];
  /** Compare with the files on disk instead of writing them. */
  verify?: boolean;
  /** tsconfig to type-check the sources with first (relative to projectRoot). */
  tsconfig?: string;
  log?: (line: string) => void;
  /** Write the versions used to toolchain/built-with.json (builds of the committed contracts). */
  recordTools?: boolean;
}

export interface BuildReport {
  built: { contract: ContractSource; sha256: string; size: number }[];
  /** Verify mode: contracts whose rebuilt bytes differ from the file on disk. */
  mismatches: string[];
  /** Every tool (and output-shaping npm package) this build used, with its version. */
  tools: ToolVersions;
  /** Tools whose version differs from toolchain/built-with.json, one line each (empty: same tools). */
  toolDifferences: string[];
}

export { sha256 } from './committed-wasm.js';

export async function buildContracts(options: BuildOptions): Promise<BuildReport> {
  const { projectRoot, contracts } = options;
  const log = options.log ?? (() => {});
  const tools = locateToolchain();
  const versions: ToolVersions = { ...tools.versions, ...packageVersions(projectRoot) };
  log('tools:');
  describeTools(versions).forEach(log);
  const recorded = recordedToolVersions(projectRoot);
  const differences = recorded ? toolDifferences(recorded, versions) : [];
  if (differences.length > 0) {
    log(`note: these tools differ from the ones that built the committed contracts (${BUILT_WITH_FILE}); the bytes may differ:`);
    differences.forEach((line) => log(`  ${line}`));
  }
  if (options.tsconfig) {
    log(`type-checking contract sources (${options.tsconfig})`);
    const tsc = join(projectRoot, 'node_modules/typescript/bin/tsc');
    await run(process.execPath, [existsSync(tsc) ? tsc : 'node_modules/typescript/bin/tsc', '-p', options.tsconfig], { cwd: projectRoot });
  }
  const cacheDir = join(projectRoot, '.build');
  const engine = await prepareEngine(projectRoot, cacheDir, tools, log);
  const report: BuildReport = { built: [], mismatches: [], tools: versions, toolDifferences: differences };

  await inParallel(contracts, Math.max(1, availableParallelism()), async (contract) => {
    const started = Date.now();
    const entry = join(projectRoot, contract.entry);
    const built = await compileContract(
      { name: contract.name, entry, label: contract.entry, workRoot: join(cacheDir, 'contracts'), sdk: locateNearSdk(entry) },
      engine,
      tools,
    );
    const digest = settleBuiltWasm(projectRoot, contract.wasm, built, started, options, report.mismatches, log);
    report.built.push({ contract, sha256: digest, size: built.size });
  });
  // The record describes the committed files, so only a build that writes them updates it.
  if (!options.verify && options.recordTools) writeToolRecord(projectRoot, versions);
  return report;
}
