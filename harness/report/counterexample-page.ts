/**
 * A counterexample as one page: what broke and the differences that show it, the minimal
 * plan beside the timeline, and for every receipt and violation a details template (logs,
 * gas, state and balance changes) the page's script shows on hover or click.
 */
import type { Plan } from '../generate/index.js';
import { describeBehaviour } from '../scenario/index.js';
import { layoutTimeline, type Arrow, type CounterexampleRun, type ProbeArrow, type Timeline, type ViolationMark } from './layout.js';
import { pageHtml } from './page.js';
import { probeDetailId, receiptDetailId, timelineSvg, violationDetailId } from './svg.js';
import { escapeHtml, gasText, nearExact, nearShort, printable, truncate } from './text.js';

/** Rows of differences shown under a violation before the rest is summed up. */
const MAX_DIFFERENCE_ROWS = 40;
/** Characters of one storage value shown; the text trace cuts values too. */
const MAX_VALUE_CHARS = 400;

const value = (text: string | null, absent: string) => (text === null ? `<i>${absent}</i>` : `<code>${escapeHtml(truncate(printable(text), MAX_VALUE_CHARS))}</code>`);
const signed = (delta: bigint) => `${delta >= 0n ? '+' : '-'}${nearExact(delta < 0n ? -delta : delta)}`;

function planList(run: CounterexampleRun): string {
  const plan: Plan = run.counterexample.plan;
  const items = plan.steps.map((step, index) => {
    const outcome = run.record.steps.find((s) => s.index === index);
    const extras: string[] = [];
    const answers = Object.entries(step.answers).map(([key, b]) => `${key}: ${describeBehaviour(b)}`);
    if (answers.length) extras.push(`answers: ${answers.join('; ')}`);
    if (step.unregisteredAt?.length) extras.push(`${step.caller} not registered with ${step.unregisteredAt.join(', ')}`);
    if (step.delays.length) extras.push(`delays: ${step.delays.map((d) => `receipt #${d.receipt} +${d.blocks} block(s)`).join(', ')}`);
    if (outcome) extras.push(`submitted in block ${outcome.submittedAtBlock}: ${outcome.outcome}${outcome.refused ? ` (${outcome.refused})` : ''}`);
    const deposit = BigInt(step.deposit);
    const call = `${step.caller}${step.via ? ` via ${step.via}` : ''} → ${step.receiver}.${step.method}(${truncate(JSON.stringify(step.args), 200)})`;
    return (
      `<li data-step="${index}"><span class="mono">${escapeHtml(call)}</span>` +
      `<span class="extra">after ${step.wait} block(s), deposit ${escapeHtml(deposit === 0n ? '0' : nearShort(deposit))}, gas ${escapeHtml(gasText(step.gas))}</span>` +
      extras.map((e) => `<span class="extra">${escapeHtml(e)}</span>`).join('') +
      '</li>'
    );
  });
  const order = plan.order.some((o) => o !== 0) ? `<p class="extra">receipt order choices per block: ${escapeHtml(plan.order.join(', '))}</p>` : '';
  const empty = plan.steps.length === 0 ? '<p class="sub">No steps: what broke was found by the checks after the run (callbacks called directly).</p>' : '';
  return `<ol id="plan">${items.join('')}</ol>${empty}${order}`;
}

function differencesHtml(v: ViolationMark): string {
  const rows: string[] = [];
  for (const b of v.balances) rows.push(`<tr><td>balance</td><td>${escapeHtml(b.account)}</td><td class="mono">${escapeHtml(signed(b.delta))}</td></tr>`);
  for (const s of v.storage) {
    rows.push(`<tr><td>storage</td><td>${escapeHtml(s.account)} <code>${escapeHtml(truncate(printable(s.key), 120))}</code></td><td>${value(s.before, 'absent')} → ${value(s.after, 'removed')}</td></tr>`);
  }
  if (rows.length === 0) return `<p class="sub">No balance or storage changed ${v.block !== undefined ? 'in that block' : 'in the run'}.</p>`;
  const shown = rows.slice(0, MAX_DIFFERENCE_ROWS);
  const more = rows.length > shown.length ? `<p class="sub">… and ${rows.length - shown.length} more change(s).</p>` : '';
  const where = v.block !== undefined ? `in block ${v.block}` : 'over the whole run';
  return `<table class="differences"><caption>Changes ${escapeHtml(where)}</caption><tr><th>what</th><th>where</th><th>change</th></tr>${shown.join('')}</table>${more}`;
}

function violationHtml(v: ViolationMark): string {
  const where = v.block !== undefined ? `after block ${v.block}` : 'at the end of the run';
  const receipt = v.violation.receipt ? `, receipt <code>${escapeHtml(v.violation.receipt)}</code>` : '';
  const step = v.violation.step !== undefined ? `, step ${v.violation.step}` : '';
  return (
    `<h3>✖ ${escapeHtml(v.violation.invariant)} — ${escapeHtml(where)}${step}${receipt}</h3>` +
    `<pre>${escapeHtml(v.violation.message)}</pre>` +
    differencesHtml(v)
  );
}

function receiptDetails(a: Arrow): string {
  const r = a.receipt;
  const rows: string[] = [];
  const row = (name: string, html: string) => rows.push(`<tr><th>${escapeHtml(name)}</th><td>${html}</td></tr>`);
  row('receipt', `<code>${escapeHtml(r.id)}</code>`);
  row('block', escapeHtml(String(r.block)));
  if (r.step !== undefined) row('step', escapeHtml(String(r.step)));
  row('from → to', `${escapeHtml(r.predecessor)} → ${escapeHtml(r.receiver)}`);
  for (const action of r.actions) {
    const deposit = BigInt(action.deposit);
    const args = action.args !== undefined ? `<pre>${escapeHtml(truncate(action.args, 4000))}</pre>` : '';
    row(action.kind === 'call' ? 'call' : action.kind, `<code>${escapeHtml(action.name)}</code>${deposit !== 0n ? ` +${escapeHtml(nearExact(deposit))} (${escapeHtml(action.deposit)} yocto)` : ''}${args}`);
  }
  if (r.refund) row('refund', escapeHtml(`${r.refund} refund`));
  if (r.inputs) row('callback inputs', escapeHtml(r.inputs.join(', ')));
  if (a.answer) row(a.answer.planned ? 'mock answer (planned)' : 'mock answer (default)', escapeHtml(a.answer.text));
  if (a.inGap) row('in a gap', 'this user call ran while another step’s call waited for its callback');
  if (r.ok) row('status', r.delegatedTo ? `ok → result of <code>${escapeHtml(r.delegatedTo)}</code>` : `ok <code>${escapeHtml(truncate(printable(r.value ?? ''), 2000))}</code>`);
  else row('status', `<strong class="zero">FAILED</strong><pre>${escapeHtml(r.error ?? '')}</pre>`);
  row('gas burnt', `${escapeHtml(gasText(r.gasBurnt))} (${escapeHtml(r.gasBurnt)})`);
  if (r.tokensBurnt !== '0') row('tokens burnt', escapeHtml(nearExact(BigInt(r.tokensBurnt))));
  if (r.balanceBefore !== null && r.balanceAfter !== null && r.balanceBefore !== r.balanceAfter) {
    row(`balance ${r.receiver}`, escapeHtml(signed(BigInt(r.balanceAfter) - BigInt(r.balanceBefore))));
  }
  row('logs', r.logs.length ? r.logs.map((l) => `<pre>${escapeHtml(l)}</pre>`).join('') : '<i>none</i>');
  row(
    'state changes',
    r.storage.length
      ? r.storage.map((c) => `<div><code>${escapeHtml(truncate(printable(c.key), 200))}</code>: ${value(c.before, 'absent')} → ${value(c.after, 'removed')}</div>`).join('')
      : '<i>none</i>',
  );
  return `<template id="${escapeHtml(receiptDetailId(a))}"><h3>${escapeHtml(a.method)} ${a.ok ? '✓' : '✖ FAILED'}</h3><table>${rows.join('')}</table></template>`;
}

function probeDetails(p: ProbeArrow): string {
  const rows = [
    ['called by', escapeHtml(p.probe.caller)],
    ['callback', `<code>${escapeHtml(p.probe.method)}</code>`],
    ['arguments', `<pre>${escapeHtml(truncate(JSON.stringify(p.probe.args), 4000))}</pre>`],
    ['result', p.probe.ok ? '<strong class="zero">ACCEPTED</strong> — a callback should refuse a call from any account but its own' : `refused<pre>${escapeHtml(p.probe.error ?? '')}</pre>`],
  ];
  return (
    `<template id="${escapeHtml(probeDetailId(p))}"><h3>${escapeHtml(p.probe.method)} called directly</h3>` +
    `<p class="sub">After the run, every callback is called by a foreign account to check it is private; this is not a receipt of the plan.</p>` +
    `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k!)}</th><td>${v!}</td></tr>`).join('')}</table></template>`
  );
}

function legend(): string {
  return (
    '<p class="legend">' +
    '<span><span class="swatch" style="background:#2f5d8a"></span>receipt (arrow from its predecessor to its receiver)</span>' +
    '<span><span class="swatch" style="background:#c81e1e"></span>failed receipt ✖</span>' +
    '<span><span class="swatch" style="background:#f7c948;opacity:.6"></span>open call→callback gap</span>' +
    '<span><span class="swatch" style="border:2px solid #e66a00"></span>user call inside a gap</span>' +
    '<span>dashed grey: a callback called directly after the run</span><span>↩ mock answer (bold: chosen by the plan)</span><span>↻ reordered block, ⇥ receipt delay</span>' +
    '</p>'
  );
}

function namesColumn(t: Timeline): string {
  return `<div class="names">${t.lanes.map((l) => `<div class="${escapeHtml(l.role)}" title="${escapeHtml(l.account)}">${escapeHtml(l.account)}</div>`).join('')}</div>`;
}

/** The whole page, self-contained (no network, no external scripts, fonts or images). */
export function counterexampleHtml(run: CounterexampleRun): string {
  const t = layoutTimeline(run);
  const c = run.counterexample;
  const invariants = [...new Set(run.violations.map((v) => v.invariant))];
  const title = `${c.scenario.name}: ${invariants.join(', ') || 'no violation'}`;
  const summary = t.violations.length
    ? t.violations.map((v) => `<div class="violation-box">${violationHtml(v)}</div>`).join('')
    : '<div class="violation-box"><h3>No violation in this run</h3></div>';
  const body = [
    '<main id="timeline">',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="sub">scenario ${escapeHtml(c.scenario.name)} (${escapeHtml(c.scenario.module)}) · found on the ${escapeHtml(c.backend)} backend, seed ${escapeHtml(String(c.seed))}, path ${escapeHtml(c.path)} · drawn from a run on the ${escapeHtml(run.record.backend)} backend · ${t.arrows.length} receipt(s) in ${t.columns.length} block(s)</p>`,
    summary,
    legend(),
    '<div class="layout">',
    '<aside class="side">',
    '<h2>Minimal plan</h2>',
    planList(run),
    '<h2>Details</h2>',
    '<div id="details" aria-live="polite"><p class="sub">Hover over or click a receipt (or a violation marker) to see its logs, gas and state changes.</p></div>',
    '</aside>',
    `<div class="picture">${namesColumn(t)}<div class="scroll">${timelineSvg(t)}</div></div>`,
    '</div>',
    ...t.arrows.map(receiptDetails),
    ...t.probes.map(probeDetails),
    ...t.violations.map((v) => `<template id="${escapeHtml(violationDetailId(v.index))}">${violationHtml(v)}</template>`),
    '</main>',
  ].join('\n');
  return pageHtml({ title: `Counterexample — ${title}`, body, script: true });
}
