/**
 * merge-findings: the shards of a nightly session as one folder — every counterexample file
 * once, one coverage.json adding up their runs and judged over all of them together, the
 * same bytes whatever order the folders are named in.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { COVERAGE_FILE, coverageFile, emptyCoverage, type Coverage } from '../../coverage/index.js';
import { corpusFiles } from '../../counterexample/index.js';
import { loadScenarios, type Scenario } from '../../scenario/index.js';
import { DEFAULT_CORPUS } from '../commands.js';
import { mergeFindingsCommand } from '../merge-findings.js';

const MODULE = 'properties/scenarios/index.ts';
const scratch = mkdtempSync(join(tmpdir(), 'nrh-merge-'));
let vault: Scenario;
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(async () => {
  vault = (await loadScenarios(MODULE, PACKAGE_ROOT)).find((s) => s.name === 'vault')!;
});

/** A shard's coverage of the vault: `runs` runs that each called deposit once, successfully. */
function shardCoverage(runs: number): Coverage {
  const coverage = emptyCoverage(vault);
  coverage.runs = runs;
  coverage.steps = runs;
  coverage.methods.deposit!.calls = runs;
  coverage.methods.deposit!.succeeded = runs;
  return coverage;
}

function shardFolder(name: string, index: number, runs: number, counterexamples: readonly string[]): string {
  const folder = join(scratch, name);
  mkdirSync(folder, { recursive: true });
  for (const file of counterexamples) cpSync(file, join(folder, file.split('/').pop()!));
  const judged = 'too-few-runs' as const;
  writeFileSync(join(folder, COVERAGE_FILE), coverageFile({ command: 'fuzz', backend: 'embedded', shard: { index, count: 2 } }, [{ coverage: shardCoverage(runs), judged, vacuity: [] }]));
  return folder;
}

const quiet = () => {
  const lines: string[] = [];
  return { lines, out: { line: (text: string) => lines.push(text), progress: () => {} } };
};

describe('merge-findings', () => {
  it('copies each counterexample once and adds up the coverage, judging the merged runs', async () => {
    const corpus = corpusFiles(join(PACKAGE_ROOT, DEFAULT_CORPUS)).slice(0, 3);
    const a = shardFolder('a', 1, 60, corpus.slice(0, 2));
    const b = shardFolder('b', 2, 60, corpus.slice(1, 3));
    // A session writes a timeline page beside each counterexample: it goes with it.
    const page = corpus[0]!.split('/').pop()!.replace(/\.json$/, '.html');
    writeFileSync(join(a, page), '<!DOCTYPE html>');
    const { lines, out } = quiet();
    const into = join(scratch, 'merged');
    expect(await mergeFindingsCommand([a, b], { out: into, scenarios: MODULE, projectRoot: PACKAGE_ROOT }, out)).toBe(0);
    expect(readdirSync(into).sort()).toEqual([...corpus.map((f) => f.split('/').pop()!), page, COVERAGE_FILE, 'coverage.html'].sort());
    for (const file of corpus) expect(readFileSync(join(into, file.split('/').pop()!), 'utf8')).toBe(readFileSync(file, 'utf8'));
    expect(lines[0]).toBe(`merged 3 counterexample(s) from 2 folder(s) (1 already there) → ${into}/`);
    const merged = JSON.parse(readFileSync(join(into, COVERAGE_FILE), 'utf8')) as { shards: unknown; scenarios: { coverage: Coverage; judged: unknown; vacuity: unknown[] }[] };
    expect(merged.shards).toEqual([{ index: 1, count: 2 }, { index: 2, count: 2 }]);
    expect(merged.scenarios).toHaveLength(1);
    const [entry] = merged.scenarios;
    expect(entry!.coverage.runs).toBe(120);
    expect(entry!.coverage.methods.deposit).toMatchObject({ calls: 120, succeeded: 120 });
    // 60 runs each were too few to judge; 120 together are enough, and these runs tested little.
    expect(entry!.judged).toBe(true);
    expect(entry!.vacuity.length).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(/^ {2}vault: 120 run\(s\), VACUOUS: /);

    // The folders in the other order: the same coverage.json, byte for byte.
    const again = join(scratch, 'merged-again');
    await mergeFindingsCommand([b, a], { out: again, scenarios: MODULE, projectRoot: PACKAGE_ROOT }, quiet().out);
    expect(readFileSync(join(again, COVERAGE_FILE), 'utf8')).toBe(readFileSync(join(into, COVERAGE_FILE), 'utf8'));
  }, 0);

  it('refuses a coverage.json that is not a fuzz session\'s, naming the file', async () => {
    const folder = join(scratch, 'bad');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, COVERAGE_FILE), JSON.stringify({ format: 1, command: 'fuzz', backend: 'embedded', scenarios: [{ coverage: { scenario: 'vault' } }] }));
    await expect(mergeFindingsCommand([folder], { out: join(scratch, 'never'), scenarios: MODULE, projectRoot: PACKAGE_ROOT }, quiet().out)).rejects.toThrow(
      /bad\/coverage\.json is not a coverage report: scenarios\.0\.coverage\.runs: /,
    );
    writeFileSync(join(folder, COVERAGE_FILE), coverageFile({ command: 'run', seed: 1, backend: 'embedded' }, []));
    await expect(mergeFindingsCommand([folder], { out: join(scratch, 'never'), scenarios: MODULE, projectRoot: PACKAGE_ROOT }, quiet().out)).rejects.toThrow(
      /is the coverage of a `run`; merge-findings merges fuzz sessions/,
    );
    await expect(mergeFindingsCommand([join(scratch, 'missing')], { out: join(scratch, 'never'), scenarios: MODULE, projectRoot: PACKAGE_ROOT }, quiet().out)).rejects.toThrow(/missing: no such folder/);
  }, 0);
});
