#!/usr/bin/env node
// The near-rollback-harness command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../harness/cli/main.ts');
