/**
 * The commands that work on a user's contract rather than on scenarios: `init` writes a
 * starting scenario for a wasm, `build` builds a near-sdk-js contract offline.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, relative, resolve } from 'node:path';
import { discoverContract, startingScenario } from '../init/index.js';
import { z } from 'zod';
import { findProjectRoot, projectScenarioModule, type Json } from '../scenario/index.js';
import type { Output } from './commands.js';
import { shown } from './commands.js';

/** A scenario's name from a wasm file name: `my_contract.wasm` → `my-contract`. */
function nameFromWasm(wasm: string): string {
  return basename(wasm, extname(wasm)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'contract';
}

export class CommandError extends Error {}

/** `--args`: arguments by method name, read as JSON; a named error otherwise. */
function argsOption(text: string | undefined): Record<string, Json> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CommandError(`--args must be JSON (${error instanceof Error ? error.message : String(error)}); quote it for your shell, e.g. --args '{"a":"b"}'`);
  }
  const byMethod = z.record(z.string(), z.json()).safeParse(value);
  if (!byMethod.success) throw new CommandError('--args must be an object of arguments by method name, e.g. \'{"stake":{"pool":"pool.test.near"}}\'');
  return byMethod.data;
}

export interface InitOptions {
  wasm: string;
  out?: string | undefined;
  name?: string | undefined;
  force: boolean;
  args?: string | undefined;
}

export function initCommand(options: InitOptions, out: Output): number {
  const wasm = resolve(options.wasm);
  if (!existsSync(wasm)) throw new CommandError(`--wasm ${options.wasm}: no such file (looked for ${wasm}); build the contract first`);
  const projectRoot = findProjectRoot(process.cwd());
  const scenarioPath = options.out === undefined ? projectScenarioModule(projectRoot) : resolve(options.out);
  if (existsSync(scenarioPath) && !options.force) {
    throw new CommandError(`${shown(scenarioPath)} exists; choose another file with --out, or overwrite it with --force`);
  }
  const args = argsOption(options.args);
  out.line(`reading ${shown(wasm)} and running each of its methods once on the embedded runtime…`);
  const description = discoverContract(new Uint8Array(readFileSync(wasm)), {
    source: shown(wasm),
    ...(args === undefined ? {} : { args }),
  });
  const source = startingScenario(description, { wasmPath: wasm, scenarioPath, name: options.name ?? nameFromWasm(wasm) });
  mkdirSync(dirname(scenarioPath), { recursive: true });
  const temporary = `${scenarioPath}.tmp-${process.pid}`;
  writeFileSync(temporary, source);
  renameSync(temporary, scenarioPath);

  const names = (role: string) => description.methods.filter((m) => m.role === role).map((m) => `${m.name}${m.guessed ? '?' : ''}`);
  out.line(`${description.sdk === 'unknown' ? 'a contract' : `a ${description.sdk} contract`} with ${description.methods.length} method(s):`);
  for (const [label, role] of [['calls', 'call'], ['views', 'view'], ['callbacks', 'callback'], ['init', 'init']] as const) {
    const list = names(role);
    if (list.length > 0) out.line(`  ${label.padEnd(10)}${list.join(', ')}`);
  }
  if (description.externals.length > 0) {
    out.line('external calls it makes:');
    for (const external of description.externals) out.line(`  ${external.account}: ${external.methods.join(', ')} (from ${external.calledBy.join(', ')})`);
  } else {
    out.line('external calls it makes: none seen with empty arguments (declare the mocks yourself; see the comments)');
  }
  for (const note of description.notes) out.line(`note: ${note}`);
  out.line(`wrote ${shown(scenarioPath)} (a "?" above marks a role guessed from a run; the file says why).`);
  out.line('next: fill in the arguments, deposits and checks it marks TODO, then run');
  const named = scenarioPath === projectScenarioModule(projectRoot);
  out.line(`  npx near-rollback-harness run${named ? '' : ` --scenarios ${relative(process.cwd(), scenarioPath) || scenarioPath}`}`);
  return 0;
}

export async function buildCommand(entry: string, options: { out?: string | undefined }, out: Output): Promise<number> {
  // The toolchain (and with it rollup, babel, TypeScript) loads only for this command.
  const { buildContract } = await import('../../toolchain/index.js');
  const result = await buildContract({
    entry,
    ...(options.out === undefined ? {} : { out: options.out }),
    onWarning: (warning) => out.line(`warning: ${warning.message}`),
    log: (line) => out.progress(line),
  });
  out.line(`built ${shown(result.out)}: ${result.size} bytes, ${result.methods.length} method(s): ${result.methods.join(', ')}`);
  if (result.warnings.length > 0) out.line(`${result.warnings.length} warning(s) above.`);
  return 0;
}
