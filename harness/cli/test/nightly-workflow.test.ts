/** The nightly fuzzing workflow's command runs here: the same command, a shorter budget. */
import { execSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';

it('runs the workflow\'s fuzz step: replays the corpus, fuzzes the four example contracts, finds nothing, reports coverage, exits 0', () => {
  const workflow = readFileSync(join(PACKAGE_ROOT, '.github/workflows/nightly-fuzz.yml'), 'utf8');
  expect(workflow).toMatch(/schedule:\s*\n\s*- cron:/);
  expect(workflow).toContain('workflow_dispatch:');
  expect(workflow).toContain('actions/upload-artifact');
  const line = workflow.split('\n').find((l) => l.includes('npm run fuzz'))!;
  const command = line
    .replace(/^\s*run:\s*/, '')
    .replace(/"\$\{\{ inputs\.duration \|\| '60m' \}\}"/, '8s')
    .replace('--out fuzz-findings', '--out .build/nightly-test-findings');
  expect(command).toBe('npm run fuzz -- --duration 8s --corpus counterexamples --out .build/nightly-test-findings');
  rmSync(join(PACKAGE_ROOT, '.build/nightly-test-findings'), { recursive: true, force: true });
  const output = execSync(command, { cwd: PACKAGE_ROOT, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  expect(output).toMatch(/fuzzing vault, router, desk, rust-staker on the embedded runtime for 8 s/);
  expect(output).toMatch(/runs \d+ .*failures 0 {2}gap calls \d+ {2}failing answers \d+/);
  // Coverage per scenario, judged over the whole session (an 8 s budget may be too short to judge it: then it says so).
  expect(output).toContain('coverage of 4 scenario(s) → .build/nightly-test-findings/coverage.json');
  expect(output).not.toMatch(/^VACUOUS/m);
  expect(JSON.parse(readFileSync(join(PACKAGE_ROOT, '.build/nightly-test-findings/coverage.json'), 'utf8'))).toMatchObject({
    command: 'fuzz',
    scenarios: [{ coverage: { scenario: 'vault' } }, { coverage: { scenario: 'router' } }, { coverage: { scenario: 'desk' } }, { coverage: { scenario: 'rust-staker' } }],
  });
}, 0); // an 8 s fuzz budget plus start-up: no timeout around it
