#!/usr/bin/env node
/**
 * near-rollback-harness command line.
 *   run      check the scenarios (seeded, deterministic); replays the corpus first
 *   fuzz     check with fresh seeds for a time budget, writing counterexamples as found
 *   replay   reproduce a counterexample file exactly (and --emit-test a regression test)
 *   smoke    check every committed contract and run a first call of each
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { integer, parseArgs, parseDuration, UsageError } from './args.js';
import { backendKind } from './backends.js';
import { DEFAULT_CORPUS, DEFAULT_OUT, DEFAULT_SCENARIOS, fuzzCommand, replayCommand, runCommand, type Output } from './commands.js';
import { smoke } from './smoke.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const USAGE = `usage: near-rollback-harness <command> [options]

commands:
  run                  check every scenario: the example vault must pass, each buggy variant must be caught
      --scenarios FILE   scenario module (default ${DEFAULT_SCENARIOS})
      --only A,B         only these scenarios
      --seed N           fast-check seed (default 42: deterministic)
      --runs N           runs per scenario (default 100; 5x for self-test subjects, which stop at their first failure)
      --corpus DIR       counterexamples to replay first (default ${DEFAULT_CORPUS}/)
      --out DIR          where new counterexamples are written (default ${DEFAULT_OUT}/)
      --verbose          print the trace of every counterexample
      --backend KIND     embedded (default: in-process, every scheduling choice),
                         workspaces (near-workspaces against our JSON-RPC node, no binary), or
                         sandbox (near-workspaces against a real neard: NEAR_SANDBOX_BIN_PATH)
  fuzz --duration 30m  fresh seeds until the time is up; counterexamples are written as found
      --scenarios, --only, --corpus, --out, --backend as for run; --include-self-tests to fuzz buggy variants too
  replay FILE          replay a counterexample: same trace, byte for byte
      --emit-test PATH   also write a vitest regression test that fails until the bug is fixed
      --allow-changed-wasm  replay even if the contract was rebuilt since
  smoke                check every committed contract against NEAR's rules and run a first call of each`;

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

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = terminalOutput();
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    case 'run': {
      const { options } = parseArgs(rest, ['scenarios', 'only', 'seed', 'runs', 'corpus', 'out', 'backend'], ['verbose']);
      return runCommand(
        {
          scenarios: (options.get('scenarios') as string | undefined) ?? DEFAULT_SCENARIOS,
          backend: backendKind(options.get('backend')),
          only: (options.get('only') as string | undefined)?.split(',').filter(Boolean),
          corpus: (options.get('corpus') as string | undefined) ?? DEFAULT_CORPUS,
          out: (options.get('out') as string | undefined) ?? DEFAULT_OUT,
          seed: integer(options.get('seed'), 'seed') ?? 42,
          runs: integer(options.get('runs'), 'runs') ?? 100,
          verbose: options.has('verbose'),
          projectRoot,
        },
        out,
      );
    }
    case 'fuzz': {
      const { options } = parseArgs(rest, ['scenarios', 'only', 'corpus', 'out', 'duration', 'backend'], ['include-self-tests']);
      const duration = options.get('duration');
      if (typeof duration !== 'string') throw new UsageError('fuzz needs --duration, e.g. --duration 30m');
      let interrupted = false;
      const onSignal = () => {
        if (interrupted) process.exit(130);
        interrupted = true;
        out.line('\ninterrupted: finishing the current run (counterexamples already found are on disk); Ctrl-C again to quit now');
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const code = await fuzzCommand(
        {
          scenarios: (options.get('scenarios') as string | undefined) ?? DEFAULT_SCENARIOS,
          backend: backendKind(options.get('backend')),
          only: (options.get('only') as string | undefined)?.split(',').filter(Boolean),
          corpus: (options.get('corpus') as string | undefined) ?? DEFAULT_CORPUS,
          out: (options.get('out') as string | undefined) ?? DEFAULT_OUT,
          durationMs: parseDuration(duration),
          includeSelfTests: options.has('include-self-tests'),
          stop: () => interrupted,
          projectRoot,
        },
        out,
      );
      return interrupted && code === 0 ? 130 : code;
    }
    case 'replay': {
      const { positionals, options } = parseArgs(rest, ['emit-test'], ['allow-changed-wasm']);
      if (positionals.length !== 1) throw new UsageError('replay needs exactly one counterexample file');
      return replayCommand(positionals[0]!, { emitTest: options.get('emit-test') as string | undefined, allowChangedWasm: options.has('allow-changed-wasm') }, out);
    }
    case 'smoke': {
      console.log('near-rollback-harness: checking the contracts under test and running each once\n');
      const ok = smoke(projectRoot, (line) => console.log(line));
      console.log(ok ? '\nall contracts load and run.' : '\nsome contracts failed (see above).');
      return ok ? 0 : 1;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`error: ${error.message}\n\n${USAGE}`);
    else console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
