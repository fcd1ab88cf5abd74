/**
 * Coverage for people and for files: the summary printed after a scenario, the short figure
 * on fuzz's live progress line, and `coverage.json` (keys sorted, so the same runs give the
 * same bytes).
 */
import type { Json } from '../scenario/index.js';
import type { Coverage } from './types.js';
import { topReasons, type VacuityComplaint } from './vacuity.js';

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
const byName = <T>(record: Record<string, T>): [string, T][] => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** `return 40, fail 15, delay/return 3`: most frequent first. */
function answerCounts(answers: Record<string, number>): string {
  return Object.entries(answers)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
}

/** Failing answers injected into the scenario's mocks, over every external method. */
export function failingAnswers(coverage: Coverage): number {
  return Object.values(coverage.external).reduce((sum, e) => sum + (e.kind === 'mock' ? e.failures : 0), 0);
}

/** The figures fuzz's progress line shows, added up over `coverages`. */
export function coverageFigures(coverages: readonly Coverage[]): { gapCalls: number; failingAnswers: number } {
  return { gapCalls: coverages.reduce((sum, c) => sum + c.gapCalls, 0), failingAnswers: coverages.reduce((sum, c) => sum + failingAnswers(c), 0) };
}

/** The few figures fuzz's progress line shows, added up over `coverages`: `gap calls 34  failing answers 120`. */
export function coverageFigure(coverages: readonly Coverage[]): string {
  return figureText(coverageFigures(coverages));
}

/** `gap calls 34  failing answers 120` (figures added up across threads). */
export function figureText(figures: { gapCalls: number; failingAnswers: number }): string {
  return `gap calls ${figures.gapCalls}  failing answers ${figures.failingAnswers}`;
}

/** The coverage summary, one line per method, external method and callback; `indent` before each. */
export function formatCoverage(coverage: Coverage, indent = ''): string {
  const lines = [`coverage of ${coverage.scenario}: ${plural(coverage.runs, 'run')}, ${plural(coverage.steps, 'call')}, ${coverage.gapCalls} in an open call→callback gap`];
  for (const [name, m] of byName(coverage.methods)) {
    const unsuccessful = m.failed + m.refused + m.unfinished;
    const parts = [`${plural(m.calls, 'call')}`, `${m.succeeded} ok`, `${m.failed} failed`, ...(m.refused ? [`${m.refused} refused`] : []), ...(m.unfinished ? [`${m.unfinished} unfinished`] : []), `${m.inGap} in a gap`];
    lines.push(`  method ${name}: ${parts.join(', ')}${unsuccessful ? ` — ${topReasons(m)}` : ''}`);
  }
  for (const [key, e] of byName(coverage.external)) {
    lines.push(
      e.kind === 'mock'
        ? `  external ${key}: ${plural(e.calls, 'call')}, ${plural(e.failures, 'failing answer')}${e.calls ? ` (${answerCounts(e.answers)})` : ''}`
        : `  external ${key} (token, answers for itself): ${plural(e.calls, 'call')}, ${e.failures} failed`,
    );
  }
  for (const [key, u] of byName(coverage.undeclared)) lines.push(`  external ${key}: ${plural(u.calls, 'call')}, NOT DECLARED${u.nearest ? ` (nearest declared: ${u.nearest})` : ''}`);
  for (const [name, c] of byName(coverage.callbacks)) {
    lines.push(`  callback ${name}: ${plural(c.calls, 'run')} — ${c.allSucceeded} all-success, ${c.someFailed} some-failed, ${c.allFailed} all-failed${c.withoutResults ? `, ${c.withoutResults} without results` : ''}`);
  }
  const s = coverage.scheduling;
  lines.push(
    `  scheduling: ${plural(s.receiptDelays, 'receipt delay')} (${plural(s.receiptDelayBlocks, 'block')}), ${plural(s.reorderedBlocks, 'reordered block')}, ` +
      `${plural(s.delayAnswers, 'delay answer')} (${plural(s.delayAnswerBlocks, 'block')})`,
  );
  return lines.map((line) => `${indent}${line}`).join('\n');
}

/**
 * A vacuous pass: a heading naming the scenario and its runs, then each complaint on a line
 * of its own after `indent`; `note` ends the heading (e.g. that a fuzz budget may be short).
 */
export function formatVacuity(scenario: string, runs: number, complaints: readonly VacuityComplaint[], indent = '', note = ''): string {
  const heading = `VACUOUS ${scenario}: ${plural(runs, 'run')}, no violation, but they did not test what the scenario declares${note}:`;
  return [heading, ...complaints.map((c) => `${indent}- ${c.message}`)].join('\n');
}

/** JSON with object keys in sorted order at every level: byte-for-byte the same for the same value. */
export function stableJson(value: Json, indent = 2): string {
  const sorted = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k]!)]));
    return v;
  };
  return `${JSON.stringify(sorted(value), null, indent)}\n`;
}

export const COVERAGE_FILE = 'coverage.json';
export const COVERAGE_FORMAT = 1;

/** One scenario's entry in coverage.json. */
export interface CoverageEntry {
  coverage: Coverage;
  /** Whether its vacuity was judged, or why not ('too-few-runs': a fuzz session judged only what no budget excuses). */
  judged: true | 'too-few-runs' | 'expects-a-violation' | 'found-a-violation' | 'error' | 'interrupted';
  /** The complaints that failed the command. */
  vacuity: VacuityComplaint[];
  /** With 'too-few-runs': what the session had not reached yet. */
  notYetReached?: VacuityComplaint[];
}

/** A fuzz session's share of seeds (`fuzz --shard 2/4`: index 2, count 4), 1-based as the user wrote it. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * The text of coverage.json: what the command was, and per scenario its coverage and
 * complaints. `shard`: the share of seeds a fuzz session explored; `shards`: the shards a
 * merged file (merge-findings) adds up. Neither names the number of threads: the same runs
 * give the same bytes whatever the --workers.
 */
export function coverageFile(
  command: { command: 'run' | 'fuzz'; seed?: number; backend: string; shard?: Shard | undefined; shards?: readonly Shard[] | undefined },
  entries: readonly CoverageEntry[],
): string {
  const toJson = (entry: CoverageEntry): Json => JSON.parse(JSON.stringify(entry)) as Json;
  const shardJson = (shard: Shard): Json => ({ index: shard.index, count: shard.count });
  return stableJson({
    format: COVERAGE_FORMAT,
    command: command.command,
    ...(command.seed !== undefined ? { seed: command.seed } : {}),
    ...(command.shard !== undefined ? { shard: shardJson(command.shard) } : {}),
    ...(command.shards !== undefined ? { shards: command.shards.map(shardJson) } : {}),
    backend: command.backend,
    scenarios: entries.map(toJson),
  });
}
