/**
 * The pages the commands write. `run` puts a timeline page beside each counterexample it
 * writes and coverage.html beside coverage.json. `replay --html`, run as a user runs it:
 * the page is written where asked and the path printed; a path it cannot write and a
 * missing counterexample file are named in one plain error line with what to do — no
 * stack, no raw JavaScript error text — and exit 2.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../backend/index.js';
import { runCommand } from '../commands.js';

const BIN = join(PACKAGE_ROOT, 'bin/near-rollback-harness.js');
const FILE = 'counterexamples/buggy-q-desk-gap-race--liabilities-backed--5a8088363a.json';
mkdirSync(join(PACKAGE_ROOT, '.build'), { recursive: true });
const folder = mkdtempSync(join(PACKAGE_ROOT, '.build', 'cli-replay-html-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, 'replay', ...args], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
const RAW_ERROR = /^\s+at |TypeError|ENOENT:|EACCES:|Error:/m;

it('writes the page to the path given (its folder made if need be) and prints where', () => {
  const page = join(folder, 'pages', 'race.html');
  const result = cli(FILE, '--html', relative(PACKAGE_ROOT, page));
  expect(result.status).toBe(0);
  expect(result.stdout).toContain(`wrote the timeline page ${relative(PACKAGE_ROOT, page)}`);
  const html = readFileSync(page, 'utf8');
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).toContain('<main id="timeline">');
  expect(html).toContain('data-invariant="liabilities-backed"');
}, 0); // starts the CLI and replays: no timeout around it on a busy machine

it('names a path it cannot write, says what to do, and exits 2', () => {
  const blocker = join(folder, 'a-file');
  writeFileSync(blocker, 'not a folder');
  const result = cli(FILE, '--html', join(blocker, 'race.html'));
  expect(result.status).toBe(2);
  expect(result.stderr.trimEnd().split('\n')).toEqual([
    `error: cannot write the page ${join(blocker, 'race.html')} (a part of the path is a file, not a folder: ENOTDIR); choose a path in a folder you can write to`,
  ]);
  expect(result.stderr).not.toMatch(RAW_ERROR);
}, 0);

it('names a counterexample file that is not there, and exits 2 before drawing anything', () => {
  const missing = join(folder, 'missing.json');
  const result = cli(missing, '--html', join(folder, 'missing.html'));
  expect(result.status).toBe(2);
  expect(result.stderr.trimEnd()).toBe(`error: ${missing}: no such counterexample file`);
  expect(result.stderr).not.toMatch(RAW_ERROR);
}, 0);

it('`run` writes a page beside the counterexample it finds, and coverage.html beside coverage.json', async () => {
  const out = join(folder, 'found');
  const corpus = join(folder, 'empty-corpus');
  mkdirSync(corpus);
  const lines: string[] = [];
  await runCommand(
    { scenarios: 'properties/scenarios/index.ts', only: ['buggy-q-desk-gap-race'], corpus, out, seed: 42, runs: 20, verbose: false, projectRoot: PACKAGE_ROOT },
    { line: (text) => lines.push(text), progress: () => {} },
  );
  const written = readdirSync(out).sort();
  const json = written.filter((f) => f.endsWith('.json') && f !== 'coverage.json');
  expect(json).toHaveLength(1);
  expect(written).toEqual([...json, json[0]!.replace(/\.json$/, '.html'), 'coverage.html', 'coverage.json'].sort());
  expect(readFileSync(join(out, json[0]!.replace(/\.json$/, '.html')), 'utf8')).toContain('data-invariant="liabilities-backed"');
  expect(readFileSync(join(out, 'coverage.html'), 'utf8')).toContain('<main id="coverage">');
  expect(lines).toContain(`        timeline page → ${relative(process.cwd(), join(out, json[0]!.replace(/\.json$/, '.html')))}`);
  expect(lines).toContain(`coverage page → ${relative(process.cwd(), join(out, 'coverage.html'))}`);
  expect(existsSync(join(out, 'coverage.json'))).toBe(true);
}, 0); // a search and its shrinking: no timeout around them
