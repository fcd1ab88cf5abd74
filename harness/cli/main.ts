#!/usr/bin/env node
/**
 * near-rollback-harness command line.
 *   run      check the scenarios (seeded, deterministic); replays the corpus first
 *   fuzz     check with fresh seeds for a time budget, writing counterexamples as found
 *   replay   reproduce a counterexample file exactly (and --emit-test a regression test)
 *   smoke    check every committed contract and run a first call of each
 * `<command> --help` lists a command's options. `run` and `fuzz` work in a worker thread
 * so that Ctrl-C is answered within a second (supervisor.ts).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandHelp, integer, parseCommandLine, parseDuration, text, UsageError, type CommandSpec } from './args.js';
import { backendKind } from './backends.js';
import { COMMANDS, FUZZ, programHelp, PROGRAM, REPLAY, RUN, SMOKE } from './command-specs.js';
import { replayCommand, type Output } from './commands.js';
import { DEFAULT_CORPUS, DEFAULT_OUT, DEFAULT_SCENARIOS } from './defaults.js';
import { smoke } from './smoke.js';
import { exitAtOnce, superviseInWorker } from './supervisor.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function terminalOutput(): Output {
  const tty = process.stdout.isTTY === true;
  let lastProgress = 0;
  return {
    line: (text) => process.stdout.write(`${tty ? '\r\x1b[K' : ''}${text}\n`),
    progress: (text) => {
      if (tty) process.stdout.write(`\r\x1b[K${text}`);
      else if (Date.now() - lastProgress > 10_000) {
        lastProgress = Date.now();
        process.stdout.write(`${text}\n`);
      }
    },
  };
}

function suiteOptions(options: Map<string, string | true>) {
  return {
    scenarios: text(options, 'scenarios') ?? DEFAULT_SCENARIOS,
    backend: backendKind(options.get('backend')),
    only: text(options, 'only')?.split(',').filter(Boolean),
    corpus: text(options, 'corpus') ?? DEFAULT_CORPUS,
    out: text(options, 'out') ?? DEFAULT_OUT,
    projectRoot,
  };
}

async function runParsed(spec: CommandSpec, argv: string[], out: Output): Promise<number> {
  const { options, positionals, help } = parseCommandLine(spec, argv);
  if (help) {
    console.log(commandHelp(PROGRAM, spec));
    return 0;
  }
  switch (spec) {
    case RUN:
      return superviseInWorker(
        {
          command: 'run',
          options: {
            ...suiteOptions(options),
            seed: integer(options.get('seed'), 'seed') ?? 42,
            runs: integer(options.get('runs'), 'runs') ?? 100,
            verbose: options.has('verbose'),
          },
        },
        out,
      );
    case FUZZ: {
      const duration = text(options, 'duration');
      if (duration === undefined) throw new UsageError('fuzz needs --duration, e.g. --duration 30m', FUZZ.name);
      return superviseInWorker(
        { command: 'fuzz', options: { ...suiteOptions(options), durationMs: parseDuration(duration), includeSelfTests: options.has('include-self-tests') } },
        out,
      );
    }
    case REPLAY:
      return replayCommand(positionals[0]!, { emitTest: text(options, 'emit-test'), allowChangedWasm: options.has('allow-changed-wasm') }, out);
    case SMOKE: {
      console.log('near-rollback-harness: checking the contracts under test and running each once\n');
      const ok = smoke(projectRoot, (line) => console.log(line));
      console.log(ok ? '\nall contracts load and run.' : '\nsome contracts failed (see above).');
      return ok ? 0 : 1;
    }
    default:
      throw new UsageError(`unknown command "${spec.name}"`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    const topic = command === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    console.log(topic ? commandHelp(PROGRAM, topic) : programHelp());
    return command === undefined ? 2 : 0;
  }
  const spec = COMMANDS.find((c) => c.name === command);
  if (!spec) throw new UsageError(`unknown command "${command}"; the commands are: ${COMMANDS.map((c) => c.name).join(', ')}`);
  return runParsed(spec, rest, terminalOutput());
}

main(process.argv.slice(2)).then(
  (code) => {
    if (exitAtOnce(code)) process.exit(code);
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      const spec = COMMANDS.find((c) => c.name === error.command);
      console.error(`error: ${error.message}\n\n${spec ? commandHelp(PROGRAM, spec) : programHelp()}`);
    } else {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exitCode = 2;
  },
);
