/** The command line's commands as functions, for tests and for programs that drive the harness. */
export { fuzzCommand, replayCommand, runCommand } from './commands.js';
export type { Output, SuiteOptions } from './commands.js';
export { DEFAULT_CORPUS, DEFAULT_OUT } from './defaults.js';
export { mergeFindingsCommand } from './merge-findings.js';
export { parseShard } from './shard.js';
export type { Shard } from './shard.js';
