#!/usr/bin/env node
// The near-rollback-harness command. Installed from npm it runs the compiled JavaScript;
// in the harness's own repository (sources present) it runs the TypeScript through tsx.
import { existsSync } from 'node:fs';

const source = new URL('../harness/cli/main.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('../dist/harness/cli/main.js');
}
