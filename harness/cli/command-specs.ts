/** The CLI's commands and their options: what `--help` prints and what the parser accepts. */
import type { CommandSpec, OptionSpec } from './args.js';
import { BACKEND_KINDS } from './backends.js';
import { DEFAULT_SCENARIO_MODULE } from '../scenario/index.js';
import { DEFAULT_CORPUS, DEFAULT_OUT, FUZZ_RUNS_TO_JUDGE } from './defaults.js';

export const PROGRAM = 'near-rollback-harness';

const SUITE_OPTIONS: readonly OptionSpec[] = [
  { name: 'scenarios', value: 'FILE', description: `scenario module (default: package.json's "near-rollback-harness".scenarios, else ${DEFAULT_SCENARIO_MODULE})` },
  { name: 'only', value: 'A,B', description: 'only these scenarios (comma-separated names)' },
  { name: 'corpus', value: 'DIR', description: `counterexamples to replay first (default ${DEFAULT_CORPUS}/)` },
  { name: 'out', value: 'DIR', description: `where new counterexamples are written (default ${DEFAULT_OUT}/)` },
  {
    name: 'backend',
    value: 'KIND',
    description:
      `where runs execute: ${BACKEND_KINDS.join(', ')}\n` +
      'embedded (default): in-process, every scheduling choice\n' +
      'workspaces: near-workspaces against our JSON-RPC node, no binary\n' +
      'sandbox: near-workspaces against a real neard (NEAR_SANDBOX_BIN_PATH)',
  },
  {
    name: 'workers',
    value: 'N',
    description:
      'threads to spread the runs over (default: one per core with the embedded backend, else 1);\n' +
      'the same seed gives the same runs, counterexamples and coverage whatever N',
  },
];

export const RUN: CommandSpec = {
  name: 'run',
  synopsis: '[options]',
  summary: 'check every scenario, seeded and deterministic; replays the corpus first',
  details:
    'Each scenario gets generated runs: a correct contract must pass, each self-test subject (buggy variant)\n' +
    'must be caught. After each scenario, a coverage summary; coverage.json goes to the --out folder.\n' +
    'A pass that tested nothing is no pass: exit status 1 when, with no violation found, a method never\n' +
    'succeeded, a declared mock method was never called or never failed, a callback never saw a failure, or\n' +
    "the contract called an external method the scenario does not declare (allow what you mean in the scenario's\n" +
    '`expect`). Exit status 1 also for a violation in a contract that should pass or a self-test subject not\n' +
    'caught; 2 for a bad command line or scenario. Ctrl-C stops within a second, keeping every counterexample\n' +
    'already written (exit status 130).',
  options: [
    ...SUITE_OPTIONS,
    { name: 'seed', value: 'N', description: 'fast-check seed (default 42: deterministic)' },
    { name: 'runs', value: 'N', description: 'runs per scenario (default 100; 5x for self-test subjects, which stop at their first failure)' },
    { name: 'verbose', description: 'print the trace of every counterexample' },
  ],
};

export const FUZZ: CommandSpec = {
  name: 'fuzz',
  synopsis: '--duration 30m [options]',
  summary: 'check with fresh seeds for a time budget, writing counterexamples as they are found',
  details:
    'The progress line counts calls that landed in a call→callback gap and failing answers injected; at the end,\n' +
    "a coverage summary per scenario, and coverage.json in the --out folder. Exit status 1 when anything was found,\n" +
    `or for a vacuous pass over the whole session (as \`run\` judges it; before ${FUZZ_RUNS_TO_JUDGE} runs of a scenario, only a call\n` +
    "to an undeclared external method, or an `expect` naming nothing, counts: the rest is reported as not reached\n" +
    'yet, since the budget may be too short). Ctrl-C stops within a second and keeps everything found (exit status 130).',
  options: [
    { name: 'duration', value: 'TIME', description: 'how long to fuzz: 90s, 30m, 1h, 1h30m (required; each thread fuzzes this long once it has started)' },
    ...SUITE_OPTIONS,
    {
      name: 'shard',
      value: 'I/N',
      description: "this machine's share of the seeds when N machines fuzz at once, e.g. 2/4: seeds k·N+I−1,\nso no two shards draw the same seed (merge their folders with merge-findings)",
    },
    { name: 'include-self-tests', description: 'fuzz the self-test subjects (buggy variants) too' },
  ],
};

export const REPLAY: CommandSpec = {
  name: 'replay',
  synopsis: 'FILE [options]',
  summary: 'replay a counterexample file on the embedded runtime: the same trace, byte for byte',
  positionals: { count: 1, required: true, name: 'counterexample file' },
  options: [
    { name: 'emit-test', value: 'PATH', description: 'also write a vitest regression test that fails until the bug is fixed' },
    { name: 'html', value: 'PATH', description: 'also write the run as a timeline page: one self-contained HTML file (accounts as lanes, blocks as columns)' },
    { name: 'allow-changed-wasm', description: 'replay even if a contract was rebuilt since the counterexample was found' },
  ],
};

export const SMOKE: CommandSpec = {
  name: 'smoke',
  synopsis: '',
  summary: "check the harness's own example contracts against NEAR's rules and run a first call of each (its repository only)",
  options: [],
};

export const INIT: CommandSpec = {
  name: 'init',
  synopsis: '--wasm path/to/contract.wasm [options]',
  summary: 'write a starting scenario for a contract: its methods, the external calls and callbacks it makes',
  details:
    'Reads the contract\'s methods from its wasm (and the ABI a near-sdk-rs build embeds), tells views from calls,\n' +
    'and runs each method once on the embedded runtime to find the external contracts and methods it calls and\n' +
    'the callbacks it schedules. The scenario it writes names them all; fill in arguments, deposits and invariants.',
  options: [
    { name: 'wasm', value: 'FILE', description: "the contract's .wasm (required)" },
    { name: 'out', value: 'FILE', short: 'o', description: `where to write the scenario (default ${DEFAULT_SCENARIO_MODULE} in the project root)` },
    { name: 'name', value: 'NAME', description: "the scenario's name (default: the wasm file's name)" },
    {
      name: 'args',
      value: 'JSON',
      description:
        "arguments to run methods with, by method (the init method's included), e.g.\n" +
        "'{\"init\":{\"owner_id\":\"alice.test.near\"},\"stake\":{\"pool\":\"pool.test.near\"}}'\n" +
        "(external calls often show only with real arguments; default {} or the ABI's placeholders)",
    },
    { name: 'force', description: 'overwrite the scenario file if it exists' },
  ],
};

export const BUILD: CommandSpec = {
  name: 'build',
  synopsis: 'ENTRY.ts [-o out.wasm]',
  summary: 'build a near-sdk-js contract to NEAR wasm offline, with near-sdk-js\'s own type check',
  details:
    'Any entry file, any layout. Warns about every export of the entry module that is not a decorated contract\n' +
    'method: near-sdk-js makes it a public method anyone can call. Needs clang 14, wasm-ld and wasi-libc\n' +
    '(Debian: sh node_modules/near-rollback-harness/toolchain/install-debian-packages.sh).',
  positionals: { count: 1, required: true, name: 'entry file' },
  options: [{ name: 'out', value: 'FILE', short: 'o', description: 'where to write the wasm (default build/<entry name>.wasm under the project root)' }],
};

export const MERGE_FINDINGS: CommandSpec = {
  name: 'merge-findings',
  synopsis: 'DIR... --out DIR [options]',
  summary: 'merge the output folders of several fuzz sessions (the shards of a nightly run) into one',
  details:
    'Copies every counterexample file into --out (one file per name: names are content hashes, so the same\n' +
    'counterexample found twice is one file) and adds up the coverage.json files into one, judging each\n' +
    "scenario's vacuity over all the sessions' runs together, as fuzz judges one session.",
  positionals: { count: Number.MAX_SAFE_INTEGER, required: false, name: 'folders' },
  options: [
    { name: 'out', value: 'DIR', short: 'o', description: 'the folder to merge into (required)' },
    SUITE_OPTIONS[0]!,
  ],
};

export const COMMANDS: readonly CommandSpec[] = [INIT, RUN, FUZZ, REPLAY, BUILD, SMOKE, MERGE_FINDINGS];

export function programHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    `usage: ${PROGRAM} <command> [options]`,
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    `\`${PROGRAM} <command> --help\` lists a command's options.`,
  ].join('\n');
}
