/**
 * The near-sandbox look-alike's command line (node:util parseArgs tokens): neard's global
 * `--home` anywhere, each command's own flags, and every argument it does not implement
 * refused by name rather than ignored.
 */
import { describe, expect, it } from 'vitest';
import { parseSandboxCommandLine, USAGE } from '../sandbox-args.js';
import { SandboxUsageError } from '../sandbox-usage-error.js';

function refusal(argv: string[]): string {
  try {
    parseSandboxCommandLine(argv);
  } catch (error) {
    if (error instanceof SandboxUsageError) return error.message;
    throw error;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
}

describe('the near-sandbox command line', () => {
  it.each([
    { argv: ['--version'], command: { kind: 'version' } },
    { argv: ['-V'], command: { kind: 'version' } },
    { argv: ['--home', 'h', 'init', '--help'], command: { kind: 'help' } },
    { argv: ['--home', 'h', 'init'], command: { kind: 'init', home: 'h', fast: false, accountId: undefined } },
    { argv: ['init', '--fast', '--home=h', '--account-id', 'root.near'], command: { kind: 'init', home: 'h', fast: true, accountId: 'root.near' } },
    { argv: ['--home', 'h', 'run', '--rpc-addr=127.0.0.1:0', '--network-addr', '0.0.0.0:24567'], command: { kind: 'run', home: 'h', rpcAddr: '127.0.0.1:0' } },
    { argv: ['--home', 'a', '--home', 'h', 'view-state', 'dump-state', '--stream'], command: { kind: 'dump-state', home: 'h', stream: true } },
  ])('$argv', ({ argv, command }) => {
    expect(parseSandboxCommandLine(argv)).toEqual(command);
  });

  it.each([
    { argv: ['init'], message: USAGE },
    { argv: ['--home', 'h', 'init', '--chain-id', 'mainnet'], message: `init: unsupported argument "--chain-id" (supported: --fast, --account-id)\n${USAGE}` },
    { argv: ['--home', 'h', 'init', '--chain-id=mainnet'], message: `init: unsupported argument "--chain-id=mainnet" (supported: --fast, --account-id)\n${USAGE}` },
    { argv: ['--home', 'h', 'init', 'extra'], message: `init: unsupported argument "extra" (supported: --fast, --account-id)\n${USAGE}` },
    { argv: ['--home', 'h', 'init', '--', 'x'], message: `init: unsupported argument "--" (supported: --fast, --account-id)\n${USAGE}` },
    { argv: ['--home', 'h', 'init', '--fast=yes'], message: 'init: --fast takes no value' },
    { argv: ['--home', 'h', 'init', '--account-id'], message: 'init: --account-id needs a value' },
    { argv: ['--home', 'h', 'init', '--account-id', '--fast'], message: 'init: --account-id needs a value' },
    { argv: ['--home', 'h', 'run', '--fast'], message: `run: unsupported argument "--fast" (supported: --rpc-addr, --network-addr)\n${USAGE}` },
    { argv: ['--home', 'h', 'view-state', 'dump'], message: `view-state: only dump-state is supported, got "dump"\n${USAGE}` },
    { argv: ['--home', 'h', 'view-state', 'dump-state', '--nope'], message: `view-state dump-state: unsupported argument "--nope" (supported: --stream)\n${USAGE}` },
    { argv: ['--home', 'h', 'frobnicate'], message: `unknown near-sandbox command "frobnicate": use init, run or view-state\n${USAGE}` },
    { argv: ['--home', 'h'], message: `unknown near-sandbox command "": use init, run or view-state\n${USAGE}` },
  ])('refuses $argv', ({ argv, message }) => {
    expect(refusal(argv)).toBe(message);
  });
});
