/**
 * `merge-findings DIR... --out DIR`: the output folders of several fuzz sessions (the shards
 * of the nightly workflow, each on its own runner) as one: every counterexample file once,
 * and one coverage.json adding up all their runs, judged over them together.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import {
  COVERAGE_FILE,
  coverageFileSchema,
  emptyCoverage,
  mergeCoverage,
  type CoverageEntry,
  type CoverageFileContent,
  type Shard,
} from '../coverage/index.js';
import { corpusFiles, readCounterexample } from '../counterexample/index.js';
import { pageFileName } from '../report/index.js';
import { loadScenarios } from '../scenario/index.js';
import { fuzzEntry, shown, writeCoverage, type Output } from './commands.js';
import { shardText } from './shard.js';

function readCoverageFile(file: string): CoverageFileContent {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${shown(file)} is not a coverage report: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = coverageFileSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`${shown(file)} is not a coverage report: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  }
  if (parsed.data.command !== 'fuzz') throw new Error(`${shown(file)} is the coverage of a \`${parsed.data.command}\`; merge-findings merges fuzz sessions`);
  return parsed.data;
}

/** What the sessions said of a scenario, as one judgement: a finding in any session stands; else it is judged over all their runs. */
function mergedJudgement(judgements: readonly CoverageEntry['judged'][]): CoverageEntry['judged'] {
  for (const decisive of ['error', 'found-a-violation', 'expects-a-violation'] as const) if (judgements.includes(decisive)) return decisive;
  return true;
}

function describe(entry: CoverageEntry): string {
  switch (entry.judged) {
    case true:
      return entry.vacuity.length > 0 ? `VACUOUS: ${entry.vacuity.map((c) => c.message).join('; ')}` : 'no vacuous pass';
    case 'too-few-runs':
      return `not yet judged: too few runs (${(entry.notYetReached ?? []).length} thing(s) not reached so far)`;
    default:
      return entry.judged;
  }
}

export async function mergeFindingsCommand(folders: readonly string[], options: { out: string; scenarios: string; projectRoot: string }, out: Output): Promise<number> {
  for (const folder of folders) if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`${shown(folder)}: no such folder`);
  mkdirSync(options.out, { recursive: true });

  // Counterexamples: a name is a hash of the scenario and plan, so one name is one counterexample.
  let copied = 0;
  let duplicates = 0;
  for (const folder of folders) {
    for (const file of corpusFiles(folder)) {
      readCounterexample(file); // refuses anything that is not a counterexample file, naming it
      const target = join(options.out, basename(file));
      if (existsSync(target)) {
        duplicates++;
        continue;
      }
      // Its timeline page goes with it, where the session wrote one.
      for (const [from, to] of [[pageFileName(file), pageFileName(target)], [file, target]] as const) {
        if (from !== file && !existsSync(from)) continue;
        const temporary = `${to}.tmp-${process.pid}-${threadId}`;
        copyFileSync(from, temporary);
        renameSync(temporary, to);
      }
      copied++;
    }
  }
  out.line(`merged ${copied} counterexample(s) from ${folders.length} folder(s)${duplicates > 0 ? ` (${duplicates} already there)` : ''} → ${shown(options.out)}/`);

  const reports = folders.map((f) => join(f, COVERAGE_FILE)).filter((f) => existsSync(f)).map((file) => ({ file, content: readCoverageFile(file) }));
  if (reports.length === 0) {
    out.line(`no ${COVERAGE_FILE} in those folders: no coverage to merge.`);
    return 0;
  }
  const backend = reports[0]!.content.backend;
  const other = reports.find((r) => r.content.backend !== backend);
  if (other) throw new Error(`${shown(other.file)} is from the ${other.content.backend} backend, ${shown(reports[0]!.file)} from the ${backend} backend: merge sessions of one backend`);
  // In shard order (then folder order), so the same folders give the same bytes.
  const ordered = reports.map((r, i) => ({ ...r, i })).sort((a, b) => (a.content.shard?.index ?? Infinity) - (b.content.shard?.index ?? Infinity) || a.i - b.i);
  const scenarios = await loadScenarios(options.scenarios, options.projectRoot);
  const names: string[] = [];
  for (const { content } of ordered) for (const entry of content.scenarios) if (!names.includes(entry.coverage.scenario)) names.push(entry.coverage.scenario);
  const entries: CoverageEntry[] = names.map((name) => {
    const scenario = scenarios.find((s) => s.name === name);
    if (!scenario) throw new Error(`the coverage names scenario ${name}, which ${shown(options.scenarios)} does not define; merge with the scenario module the sessions ran (--scenarios)`);
    const coverage = emptyCoverage(scenario);
    const judgements: CoverageEntry['judged'][] = [];
    for (const { content } of ordered) {
      for (const entry of content.scenarios.filter((e) => e.coverage.scenario === name)) {
        mergeCoverage(coverage, entry.coverage);
        judgements.push(entry.judged);
      }
    }
    const { failing: _failing, notYet: _notYet, ...entry } = fuzzEntry({ scenario, coverage }, mergedJudgement(judgements));
    return entry;
  });
  const shards: Shard[] = [];
  for (const { content } of ordered) if (content.shard && !shards.some((s) => s.index === content.shard!.index && s.count === content.shard!.count)) shards.push(content.shard);
  const written = writeCoverage(options.out, { command: 'fuzz', backend, ...(shards.length > 0 ? { shards } : {}), scenarios: entries });
  out.line(
    `merged the coverage of ${entries.length} scenario(s) from ${reports.length} session(s)${shards.length > 0 ? ` (shards ${shards.map(shardText).join(', ')})` : ''} → ${shown(written.json)}`,
  );
  for (const entry of entries) out.line(`  ${entry.coverage.scenario}: ${entry.coverage.runs} run(s), ${describe(entry)}`);
  return 0;
}
