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
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../backend/index.js';
import { findProjectRoot, projectScenarioModule } from '../scenario/index.js';
import { commandHelp, integer, parseCommandLine, parseDuration, text, UsageError, type CommandSpec } from './args.js';
import { backendKind } from './backends.js';
import { BUILD, COMMANDS, FUZZ, INIT, MERGE_FINDINGS, programHelp, PROGRAM, REPLAY, RUN, SMOKE } from './command-specs.js';
import { replayCommand, type Output } from './commands.js';
import { DEFAULT_CORPUS, DEFAULT_OUT } from './defaults.js';
import { mergeFindingsCommand } from './merge-findings.js';
import { buildCommand, initCommand } from './project-commands.js';
import { parseShard } from './shard.js';
import { smoke } from './smoke.js';
import { exitAtOnce, superviseInWorker } from './supervisor.js';

/** The user's project: paths on the command line are theirs, from the current folder. */
const projectRoot = findProjectRoot(process.cwd());

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

/** A path given on the command line, from the current folder; else the default, from the project root. */
function userPath(options: Map<string, string | true>, name: string, fallback: string): string {
  const given = text(options, name);
  return given === undefined ? resolve(projectRoot, fallback) : resolve(given);
}

const optionalPath = (path: string | undefined) => (path === undefined ? undefined : resolve(path));

/**
 * --workers: at least 1; by default one thread per core on the embedded runtime, and 1 on a
 * node backend (runs go to one node from one thread).
 */
function workerCount(options: Map<string, string | true>, command: string): number {
  const given = integer(options.get('workers'), 'workers');
  const backend = backendKind(options.get('backend'));
  if (given === undefined) return backend === 'embedded' ? availableParallelism() : 1;
  if (given < 1) throw new UsageError('--workers must be at least 1', command);
  if (given > 1 && backend !== 'embedded') throw new UsageError(`--workers ${given} needs the embedded backend; --backend ${backend} runs from one thread (--workers 1)`, command);
  return given;
}

function suiteOptions(options: Map<string, string | true>, command: string) {
  return {
    scenarios: userPath(options, 'scenarios', projectScenarioModule(projectRoot)),
    backend: backendKind(options.get('backend')),
    workers: workerCount(options, command),
    only: text(options, 'only')?.split(',').filter(Boolean),
    corpus: userPath(options, 'corpus', DEFAULT_CORPUS),
    out: userPath(options, 'out', DEFAULT_OUT),
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
            ...suiteOptions(options, RUN.name),
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
      const shard = parseShard(options.get('shard'));
      return superviseInWorker(
        {
          command: 'fuzz',
          options: { ...suiteOptions(options, FUZZ.name), durationMs: parseDuration(duration), includeSelfTests: options.has('include-self-tests'), ...(shard ? { shard } : {}) },
        },
        out,
      );
    }
    case MERGE_FINDINGS: {
      const into = text(options, 'out');
      if (into === undefined) throw new UsageError('merge-findings needs --out, the folder to merge into', MERGE_FINDINGS.name);
      if (positionals.length === 0) throw new UsageError('merge-findings needs the folders to merge, e.g. merge-findings shard-1 shard-2 --out merged', MERGE_FINDINGS.name);
      return mergeFindingsCommand(
        positionals.map((p) => resolve(p)),
        { out: resolve(into), scenarios: userPath(options, 'scenarios', projectScenarioModule(projectRoot)), projectRoot },
        out,
      );
    }
    case REPLAY:
      return replayCommand(
        resolve(positionals[0]!),
        { emitTest: optionalPath(text(options, 'emit-test')), html: optionalPath(text(options, 'html')), allowChangedWasm: options.has('allow-changed-wasm') },
        out,
      );
    case INIT: {
      const wasm = text(options, 'wasm');
      if (wasm === undefined) throw new UsageError('init needs --wasm, the path of your contract\'s .wasm', INIT.name);
      return initCommand({ wasm, out: text(options, 'out'), name: text(options, 'name'), force: options.has('force'), args: text(options, 'args') }, out);
    }
    case BUILD:
      return buildCommand(positionals[0]!, { out: text(options, 'out') }, out);
    case SMOKE: {
      // The harness's own example contracts: in its repository, not in the npm package.
      if (!existsSync(join(PACKAGE_ROOT, 'contract/build/vault.wasm'))) {
        console.error('smoke checks the harness\'s own example contracts, which the npm package does not ship (it is for the harness\'s developers); check your contract with `run`.');
        return 2;
      }
      console.log('near-rollback-harness: checking the contracts under test and running each once\n');
      const ok = smoke(PACKAGE_ROOT, (line) => console.log(line));
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
