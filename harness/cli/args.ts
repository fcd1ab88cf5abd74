/**
 * Command-line parsing from a declared table of options (tokenized by node:util's
 * parseArgs): `--name value`, `--name=value`, `--flag`, positionals. The same table
 * writes each command's `--help`, and an unknown option is answered with the command's
 * valid ones.
 */
import { parseArgs as nodeParseArgs } from 'node:util';

export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage to show with the error, if any. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  name: string;
  /** Placeholder of the value (`FILE`, `N`); absent for a flag. */
  value?: string;
  /** A one-letter form (`-o`). */
  short?: string;
  description: string;
}

export interface CommandSpec {
  name: string;
  /** What follows the command name in the usage line, e.g. `FILE [options]`. */
  synopsis: string;
  /** One line, for the list of commands. */
  summary: string;
  /** More about the command, for its --help. */
  details?: string;
  /** Positional arguments: how many are allowed (exactly this many when `required`). */
  positionals?: { count: number; required: boolean; name: string };
  options: readonly OptionSpec[];
}

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
  /** `--help` or `-h` was given: print the command's help instead of running it. */
  help: boolean;
}

const optionLabel = (o: OptionSpec) => `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` ${o.value}` : ''}`;

export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const declared = Object.fromEntries(spec.options.map((o) => [o.name, { type: o.value ? ('string' as const) : ('boolean' as const), ...(o.short ? { short: o.short } : {}) }]));
  // node:util tokenizes; the checks are ours, so each message names the command and its options.
  const { tokens } = nodeParseArgs({
    args: [...argv],
    options: { ...declared, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  let help = false;
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    if (token.name === 'help') {
      help = true;
      continue;
    }
    const option = spec.options.find((o) => o.name === token.name);
    if (!option) {
      const valid = spec.options.map(optionLabel).join(', ');
      throw new UsageError(`unknown option ${token.rawName} for \`${spec.name}\`; its options are: ${valid || '(none)'}, --help`, spec.name);
    }
    if (option.value) {
      if (token.value === undefined || (token.inlineValue !== true && token.value.startsWith('--'))) {
        throw new UsageError(`--${option.name} needs a value (${optionLabel(option)})`, spec.name);
      }
      options.set(option.name, token.value);
    } else {
      if (token.inlineValue) throw new UsageError(`--${option.name} is a flag and takes no value`, spec.name);
      options.set(option.name, true);
    }
  }
  if (!help && spec.positionals?.required && positionals.length !== spec.positionals.count) {
    throw new UsageError(`\`${spec.name}\` needs exactly ${spec.positionals.count} ${spec.positionals.name}, got ${positionals.length}`, spec.name);
  }
  if (!help && positionals.length > (spec.positionals?.count ?? 0)) {
    throw new UsageError(
      `\`${spec.name}\` takes ${spec.positionals ? `at most ${spec.positionals.count} ${spec.positionals.name}` : 'no positional arguments'}; unexpected: ${positionals.join(' ')}`,
      spec.name,
    );
  }
  return { positionals, options, help };
}

/** The help text of one command: usage line, summary and every option. */
export function commandHelp(program: string, spec: CommandSpec): string {
  const labels = [...spec.options.map(optionLabel), '--help'];
  const width = Math.max(...labels.map((l) => l.length)) + 2;
  const describe = (label: string, text: string) =>
    `  ${label.padEnd(width)}${text.split('\n').join(`\n  ${' '.repeat(width)}`)}`;
  return [
    `usage: ${program} ${spec.name} ${spec.synopsis}`.trimEnd(),
    '',
    `${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`,
    ...(spec.details ? [spec.details] : []),
    '',
    'options:',
    ...spec.options.map((o) => describe(optionLabel(o), o.description)),
    describe('--help', 'show this help'),
  ].join('\n');
}

/** "90s", "30m", "1h", "1h30m" or plain seconds -> milliseconds. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new UsageError(`cannot read duration "${text}": use e.g. 90s, 30m, 1h or 1h30m`);
  }
  const unitMs = new Map([['ms', 1], ['s', 1000], ['m', 60_000], ['h', 3_600_000]]);
  // The regex above only captures these units.
  return parts.reduce((sum, p) => sum + Number(p[1]) * (unitMs.get(p[2] ?? '') ?? 0), 0);
}

export function integer(value: string | true | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value === true || !/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new UsageError(`--${name} must be a non-negative integer, got ${String(value)}`);
  return n;
}

/** An option's string value (options declared with a value are always strings). */
export function text(options: ParsedArgs['options'], name: string): string | undefined {
  const value = options.get(name);
  return typeof value === 'string' ? value : undefined;
}
