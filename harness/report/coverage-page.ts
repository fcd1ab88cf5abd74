/**
 * The coverage report as a page: per scenario its tables (user methods, external methods,
 * undeclared calls, scheduling) and, per callback, the mix of promise results it saw — the
 * same figures as coverage.json, which this page is written beside.
 */
import type { CallbackCoverage, CoverageEntry, Shard } from '../coverage/index.js';
import { pageHtml } from './page.js';
import { escapeHtml } from './text.js';

/** What coverage.json holds (coverageFileSchema's content is one). */
export interface CoverageReport {
  command: 'run' | 'fuzz';
  seed?: number | undefined;
  backend: string;
  shard?: Shard | undefined;
  shards?: readonly Shard[] | undefined;
  scenarios: readonly CoverageEntry[];
}

const byName = <T>(record: Record<string, T>): [string, T][] => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const num = (n: number) => `<td class="num${n === 0 ? ' zero' : ''}">${n}</td>`;
/** A count that is fine at zero (failures, refusals): not flagged. */
const plain = (n: number) => `<td class="num">${n}</td>`;
const cell = (text: string) => `<td>${escapeHtml(text)}</td>`;

function table(caption: string, head: readonly string[], rows: readonly string[]): string {
  if (rows.length === 0) return '';
  return `<table class="coverage"><caption>${escapeHtml(caption)}</caption><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${rows.join('')}</table>`;
}

const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');

const MIX: readonly { key: keyof Omit<CallbackCoverage, 'calls'>; label: string; css: string }[] = [
  { key: 'allSucceeded', label: 'all results succeeded', css: 'all-success' },
  { key: 'someFailed', label: 'some failed', css: 'some-failed' },
  { key: 'allFailed', label: 'all failed', css: 'all-failed' },
  { key: 'withoutResults', label: 'without results (called directly)', css: 'without-results' },
];

function callbackMix(name: string, c: CallbackCoverage): string {
  const bar = c.calls
    ? `<div class="mix" role="img" aria-label="${escapeHtml(MIX.map((m) => `${m.label} ${c[m.key]}`).join(', '))}">${MIX.filter((m) => c[m.key] > 0)
        .map((m) => `<span class="${m.css}" style="width:${((100 * c[m.key]) / c.calls).toFixed(2)}%" title="${escapeHtml(`${m.label}: ${c[m.key]}`)}"></span>`)
        .join('')}</div>`
    : '<p class="complaint">never ran</p>';
  return (
    `<section class="callback-mix" data-callback="${escapeHtml(name)}"><h4>callback <code>${escapeHtml(name)}</code>: ${c.calls} run(s)</h4>${bar}` +
    table('result mixes', ['mix', 'runs'], MIX.map((m) => `<tr>${cell(m.label)}${m.key === 'withoutResults' ? plain(c[m.key]) : num(c[m.key])}</tr>`)) +
    '</section>'
  );
}

function scenarioSection(entry: CoverageEntry): string {
  const c = entry.coverage;
  const judged = entry.judged === true ? 'judged for vacuity' : `not judged for vacuity: ${entry.judged}`;
  const complaints = [
    ...entry.vacuity.map((v) => `<li class="complaint">${escapeHtml(v.message)}</li>`),
    ...(entry.notYetReached ?? []).map((v) => `<li>not reached yet: ${escapeHtml(v.message)}</li>`),
  ];
  const methods = byName(c.methods).map(
    ([name, m]) =>
      `<tr>${cell(name)}${num(m.calls)}${num(m.succeeded)}${plain(m.failed)}${plain(m.refused)}${plain(m.unfinished)}${plain(m.inGap)}${cell(counts(m.reasons))}</tr>`,
  );
  const external = byName(c.external).map(
    ([key, e]) => `<tr>${cell(key)}${cell(e.kind === 'mock' ? 'mock' : 'token (answers for itself)')}${num(e.calls)}${cell(counts(e.answers))}${plain(e.failures)}</tr>`,
  );
  const undeclared = byName(c.undeclared).map(([key, u]) => `<tr>${cell(key)}${num(u.calls)}${cell(u.why)}${cell(u.nearest ?? '')}</tr>`);
  const s = c.scheduling;
  const scheduling = [
    `<tr>${cell('receipt delays')}${plain(s.receiptDelays)}${plain(s.receiptDelayBlocks)}</tr>`,
    `<tr>${cell('reordered blocks')}${plain(s.reorderedBlocks)}${cell('')}</tr>`,
    `<tr>${cell('delay answers')}${plain(s.delayAnswers)}${plain(s.delayAnswerBlocks)}</tr>`,
  ];
  return [
    `<section class="scenario" data-scenario="${escapeHtml(c.scenario)}">`,
    `<h2>${escapeHtml(c.scenario)}</h2>`,
    `<p class="sub">${c.runs} run(s), ${c.steps} call(s), ${c.gapCalls} in an open call→callback gap · ${escapeHtml(judged)}</p>`,
    complaints.length ? `<ul>${complaints.join('')}</ul>` : '',
    table('user methods', ['method', 'calls', 'ok', 'failed', 'refused', 'unfinished', 'in a gap', 'why not ok'], methods),
    table('external methods', ['method', 'kind', 'calls', 'answers', 'failing'], external),
    table('calls the scenario does not declare', ['method', 'calls', 'why', 'nearest declared'], undeclared),
    table('scheduling choices', ['choice', 'count', 'blocks'], scheduling),
    `<h3>Callbacks: the result mixes they saw</h3>`,
    byName(c.callbacks).map(([name, cb]) => callbackMix(name, cb)).join('') || '<p class="sub">The scenario names no callback.</p>',
    '</section>',
  ].join('\n');
}

/** coverage.html: the coverage report as one self-contained page. */
export function coverageHtml(report: CoverageReport): string {
  const where = [
    `${report.command} on the ${report.backend} backend`,
    ...(report.seed !== undefined ? [`seed ${report.seed}`] : []),
    ...(report.shard ? [`shard ${report.shard.index}/${report.shard.count}`] : []),
    ...(report.shards?.length ? [`merged shards ${report.shards.map((s) => `${s.index}/${s.count}`).join(', ')}`] : []),
  ].join(' · ');
  const body = [
    '<main id="coverage">',
    '<h1>Coverage</h1>',
    `<p class="sub">${escapeHtml(where)} · ${report.scenarios.length} scenario(s). A red zero is something the runs never exercised.</p>`,
    ...report.scenarios.map(scenarioSection),
    '</main>',
  ].join('\n');
  return pageHtml({ title: 'Coverage', body });
}
