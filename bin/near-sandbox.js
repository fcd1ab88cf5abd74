#!/usr/bin/env node
// A near-sandbox look-alike that runs near-rollback-harness's embedded NEAR node.
import { register } from 'tsx/esm/api';

register();
const { sandboxMain, SandboxUsageError } = await import('../harness/node/sandbox-command.ts');
try {
  process.exitCode = await sandboxMain(process.argv.slice(2), (line) => console.log(line));
} catch (error) {
  console.error(`near-sandbox: ${error instanceof SandboxUsageError ? error.message : error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
}
