/**
 * `run --workers N`: for a fixed seed and number of runs, the same runs, the same
 * counterexample files and the same coverage.json (and the pages drawn from them), byte for byte, and the same lines on
 * stdout, whatever N (check/shares.ts argues why). The scenarios: a self-test subject that
 * is caught (buggy-c: its failing run is not the first, so with 2 and 3 threads it is not
 * thread 0's), one that is not caught in so few runs (buggy-a), and a correct contract
 * (router). The CLI runs as a child process, as a user starts it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';

const BIN = join(PACKAGE_ROOT, 'bin/near-rollback-harness.js');
const scratch = mkdtempSync(join(tmpdir(), 'nrh-workers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Outcome {
  code: number;
  /** stdout without progress lines (they are printed by time, not by result) and with the output folder named OUT. */
  lines: string[];
  /** Every file the run wrote, by name. */
  files: Map<string, string>;
}

async function run(workers: number): Promise<Outcome> {
  const out = join(scratch, `out-${workers}`);
  const args = [BIN, 'run', '--only', 'buggy-a-state-not-restored,buggy-c-refund-to-signer,router', '--runs', '3', '--seed', '42'];
  const child = await promisify(execFile)(process.execPath, [...args, '--workers', String(workers), '--corpus', join(scratch, 'no-corpus'), '--out', out], { cwd: PACKAGE_ROOT, maxBuffer: 64 << 20 }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
  );
  const lines = child.stdout
    .split('\n')
    .filter((l) => !/^ {2}[\w-]+: run \d+$/.test(l))
    .map((l) => l.split(out).join('OUT'));
  return { code: child.code, lines, files: new Map(readdirSync(out).sort().map((f) => [f, readFileSync(join(out, f), 'utf8')])) };
}

it('run: --workers 1, 2 and 3 give the same stdout, the same counterexample files and the same coverage.json', async () => {
  const one = await run(1);
  // What the single thread finds: buggy-c caught, buggy-a missed in 15 runs, the router fine.
  expect(one.code).toBe(1);
  expect(one.lines.filter((l) => /^(found|FAIL|MISSED|ok|VACUOUS|ERROR)/.test(l)).map((l) => l.split(':')[0])).toEqual([
    'MISSED buggy-a-state-not-restored',
    'found buggy-c-refund-to-signer',
    'ok    router',
  ]);
  // One counterexample with its timeline page, and the coverage with its page.
  const found = [...one.files.keys()].filter((f) => f.endsWith('.json') && f !== 'coverage.json');
  expect(found).toHaveLength(1);
  expect([...one.files.keys()]).toEqual([...found, found[0]!.replace(/\.json$/, '.html'), 'coverage.html', 'coverage.json'].sort());
  for (const workers of [2, 3]) {
    const many = await run(workers);
    expect(many.code, `--workers ${workers}`).toBe(one.code);
    expect(many.lines, `--workers ${workers}`).toEqual(one.lines);
    expect([...many.files.keys()], `--workers ${workers}`).toEqual([...one.files.keys()]);
    for (const [name, text] of one.files) expect(many.files.get(name), `${name} with --workers ${workers}`).toBe(text);
  }
}, 0); // three CLI runs with shrinking: no timeout around them
