/** Command-line parsing: durations and options, with errors that say what to type. */
import { describe, expect, it } from 'vitest';
import { commandHelp, parseCommandLine, parseDuration, UsageError, type CommandSpec } from '../args.js';
import { COMMANDS, FUZZ, REPLAY, RUN } from '../command-specs.js';

describe('durations', () => {
  it.each([
    ['30m', 1_800_000],
    ['1h30m', 5_400_000],
    ['90s', 90_000],
    ['45', 45_000],
    ['250ms', 250],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('refuses anything else, with examples', () => {
    expect(() => parseDuration('half an hour')).toThrow(/use e\.g\. 90s, 30m, 1h or 1h30m/);
  });
});

describe('options', () => {
  it('reads --name value, --name=value, flags and positionals', () => {
    const parsed = parseCommandLine(REPLAY, ['file.json', '--emit-test', 'a.test.ts', '--allow-changed-wasm']);
    expect(parsed.positionals).toEqual(['file.json']);
    expect([...parsed.options]).toEqual([
      ['emit-test', 'a.test.ts'],
      ['allow-changed-wasm', true],
    ]);
    expect(parseCommandLine(RUN, ['--seed=7']).options.get('seed')).toBe('7');
  });

  it('refuses an unknown option, naming the command and its valid options', () => {
    expect(() => parseCommandLine(RUN, ['--frobnicate'])).toThrow(UsageError);
    expect(() => parseCommandLine(RUN, ['--frobnicate'])).toThrow(
      'unknown option --frobnicate for `run`; its options are: --scenarios FILE, --only A,B, --corpus DIR, --out DIR, --backend KIND, --workers N, --seed N, --runs N, --verbose, --help',
    );
  });

  it('refuses a missing value, a value given to a flag, and missing or extra positionals', () => {
    expect(() => parseCommandLine(FUZZ, ['--duration'])).toThrow('--duration needs a value (--duration TIME)');
    expect(() => parseCommandLine(RUN, ['--verbose=yes'])).toThrow('--verbose is a flag and takes no value');
    expect(() => parseCommandLine(REPLAY, [])).toThrow('`replay` needs exactly 1 counterexample file, got 0');
    expect(() => parseCommandLine(RUN, ['extra'])).toThrow('`run` takes no positional arguments; unexpected: extra');
  });
});

describe('--help', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s --help is recognised before anything else is checked', (_name, spec: CommandSpec) => {
    // replay needs its FILE, fuzz its --duration: --help must not be refused for lacking them.
    expect(parseCommandLine(spec, ['--help']).help).toBe(true);
    expect(parseCommandLine(spec, ['-h']).help).toBe(true);
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s --help lists every option of the command', (_name, spec: CommandSpec) => {
    const help = commandHelp('near-rollback-harness', spec);
    expect(help).toMatch(new RegExp(`^usage: near-rollback-harness ${spec.name}`));
    for (const option of spec.options) expect(help).toContain(`--${option.name}${option.value ? ` ${option.value}` : ''}`);
    expect(help).toContain('--help');
  });
});
