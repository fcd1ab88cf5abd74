#!/usr/bin/env node
/**
 * near-rollback-harness command line.
 *   smoke   check every committed contract and run a first call of each (default)
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { smoke } from './smoke.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const USAGE = `usage: near-rollback-harness <command>

commands:
  smoke    check every committed contract .wasm against NEAR's rules and run a first
           call of each on the embedded runtime`;

function main(argv: string[]): number {
  const [command = 'smoke', ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (command !== 'smoke' || rest.length > 0) {
    console.error(`unknown command: ${argv.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  console.log('near-rollback-harness: checking the contracts under test and running each once\n');
  const ok = smoke(projectRoot, (line) => console.log(line));
  console.log(ok ? '\nall contracts load and run.' : '\nsome contracts failed (see above).');
  return ok ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
