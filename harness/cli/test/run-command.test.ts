/** `run`: the corpus is replayed first, and judged against the whole scenario module. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { DEFAULT_CORPUS, runCommand } from '../commands.js';

it('with --only vault, the buggy variants\' corpus files still count as expected failures (and one run of the vault is a vacuous pass)', async () => {
  const lines: string[] = [];
  const out = mkdtempSync(join(tmpdir(), 'nrh-run-'));
  try {
    const code = await runCommand(
      { scenarios: 'properties/scenarios/index.ts', only: ['vault'], corpus: join(PACKAGE_ROOT, DEFAULT_CORPUS), out, seed: 1, runs: 1, verbose: false, projectRoot: PACKAGE_ROOT },
      { line: (text) => lines.push(text), progress: () => {} },
    );
    expect(lines.filter((l) => l.includes('still fails (expected)'))).toHaveLength(18); // one per buggy variant of the vault (a-i), the router (j-l, o), the desk (m, n, p, q) and the Rust staker (r)
    expect(lines.join('\n')).not.toMatch(/STILL FAILS|ERROR/);
    // The allowance for scenarios that expect a violation is said only when one is checked: here none is.
    expect(lines).toContainEqual(expect.stringMatching(/^checking 1 scenario\(s\) from .*index\.ts on the embedded runtime \(seed 1, 1 runs each\)$/));
    // One run cannot reach every method, mock answer and callback result: the only thing not as expected.
    expect(lines.join('\n').split('\n').filter((l) => /^(VACUOUS|FAIL|MISSED|ok)/.test(l))).toEqual(['VACUOUS vault: 1 run, no violation, but they did not test what the scenario declares:']);
    expect(code).toBe(1);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 0); // corpus replays and property runs: no timeout around them
