/**
 * Every counterexample of the committed corpus, replayed and drawn: the page keeps the DOM
 * contract a browser test reads (lanes, one arrow per receipt, the gap, the violation
 * marker, the plan, the details panel), reaches for nothing outside itself, and escapes what
 * contracts wrote.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { corpusFiles, replayCounterexample, type ReplayResult } from '../../counterexample/index.js';
import { counterexampleHtml, type CounterexampleRun } from '../index.js';
import { byId, parseHtml, withClass } from './html.js';

const files = corpusFiles(join(PACKAGE_ROOT, 'counterexamples'));
const replays = new Map<string, ReplayResult>();

beforeAll(async () => {
  for (const file of files) replays.set(file, await replayCounterexample(file, { projectRoot: PACKAGE_ROOT }));
}, 0); // a run per corpus file: no timeout around them on a busy machine

const runOf = (replay: ReplayResult): CounterexampleRun => ({ counterexample: replay.counterexample, record: replay.record, violations: replay.violations, scenario: replay.scenario });
/** The receipts the trace shows: those the record lists block by block. */
const receiptIds = (replay: ReplayResult) => replay.record.blocks.flatMap((b) => b.receipts);

it('the corpus is there to draw', () => {
  expect(files.length).toBeGreaterThanOrEqual(18);
});

describe.each(files.map((file) => [file.slice(file.lastIndexOf('/') + 1), file] as const))('%s', (_, file) => {
  it('draws a lane per account, an arrow per receipt, the violation, the plan and the details panel', () => {
    const replay = replays.get(file)!;
    const html = counterexampleHtml(runOf(replay));
    const elements = parseHtml(html);

    expect(elements.filter((e) => e.tag === 'main').map((e) => e.attributes.get('id'))).toEqual(['timeline']);

    const accounts = new Set(receiptIds(replay).flatMap((id) => [replay.record.receipts[id]!.predecessor, replay.record.receipts[id]!.receiver]));
    for (const step of replay.counterexample.plan.steps) accounts.add(step.caller);
    // The callbacks called directly after the run (callbacks-private's probes) are drawn too, from their caller to the contract.
    for (const probe of replay.record.probes) accounts.add(probe.caller).add(replay.scenario.contract.id);
    expect(new Set(withClass(elements, 'lane').map((e) => e.attributes.get('data-account')))).toEqual(accounts);
    expect(withClass(elements, 'lane')).toHaveLength(accounts.size);

    const receipts = withClass(elements, 'receipt');
    expect(receipts.map((e) => e.attributes.get('data-receipt'))).toEqual(receiptIds(replay));
    for (const element of receipts) {
      const receipt = replay.record.receipts[element.attributes.get('data-receipt')!]!;
      expect(element.tag).toBe('g');
      expect(element.attributes.get('data-status')).toBe(receipt.ok ? 'success' : 'failure');
    }

    expect(withClass(elements, 'probe').map((e) => e.attributes.get('data-status'))).toEqual(replay.record.probes.map((p) => (p.ok ? 'success' : 'failure')));

    const violations = withClass(elements, 'violation');
    expect(violations.map((e) => e.attributes.get('data-invariant'))).toContain(replay.counterexample.violations[0]!.invariant);

    // A callback (a receipt given promise results) means a call waited for it: the gap is shaded.
    const callbacks = receiptIds(replay).filter((id) => replay.record.receipts[id]!.inputs !== undefined);
    if (callbacks.length > 0) expect(withClass(elements, 'gap').length).toBeGreaterThan(0);

    const plan = byId(elements, 'plan')!;
    expect(plan.tag).toBe('ol');
    expect(elements.filter((e) => e.tag === 'li' && e.attributes.has('data-step'))).toHaveLength(replay.counterexample.plan.steps.length);
    expect(byId(elements, 'details')).toBeDefined();
    // Every receipt and violation names a details template that exists.
    for (const element of [...receipts, ...withClass(elements, 'probe'), ...violations]) expect(byId(elements, element.attributes.get('data-detail')!)?.tag).toBe('template');

    expect(html).not.toMatch(/https?:\/\/|<script\s+src|<link\b|@import|url\((?!#)/i);
  });
});

describe('what contracts wrote', () => {
  it('is escaped: a log, an error and a method name carrying markup stay text', () => {
    const replay = replays.get(files.find((f) => f.includes('desk-gap-race'))!)!;
    const record = structuredClone(replay.record);
    const [id] = receiptIds(replay);
    const receipt = record.receipts[id!]!;
    receipt.logs = ['<script>alert("log")</script>', '"><img src=x onerror=alert(1)>'];
    receipt.error = '</template><script>alert("error")</script>';
    receipt.ok = false;
    receipt.actions = [{ kind: 'call', name: '<b onmouseover=alert(1)>pay</b>', args: '{"x":"</pre><script>1</script>"}', deposit: '1' }];
    const html = counterexampleHtml({ ...runOf(replay), record });

    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b onmouseover');
    expect(html).not.toContain('</pre><script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;log&quot;)&lt;/script&gt;');
    // Exactly one script element: the page's own.
    expect(html.match(/<script/g)).toHaveLength(1);
    const elements = parseHtml(html);
    const arrow = withClass(elements, 'receipt').find((e) => e.attributes.get('data-receipt') === id)!;
    expect(arrow.attributes.get('data-status')).toBe('failure');
    expect(arrow.attributes.get('aria-label')).toContain('<b onmouseover=alert(1)>pay</b>');
  });
});
