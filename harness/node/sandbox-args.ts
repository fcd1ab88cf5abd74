/**
 * The near-sandbox look-alike's command line, tokenized by node:util's parseArgs:
 *
 *   near-sandbox --version
 *   near-sandbox --home DIR init [--fast] [--account-id ID]
 *   near-sandbox --home DIR run [--rpc-addr H:P] [--network-addr H:P]
 *   near-sandbox --home DIR view-state dump-state [--stream]
 *
 * `--home` is neard's global option, accepted anywhere. Anything a command does not take is
 * an error naming it, not silently ignored: near-sandbox passing a flag we do not implement
 * should fail loudly rather than run a different chain than asked for.
 */
import { parseArgs } from 'node:util';
import { SandboxUsageError } from './sandbox-usage-error.js';

export const USAGE = [
  'usage: near-sandbox --version',
  '       near-sandbox --home DIR init [--fast] [--account-id ID]',
  '       near-sandbox --home DIR run [--rpc-addr HOST:PORT] [--network-addr HOST:PORT]',
  '       near-sandbox --home DIR view-state dump-state [--stream]',
].join('\n');

/** Every option any command takes: parseArgs needs to know which ones consume a value. */
const OPTIONS = {
  home: { type: 'string' },
  version: { type: 'boolean', short: 'V' },
  help: { type: 'boolean', short: 'h' },
  fast: { type: 'boolean' },
  'account-id': { type: 'string' },
  'rpc-addr': { type: 'string' },
  'network-addr': { type: 'string' },
  stream: { type: 'boolean' },
} as const;

type OptionName = keyof typeof OPTIONS;

/** The options of each command (the global ones aside). */
const COMMAND_OPTIONS = {
  init: ['fast', 'account-id'],
  run: ['rpc-addr', 'network-addr'],
  'view-state dump-state': ['stream'],
} as const satisfies Record<string, readonly OptionName[]>;

type CommandName = keyof typeof COMMAND_OPTIONS;

export type SandboxCommand =
  | { kind: 'version' }
  | { kind: 'help' }
  | { kind: 'init'; home: string; fast: boolean; accountId: string | undefined }
  | { kind: 'run'; home: string; rpcAddr: string | undefined }
  | { kind: 'dump-state'; home: string; stream: boolean };

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

function isOptionName(name: string): name is OptionName {
  return Object.hasOwn(OPTIONS, name);
}

/** A command's options, checked: each one it takes, with a value where it needs one. */
function commandOptions(command: CommandName, argv: readonly string[], tokens: readonly Token[]): Map<OptionName, string | true> {
  const allowed: readonly OptionName[] = COMMAND_OPTIONS[command];
  const unsupported = (token: Token) =>
    new SandboxUsageError(
      `${command}: unsupported argument ${JSON.stringify(argv[token.index])} (supported: ${allowed.map((name) => `--${name}`).join(', ') || 'none'})\n${USAGE}`,
    );
  const options = new Map<OptionName, string | true>();
  for (const token of tokens) {
    if (token.kind !== 'option') throw unsupported(token);
    const { name } = token;
    if (!isOptionName(name) || !allowed.includes(name)) throw unsupported(token);
    if (OPTIONS[name].type === 'boolean') {
      if (token.inlineValue) throw new SandboxUsageError(`${command}: --${name} takes no value`);
      options.set(name, true);
      continue;
    }
    // `--account-id --fast` is a forgotten value, not an account named "--fast".
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) throw new SandboxUsageError(`${command}: --${name} needs a value`);
    options.set(name, token.value);
  }
  return options;
}

function stringOption(options: Map<OptionName, string | true>, name: OptionName): string | undefined {
  const value = options.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function parseSandboxCommandLine(argv: readonly string[]): SandboxCommand {
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const named = (name: OptionName) => tokens.filter((t) => t.kind === 'option' && t.name === name);
  if (named('version').length > 0) return { kind: 'version' };
  if (named('help').length > 0) return { kind: 'help' };
  // The last --home wins, as with neard.
  const homeToken = named('home').at(-1);
  const home = homeToken?.kind === 'option' ? homeToken.value : undefined;
  const rest = tokens.filter((t) => !(t.kind === 'option' && t.name === 'home'));
  const [first, ...afterCommand] = rest;
  const command = first?.kind === 'positional' ? first.value : undefined;
  if (!home) throw new SandboxUsageError(USAGE);
  switch (command) {
    case 'init': {
      const options = commandOptions('init', argv, afterCommand);
      return { kind: 'init', home, fast: options.has('fast'), accountId: stringOption(options, 'account-id') };
    }
    case 'run': {
      // --network-addr is accepted and ignored: the embedded node has no peer network.
      const options = commandOptions('run', argv, afterCommand);
      return { kind: 'run', home, rpcAddr: stringOption(options, 'rpc-addr') };
    }
    case 'view-state': {
      const [sub, ...subArgs] = afterCommand;
      if (sub?.kind !== 'positional' || sub.value !== 'dump-state') {
        throw new SandboxUsageError(`view-state: only dump-state is supported, got "${sub === undefined ? '' : argv[sub.index] ?? ''}"\n${USAGE}`);
      }
      return { kind: 'dump-state', home, stream: commandOptions('view-state dump-state', argv, subArgs).has('stream') };
    }
    default: {
      const given = first === undefined ? '' : argv[first.index] ?? '';
      throw new SandboxUsageError(`unknown near-sandbox command "${given}": use init, run or view-state\n${USAGE}`);
    }
  }
}
