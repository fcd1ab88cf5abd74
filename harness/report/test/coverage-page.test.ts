/**
 * coverage.html: the same figures as coverage.json, as tables, with a section per callback
 * showing the mix of promise results it saw; text from contracts (failure reasons) escaped.
 */
import { expect, it } from 'vitest';
import type { CoverageEntry } from '../../coverage/index.js';
import { coverageHtml } from '../index.js';
import { parseHtml, withClass } from './html.js';

const entry: CoverageEntry = {
  coverage: {
    scenario: 'vault',
    runs: 10,
    steps: 31,
    methods: {
      stake: { calls: 12, succeeded: 9, failed: 3, refused: 0, unfinished: 0, inGap: 4, reasons: { 'Smart contract panicked: <script>alert(1)</script>': 3 } },
      withdraw: { calls: 0, succeeded: 0, failed: 0, refused: 0, unfinished: 0, inGap: 0, reasons: {} },
    },
    external: { 'pool.test.near.deposit_and_stake': { kind: 'mock', calls: 12, answers: { return: 8, fail: 3, 'delay/return': 1 }, failures: 3 } },
    callbacks: {
      on_stake: { calls: 12, allSucceeded: 9, someFailed: 0, allFailed: 3, withoutResults: 0 },
      on_withdraw: { calls: 0, allSucceeded: 0, someFailed: 0, allFailed: 0, withoutResults: 0 },
    },
    undeclared: { 'pool.test.near.unstake': { calls: 1, why: 'not-in-interface', nearest: 'pool.test.near.deposit_and_stake' } },
    gapCalls: 4,
    scheduling: { receiptDelays: 2, receiptDelayBlocks: 3, reorderedBlocks: 1, delayAnswers: 1, delayAnswerBlocks: 2 },
  },
  judged: true,
  vacuity: [{ check: 'never-called', subject: 'withdraw', message: 'user method withdraw was never called' }],
};

it('has its tables, a result-mix section per callback, and escapes what contracts wrote', () => {
  const html = coverageHtml({ command: 'run', seed: 42, backend: 'embedded', scenarios: [entry] });
  const elements = parseHtml(html);
  expect(elements.filter((e) => e.tag === 'main').map((e) => e.attributes.get('id'))).toEqual(['coverage']);
  const tables = elements.filter((e) => e.tag === 'table');
  expect(tables.length).toBeGreaterThanOrEqual(6); // methods, external, undeclared, scheduling, one per callback
  expect(tables.every((t) => t.classes.has('coverage'))).toBe(true);
  expect(withClass(elements, 'callback-mix').map((e) => [e.tag, e.attributes.get('data-callback')])).toEqual([
    ['section', 'on_stake'],
    ['section', 'on_withdraw'],
  ]);
  const onStake = withClass(elements, 'callback-mix')[0]!.text;
  expect(onStake).toMatch(/all results succeeded\s*9/);
  expect(onStake).toMatch(/all failed\s*3/);
  expect(html).not.toContain('<script>alert');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).toContain('user method withdraw was never called');
  expect(html).not.toMatch(/https?:\/\/|<script\s+src|<link\b/i);
});
