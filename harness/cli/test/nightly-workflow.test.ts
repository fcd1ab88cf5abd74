/**
 * The nightly fuzzing workflow's commands run here: one shard's fuzz step (the same command,
 * a shorter budget), then the merge job's step on what it wrote, as the merge job sees it.
 */
import { execSync, spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';

const FOUND = '.build/nightly-test-findings';

it('runs a shard\'s fuzz step (replays the corpus, fuzzes the four example contracts, names what it writes, reports coverage, exits 0 when it found nothing), then the merge step', () => {
  const workflow = readFileSync(join(PACKAGE_ROOT, '.github/workflows/nightly-fuzz.yml'), 'utf8');
  expect(workflow).toMatch(/schedule:\s*\n\s*- cron:/);
  expect(workflow).toContain('workflow_dispatch:');
  expect(workflow).toContain('actions/upload-artifact');
  expect(workflow).toMatch(/matrix:\s*\n\s*shard: \[1, 2, 3, 4\]/);
  const step = (command: string) => workflow.split('\n').find((l) => l.includes(command))!.replace(/^\s*run:\s*/, '');
  const fuzz = step('npm run fuzz')
    .replace(/"\$\{\{ inputs\.duration \|\| '60m' \}\}"/, '8s')
    .replaceAll('${{ matrix.shard }}', '2')
    .replace('--out fuzz-findings/', `--out ${FOUND}/`);
  expect(fuzz).toBe(`npm run fuzz -- --duration 8s --shard 2/4 --corpus counterexamples --out ${FOUND}/shard-2`);
  rmSync(join(PACKAGE_ROOT, FOUND), { recursive: true, force: true });
  const run = spawnSync(fuzz, { cwd: PACKAGE_ROOT, encoding: 'utf8', shell: '/bin/sh', env: { ...process.env, CI: '1' } });
  const output = run.stdout;
  expect(output).toMatch(/fuzzing vault, router, desk, rust-staker on the embedded runtime for 8 s, seeds of shard 2\/4/);
  // Fresh seeds: the session may find something. The example desk's in-flight forward records
  // are paid from its own balance, which storage-paid reports for some interleavings (about one
  // run in 1,500), so the step exits 0 with nothing written, or 1 with each file named as found.
  const written = readdirSync(join(PACKAGE_ROOT, FOUND, 'shard-2')).filter((name) => name.endsWith('.json') && name !== 'coverage.json');
  const named = [...output.matchAll(/^found \[[\w-]+\] in \S+ \(seed \d+\) → \S+\/shard-2\/(\S+\.json) /gm)].map((m) => m[1]);
  expect(named.sort(), output).toEqual(written.sort());
  expect(run.status, `${output}\n${run.stderr}`).toBe(written.length === 0 ? 0 : 1);
  expect(output).toMatch(written.length === 0 ? /runs \d+ .*failures 0 {2}gap calls \d+ {2}failing answers \d+/ : /runs \d+ .*failures [1-9]\d* \(\d+ distinct counterexamples?\) {2}gap calls/);
  // Coverage per scenario, judged over the whole session (an 8 s budget may be too short to judge it: then it says so).
  expect(output).toContain(`coverage of 4 scenario(s) → ${FOUND}/shard-2/coverage.json`);
  expect(output).not.toMatch(/^VACUOUS/m);
  const shardCoverage = JSON.parse(readFileSync(join(PACKAGE_ROOT, FOUND, 'shard-2/coverage.json'), 'utf8')) as { scenarios: { coverage: { runs: number } }[] };
  expect(shardCoverage).toMatchObject({
    command: 'fuzz',
    shard: { index: 2, count: 4 },
    scenarios: [{ coverage: { scenario: 'vault' } }, { coverage: { scenario: 'router' } }, { coverage: { scenario: 'desk' } }, { coverage: { scenario: 'rust-staker' } }],
  });

  // The merge job downloads each shard's artifact into fuzz-findings/<artifact name>/.
  cpSync(join(PACKAGE_ROOT, FOUND, 'shard-2'), join(PACKAGE_ROOT, FOUND, 'download/fuzz-shard-2'), { recursive: true });
  const merge = step('merge-findings').replace('fuzz-findings/', `${FOUND}/download/`).replace('--out merged-findings', `--out ${FOUND}/merged`);
  expect(merge).toBe(`node bin/near-rollback-harness.js merge-findings ${FOUND}/download/fuzz-shard-* --out ${FOUND}/merged`);
  const merged = execSync(merge, { cwd: PACKAGE_ROOT, encoding: 'utf8', shell: '/bin/sh' });
  expect(merged).toContain(`merged the coverage of 4 scenario(s) from 1 session(s) (shards 2/4) → ${FOUND}/merged/coverage.json`);
  const mergedCoverage = JSON.parse(readFileSync(join(PACKAGE_ROOT, FOUND, 'merged/coverage.json'), 'utf8')) as { scenarios: { coverage: { runs: number } }[] };
  expect(mergedCoverage).toMatchObject({ command: 'fuzz', shards: [{ index: 2, count: 4 }] });
  expect(mergedCoverage.scenarios.map((s) => s.coverage.runs)).toEqual(shardCoverage.scenarios.map((s) => s.coverage.runs));
}, 0); // an 8 s fuzz budget plus start-up: no timeout around it
