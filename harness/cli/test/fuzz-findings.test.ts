/**
 * A nightly fuzz log names each counterexample once. Rounds with other seeds keep finding
 * the same bug and shrink it to the same minimal plan — the same file — so the log says
 * `found […]` for the first and counts the rest, in the status line and at the end.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { fuzzCommand, type Output } from '../index.js';

const SCRATCH = join(PACKAGE_ROOT, '.build/test-fuzz-findings');
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

/**
 * The Rust staker as a user's first scenario is often written: one deposit, no storage
 * allowance. Its stake records are paid from its own balance (storage-paid) on the first
 * stake, whatever the seed, and every round shrinks to the same one-step plan.
 */
const MODULE = `import * as fc from 'fast-check';
import { stakerScenario } from ${JSON.stringify(join(PACKAGE_ROOT, 'properties/scenarios/rust.scenario.ts'))};
const base = stakerScenario();
export const scenarios = [{
  ...base,
  name: 'staker-storage-unpaid',
  storage: { freeBytesPerUser: 0 },
  methods: base.methods.map((method) => ({ ...method, deposit: () => fc.constant(10n ** 24n) })),
}];
`;

it('names each counterexample file once, however many rounds shrink to it, and counts the rounds', async () => {
  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(SCRATCH, { recursive: true });
  writeFileSync(join(SCRATCH, 'staker.scenario.ts'), MODULE);
  const lines: string[] = [];
  const found: string[] = [];
  const out: Output = { line: (text) => void lines.push(text), progress: () => {}, found: (file) => void found.push(file) };
  const code = await fuzzCommand(
    {
      scenarios: join(SCRATCH, 'staker.scenario.ts'),
      corpus: join(SCRATCH, 'no-corpus'),
      out: join(SCRATCH, 'found'),
      durationMs: 600_000,
      includeSelfTests: false,
      // Stopped (as by Ctrl-C) once four rounds have found the bug.
      stop: () => found.length >= 4,
    },
    out,
  );
  expect(code).toBe(130);
  const distinct = [...new Set(found)];
  expect(distinct.length).toBeLessThan(found.length);
  const foundLines = lines.filter((line) => line.trim().startsWith('found ['));
  expect(foundLines).toHaveLength(distinct.length);
  for (const file of distinct) {
    const rounds = found.filter((f) => f === file).length;
    if (rounds > 1) expect(lines).toContain(`${relative(process.cwd(), file)}: found by ${rounds} rounds (each shrank to the same minimal counterexample)`);
  }
  expect(lines.at(-1)?.trim()).toMatch(new RegExp(`failures ${found.length} \\(${distinct.length} distinct counterexamples?\\) .*\\(interrupted\\)$`));
}, 0); // a fuzz budget: no timeout around it
