/**
 * The timeline drawn as inline SVG: lanes, block columns, gaps under everything, then the
 * receipts' arrows, answers, scheduling marks and violation markers. Every text from the
 * trace is escaped and labels are cut short; the full text is in each receipt's details.
 * Class names and data attributes here are the page's DOM contract (a browser test reads them).
 */
import { COLUMN_PADDING, LANE_HEIGHT, SLOT_WIDTH, TOP, type Arrow, type ProbeArrow, type Timeline } from './layout.js';
import { escapeHtml, nearShort, truncate } from './text.js';

const LABEL_CHARS = 15;

/** The id of the details element of a receipt or violation (page.ts writes them). */
export const receiptDetailId = (arrow: Arrow) => `detail-receipt-${arrow.index}`;
export const violationDetailId = (index: number) => `detail-violation-${index}`;
export const probeDetailId = (probe: ProbeArrow) => `detail-probe-${probe.index}`;

const attr = (value: string | number) => `"${escapeHtml(String(value))}"`;

function arrowPath(a: Arrow): string {
  if (a.fromY === a.toY) {
    // A receipt to the account itself (a callback): a loop above its lane line.
    return `M${a.x - 14} ${a.toY - 3} C${a.x - 14} ${a.toY - 30} ${a.x + 14} ${a.toY - 30} ${a.x + 14} ${a.toY - 5}`;
  }
  const end = a.toY + (a.toY > a.fromY ? -5 : 5);
  return `M${a.x} ${a.fromY} L${a.x} ${end}`;
}

function arrowSvg(a: Arrow): string {
  const status = a.ok ? 'success' : 'failure';
  const classes = ['receipt', status, ...(a.inGap ? ['in-gap'] : []), ...(a.callback ? ['callback'] : []), ...(a.receipt.refund ? ['refund'] : [])];
  const deposit = a.deposit === 0n ? '' : nearShort(a.deposit);
  const statusText = a.ok ? '✓ ok' : '✖ FAILED';
  const title = `${a.receipt.predecessor} → ${a.receipt.receiver}: ${a.method}${deposit ? ` +${deposit}` : ''} — ${a.ok ? 'ok' : 'FAILED'} (block ${a.receipt.block})`;
  // Labels sit on the receiver's side of its lane line: above it for a downward arrow, below otherwise.
  const down = a.toY > a.fromY;
  const labelY = down ? a.toY - 32 : a.toY + 16;
  const lx = a.x + 5;
  const parts = [
    `<g class=${attr(classes.join(' '))} data-receipt=${attr(a.receipt.id)} data-status=${attr(status)} data-detail=${attr(receiptDetailId(a))} tabindex="0" role="button" aria-label=${attr(title)}>`,
    `<title>${escapeHtml(title)}</title>`,
    // A wide transparent stroke makes the thin arrow easy to hover.
    `<path class="hit" d=${attr(arrowPath(a))}/>`,
    `<path class="shaft" d=${attr(arrowPath(a))} marker-end=${attr(a.ok ? 'url(#head-ok)' : 'url(#head-fail)')}/>`,
    `<text class="label method" x=${attr(lx)} y=${attr(labelY)}>${escapeHtml(truncate(a.method, LABEL_CHARS))}</text>`,
    `<text class="label meta" x=${attr(lx)} y=${attr(labelY + 11)}>${escapeHtml(truncate(deposit ? `${deposit} ${statusText}` : statusText, LABEL_CHARS + 3))}</text>`,
  ];
  if (!a.ok) parts.push(`<g class="failure-marker"><circle cx=${attr(a.x)} cy=${attr(a.toY)} r="7"/><text x=${attr(a.x)} y=${attr(a.toY + 4)}>✖</text></g>`);
  if (a.inGap) {
    parts.push(`<g class="in-gap-marker"><circle cx=${attr(a.x)} cy=${attr(a.fromY)} r="8"/><text x=${attr(a.x - 12)} y=${attr(a.fromY - 10)}>in gap</text></g>`);
  }
  if (a.answer) {
    const answerY = down ? a.toY + 16 : a.toY - 22;
    parts.push(`<text class=${attr(`answer${a.answer.planned ? ' planned' : ''}`)} x=${attr(a.x - SLOT_WIDTH / 2 + 6)} y=${attr(answerY)}>↩ ${escapeHtml(truncate(a.answer.text, LABEL_CHARS + 2))}</text>`);
  }
  parts.push('</g>');
  return parts.join('');
}

/** A direct call of a callback by a foreign account: drawn like a receipt, but it is not one of the run's. */
function probeSvg(p: ProbeArrow): string {
  const status = p.probe.ok ? 'success' : 'failure';
  const verdict = p.probe.ok ? 'ACCEPTED' : 'refused';
  const title = `${p.probe.caller} → ${p.probe.method} called directly: ${verdict}`;
  const path = p.fromY === p.toY ? `M${p.x - 14} ${p.toY - 3} C${p.x - 14} ${p.toY - 30} ${p.x + 14} ${p.toY - 30} ${p.x + 14} ${p.toY - 5}` : `M${p.x} ${p.fromY} L${p.x} ${p.toY + (p.toY > p.fromY ? -5 : 5)}`;
  const labelY = p.toY > p.fromY ? p.toY - 32 : p.toY + 16;
  return [
    `<g class=${attr(`probe ${status}`)} data-status=${attr(status)} data-detail=${attr(probeDetailId(p))} tabindex="0" role="button" aria-label=${attr(title)}>`,
    `<title>${escapeHtml(title)}</title>`,
    `<path class="hit" d=${attr(path)}/>`,
    `<path class="shaft" d=${attr(path)} marker-end="url(#head-probe)"/>`,
    `<text class="label method" x=${attr(p.x + 5)} y=${attr(labelY)}>${escapeHtml(truncate(p.probe.method, LABEL_CHARS))}</text>`,
    `<text class="label meta" x=${attr(p.x + 5)} y=${attr(labelY + 11)}>${p.probe.ok ? '⚠ ACCEPTED' : '✓ refused'}</text>`,
    '</g>',
  ].join('');
}

export function timelineSvg(t: Timeline): string {
  const out: string[] = [];
  out.push(`<svg class="timeline" width=${attr(t.width)} height=${attr(t.height)} viewBox=${attr(`0 0 ${t.width} ${t.height}`)}>`);
  out.push(
    '<defs>',
    '<marker id="head-ok" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" class="head-ok"/></marker>',
    '<marker id="head-probe" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" class="head-probe"/></marker>',
    '<marker id="head-fail" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" class="head-fail"/></marker>',
    '</defs>',
  );
  const bottom = TOP + t.lanes.length * LANE_HEIGHT;
  t.lanes.forEach((lane, i) => {
    const top = lane.y - LANE_HEIGHT / 2;
    out.push(
      `<g class=${attr(`lane ${lane.role}${i % 2 ? ' odd' : ''}`)} data-account=${attr(lane.account)}>`,
      `<rect class="band" x="0" y=${attr(top)} width=${attr(t.width)} height=${attr(LANE_HEIGHT)}/>`,
      `<line class="lane-line" x1="0" y1=${attr(lane.y)} x2=${attr(t.width)} y2=${attr(lane.y)}/>`,
      '</g>',
    );
  });
  for (const c of t.columns) {
    out.push(
      `<g class="block" data-block=${attr(c.block)}>`,
      `<line class="block-line" x1=${attr(c.x)} y1="18" x2=${attr(c.x)} y2=${attr(bottom)}/>`,
      `<text class="block-label" x=${attr(c.x + COLUMN_PADDING)} y="14">${c.breakBefore ? '… ' : ''}block ${escapeHtml(String(c.block))}</text>`,
      '</g>',
    );
  }
  for (const [i, g] of t.gaps.entries()) {
    const x = Math.min(g.x1, g.x2) - 6;
    const width = Math.abs(g.x2 - g.x1) + 12;
    const what = `step ${g.step}: ${g.account}.${g.call} (block ${g.fromBlock}) → callback ${g.callback} (block ${g.toBlock})`;
    out.push(
      `<g class="gap" data-step=${attr(g.step)} data-account=${attr(g.account)}><title>${escapeHtml(`open call→callback gap, ${what}`)}</title>`,
      `<rect x=${attr(x)} y="20" width=${attr(width)} height=${attr(bottom - 20)}/>`,
      `<text class="gap-label" x=${attr(x + 3)} y=${attr(bottom - 4 - (i % 4) * 11)}>${escapeHtml(truncate(`gap: step ${g.step} ${g.call} → ${g.callback}`, Math.max(6, Math.floor(width / 6))))}</text>`,
      '</g>',
    );
  }
  for (const m of t.marks) {
    out.push(`<g class=${attr(`scheduling ${m.kind}`)}><title>${escapeHtml(m.text)}</title><text x=${attr(m.x)} y="32">${m.kind === 'reorder' ? '↻' : '⇥'} ${escapeHtml(truncate(m.text, 40))}</text></g>`);
  }
  if (t.probeColumn) {
    const c = t.probeColumn;
    out.push(`<g class="block probes"><line class="block-line" x1=${attr(c.x)} y1="18" x2=${attr(c.x)} y2=${attr(bottom)}/><text class="block-label" x=${attr(c.x + COLUMN_PADDING)} y="14">after the run: callbacks called directly</text></g>`);
  }
  for (const a of t.arrows) out.push(arrowSvg(a));
  for (const p of t.probes) out.push(probeSvg(p));
  for (const v of t.violations) {
    const badge = Math.max(0, v.x - 158);
    const where = v.block !== undefined ? `after block ${v.block}` : 'at the end of the run';
    out.push(
      `<g class="violation" data-invariant=${attr(v.violation.invariant)} data-detail=${attr(violationDetailId(v.index))} tabindex="0" role="button" aria-label=${attr(`violation of ${v.violation.invariant} ${where}`)}>`,
      `<title>${escapeHtml(`${v.violation.invariant} broke ${where}`)}</title>`,
      `<line x1=${attr(v.x)} y1="38" x2=${attr(v.x)} y2=${attr(bottom)}/>`,
      `<rect x=${attr(badge)} y=${attr(38 + v.row * 18)} width="156" height="16" rx="3"/>`,
      `<text x=${attr(badge + 4)} y=${attr(50 + v.row * 18)}>✖ ${escapeHtml(truncate(v.violation.invariant, 22))}</text>`,
      '</g>',
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
