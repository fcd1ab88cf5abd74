/**
 * `npm run build:contracts [--verify] [name...]`
 *
 * Builds every near-sdk-js contract under contract/ and mocks/ into NEAR wasm, offline.
 * --verify rebuilds without writing and fails if any byte differs from the committed wasm.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildContract } from './contract-build.js';
import { listContracts } from './contracts.js';
import { prepareEngine } from './engine.js';
import { inParallel, run } from './exec.js';
import { locateToolchain, MissingToolError } from './tools.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const verify = argv.includes('--verify');
  const names = argv.filter((a) => !a.startsWith('--'));
  const all = listContracts(projectRoot);
  const unknown = names.filter((n) => !all.some((c) => c.name === n));
  if (unknown.length > 0) {
    console.error(`unknown contract(s): ${unknown.join(', ')}\nknown: ${all.map((c) => c.name).join(', ')}`);
    return 2;
  }
  const selected = names.length > 0 ? all.filter((c) => names.includes(c.name)) : all;

  const tools = locateToolchain();
  const started = Date.now();
  log('type-checking contract sources (contract/tsconfig.json)');
  await run(process.execPath, [join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', 'contract/tsconfig.json'], { cwd: projectRoot });
  const engine = await prepareEngine(projectRoot, tools, log);

  const mismatches: string[] = [];
  await inParallel(selected, Math.max(1, availableParallelism()), async (contract) => {
    const t0 = Date.now();
    const built = await buildContract(projectRoot, contract, engine, tools);
    const target = join(projectRoot, contract.wasm);
    const summary = `${contract.wasm}  ${built.size} bytes  ${built.methods.length} methods  sha256 ${sha256(built.wasm).slice(0, 16)}  ${((Date.now() - t0) / 1000).toFixed(1)}s`;
    if (verify) {
      const committed = existsSync(target) ? new Uint8Array(readFileSync(target)) : undefined;
      if (!committed || sha256(committed) !== sha256(built.wasm)) {
        mismatches.push(`${contract.wasm}: rebuilt sha256 ${sha256(built.wasm)} != committed ${committed ? sha256(committed) : '(missing)'}`);
        log(`DIFFERS  ${summary}`);
      } else {
        log(`same     ${summary}`);
      }
      return;
    }
    // Write beside the target and rename: a failed or interrupted build never leaves
    // a half-written .wasm in place.
    mkdirSync(dirname(target), { recursive: true });
    const temp = `${target}.tmp-${process.pid}`;
    writeFileSync(temp, built.wasm);
    renameSync(temp, target);
    log(`built    ${summary}`);
  });
  log(`${selected.length} contract(s) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (mismatches.length > 0) {
    console.error(`\nbuild is not reproducible: ${mismatches.length} wasm file(s) differ from the committed ones:\n${mismatches.join('\n')}`);
    console.error('Rebuild with `npm run build:contracts` and commit the results, or find what made the build non-deterministic.');
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof MissingToolError) console.error(`error: ${error.message}`);
    else console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
