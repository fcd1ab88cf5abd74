/**
 * The shell both pages share: one self-contained HTML document, its CSS and its small
 * script inline. A Content-Security-Policy forbids every fetch, so nothing a contract wrote
 * into a trace can make the page reach the network even if it slipped past escaping.
 */
import { LANE_HEIGHT, TOP } from './layout.js';
import { escapeHtml } from './text.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { --ink: #1f2933; --muted: #616e7c; --line: #cbd2d9; --ok: #2f5d8a; --fail: #c81e1e; --gap: #f7c948; --gapink: #8d6a00; --ingap: #e66a00; --bg: #fff; --band: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
main { padding: 16px 20px 40px; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 18px 0 8px; }
h3 { font-size: 14px; margin: 12px 0 6px; }
.sub { color: var(--muted); margin: 0 0 12px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
pre { white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.zero { color: var(--fail); font-weight: 600; }
.layout { display: grid; grid-template-columns: minmax(260px, 340px) minmax(0, 1fr); gap: 16px; align-items: start; }
.side { position: sticky; top: 8px; max-height: calc(100vh - 16px); overflow: auto; }
#plan { padding-left: 22px; margin: 0; }
#plan li { margin-bottom: 8px; word-break: break-word; }
#plan .extra { color: var(--muted); display: block; }
#details { border: 1px solid var(--line); border-radius: 4px; padding: 8px; min-height: 80px; background: #fbfcfd; word-break: break-word; }
#details h3 { margin-top: 0; }
#details th { white-space: nowrap; }
#details table { width: 100%; }
#details td { word-break: break-all; }
.picture { display: flex; border: 1px solid var(--line); border-radius: 4px; min-width: 0; }
.names { flex: none; width: 190px; padding-top: ${TOP}px; border-right: 1px solid var(--line); background: var(--bg); }
.names div { height: ${LANE_HEIGHT}px; display: flex; align-items: center; padding: 0 8px; font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.names div.contract { font-weight: 700; }
.names div.system { color: var(--muted); }
.scroll { overflow-x: auto; flex: 1; min-width: 0; }
svg.timeline { display: block; font-size: 10px; }
.lane .band { fill: var(--bg); }
.lane.odd .band { fill: var(--band); }
.lane.contract .band { fill: #eef4fb; }
.lane-line { stroke: var(--line); stroke-width: 1; }
.block-line { stroke: #e4e7eb; }
.block-label { fill: var(--muted); font-size: 11px; }
.gap rect { fill: var(--gap); fill-opacity: 0.22; stroke: var(--gap); stroke-dasharray: 4 3; }
.gap-label { fill: var(--gapink); font-size: 10px; }
.receipt { cursor: pointer; outline: none; }
.receipt .hit { stroke: transparent; stroke-width: 14; fill: none; }
.receipt .shaft { stroke: var(--ok); stroke-width: 1.6; fill: none; }
.receipt.refund .shaft { stroke: #9aa5b1; stroke-dasharray: 3 2; }
.receipt.failure .shaft { stroke: var(--fail); stroke-width: 2.4; }
.receipt.failure .label { fill: var(--fail); font-weight: 700; }
.receipt .label.method { font-weight: 600; }
.receipt .label.meta { fill: var(--muted); }
.receipt:hover .shaft, .receipt:focus .shaft, .receipt.selected .shaft { stroke-width: 3.2; }
.receipt.selected .label, .receipt:focus .label { text-decoration: underline; }
.head-ok { fill: var(--ok); }
.head-fail { fill: var(--fail); }
.head-probe { fill: #7b8794; }
.probe { cursor: pointer; outline: none; }
.probe .hit { stroke: transparent; stroke-width: 14; fill: none; }
.probe .shaft { stroke: #7b8794; stroke-width: 1.4; stroke-dasharray: 5 3; fill: none; }
.probe.success .label { fill: var(--fail); font-weight: 700; }
.probe .label.meta { font-weight: 600; }
.failure-marker circle { fill: var(--fail); }
.failure-marker text { fill: #fff; font-size: 9px; text-anchor: middle; font-weight: 700; }
.in-gap-marker circle { fill: none; stroke: var(--ingap); stroke-width: 2.5; }
.in-gap-marker text { fill: var(--ingap); font-weight: 700; }
.answer { fill: #6b3fa0; font-style: italic; }
.answer.planned { font-weight: 700; }
.scheduling text { fill: #0c6b58; font-weight: 600; }
.violation { cursor: pointer; outline: none; }
.violation line { stroke: var(--fail); stroke-width: 2; stroke-dasharray: 6 3; }
.violation rect { fill: var(--fail); }
.violation text { fill: #fff; font-weight: 700; font-size: 11px; }
.violation-box { border-left: 4px solid var(--fail); background: #fff5f5; padding: 8px 12px; margin: 8px 0 14px; }
.legend { color: var(--muted); font-size: 12px; margin: 8px 0; }
.legend span { margin-right: 14px; }
.swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -2px; margin-right: 4px; border-radius: 2px; }
.mix { display: flex; height: 14px; width: 320px; border: 1px solid var(--line); border-radius: 3px; overflow: hidden; margin: 4px 0; }
.mix span { display: block; height: 100%; }
.mix .all-success { background: #3ebd93; } .mix .some-failed { background: #f7c948; } .mix .all-failed { background: #e12d39; } .mix .without-results { background: #9aa5b1; }
section.scenario { border-top: 1px solid var(--line); margin-top: 16px; }
.complaint { color: var(--fail); }
`;

/**
 * Fills the details panel from the `<template>` a receipt or violation names (data-detail)
 * on hover, focus or click; the templates hold escaped text, so nothing is parsed as markup.
 */
const SCRIPT = `
(function () {
  var panel = document.getElementById('details');
  if (!panel) return;
  var selected = null;
  function show(element) {
    var template = document.getElementById(element.getAttribute('data-detail') || '');
    if (!template || !('content' in template)) return;
    panel.replaceChildren(template.content.cloneNode(true));
    if (selected) selected.classList.remove('selected');
    selected = element;
    element.classList.add('selected');
  }
  var items = document.querySelectorAll('.receipt, .probe, .violation');
  for (var i = 0; i < items.length; i++) {
    (function (element) {
      element.addEventListener('mouseenter', function () { show(element); });
      element.addEventListener('focus', function () { show(element); });
      element.addEventListener('click', function () { show(element); });
      element.addEventListener('keydown', function (event) { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); show(element); } });
    })(items[i]);
  }
})();
`;

/** A whole page: `body` is trusted markup (its callers escape what they put in it). */
export function pageHtml(options: { title: string; body: string; script?: boolean }): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    options.body,
    ...(options.script ? [`<script>${SCRIPT}</script>`] : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
