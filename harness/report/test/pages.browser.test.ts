// The report pages in a real browser: every counterexample of the committed corpus drawn
// from its replay, and the coverage page of one `run`, each opened in headless Chromium,
// checked for what it draws and for console errors, and kept as a screenshot under
// test-artifacts/pages/. Without Chromium these fail (naming the install script) unless
// NRH_SKIP_BROWSER=1.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles, replayCounterexample } from '../../counterexample/index.js';
import { COVERAGE_FILE, coverageFileSchema } from '../../coverage/index.js';
import { COVERAGE_PAGE, counterexampleHtml, coverageHtml, pageFileName, writePage, type CoverageReport } from '../index.js';
import { PAGE_ARTIFACTS_DIR, REPO_ROOT, closeBrowser, openPage, requireChromium, skipBrowser, type RenderedPage } from './chromium.js';

const CORPUS = join(REPO_ROOT, 'counterexamples');
const files = corpusFiles(CORPUS);
/** The scenario whose `run` makes the coverage report: the correct vault, with callbacks to show. */
const COVERAGE_SCENARIO = 'vault';
const COVERAGE_RUNS = 10;

/**
 * The last violation marker: drawn last, so on top where markers of one block (or of the run
 * as a whole) stack at the same place.
 */
const TOP_VIOLATION = '.violation:not(:has(~ .violation))';

const screenshotOf = (name: string) => join(PAGE_ARTIFACTS_DIR, `${name}.png`);

/**
 * Opens a page, runs the checks, and screenshots it whatever they found (a failing page is
 * the one worth looking at), with the details panel as the checks left it.
 */
async function withPage(file: string, screenshot: string, check: (page: RenderedPage) => Promise<void>): Promise<void> {
  const page = await openPage(file);
  let failure: { error: unknown } | undefined;
  try {
    await check(page);
  } catch (error) {
    failure = { error };
  }
  try {
    await page.screenshot(screenshot);
  } catch (error) {
    failure ??= { error };
  }
  await page.close();
  if (failure !== undefined) throw failure.error;
}

// Node warns on stderr when NO_COLOR meets an inherited FORCE_COLOR.
const { FORCE_COLOR: _forced, ...withoutForcedColour } = process.env;

/** Runs the command line; its exit status is not judged (a short run may be vacuous), its output is returned. */
function runCli(args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, 'bin/near-rollback-harness.js'), ...args],
      { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...withoutForcedColour, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolvePromise({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

describe.skipIf(skipBrowser())('report pages in headless Chromium', () => {
  let dir = '';

  beforeAll(() => {
    // Fails every test here with the message naming toolchain/install-debian-packages.sh.
    requireChromium();
    dir = mkdtempSync(join(tmpdir(), 'nrh-pages-'));
    mkdirSync(PAGE_ARTIFACTS_DIR, { recursive: true });
  });
  afterAll(async () => {
    await closeBrowser();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('the committed corpus has counterexamples to draw', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((file) => [basename(file, '.json'), file] as const))('counterexample %s', async (name, file) => {
    const replay = await replayCounterexample(file);
    const html = counterexampleHtml({ counterexample: replay.counterexample, record: replay.record, violations: replay.violations, scenario: replay.scenario });
    const htmlFile = writePage(join(dir, pageFileName(basename(file))), html);

    await withPage(htmlFile, screenshotOf(name), async (page) => {
      expect(await page.count('main#timeline')).toBe(1);
      expect(await page.count('#plan')).toBe(1);
      expect(await page.count('#details')).toBe(1);

      // One marker per violation of the replay, each naming its invariant: one in most of the
      // corpus, several where one plan broke several invariants (or one invariant several times).
      expect(replay.violations.length).toBeGreaterThanOrEqual(1);
      expect(await page.attributes('.violation', 'data-invariant')).toEqual(replay.violations.map((v) => v.invariant));

      const placeholder = (await page.texts('#details'))[0] ?? '';
      const ran = Object.keys(replay.record.receipts).length > 0;
      if (!ran) {
        // A plan of no steps: its violations came from probes (direct calls made outside the
        // plan, as callbacks-private makes), so there is no receipt to draw on a lane.
        expect(replay.counterexample.plan.steps).toEqual([]);
        await page.click(TOP_VIOLATION);
        const violationDetails = (await page.texts('#details'))[0] ?? '';
        expect(violationDetails).not.toBe(placeholder);
        expect(violationDetails).toContain(replay.violations.at(-1)?.invariant);
        expect(page.consoleErrors).toEqual([]);
        return;
      }

      const lanes = await page.count('.lane');
      expect(lanes).toBeGreaterThanOrEqual(2);
      expect(await page.count('.lane[data-account]')).toBe(lanes);

      const receipts = await page.attributes('.receipt', 'data-receipt');
      expect(receipts.length).toBeGreaterThanOrEqual(1);
      expect(receipts.every((id) => id !== null && id !== '')).toBe(true);
      const statuses = await page.attributes('.receipt', 'data-status');
      expect(statuses.filter((s) => s !== 'success' && s !== 'failure')).toEqual([]);

      // Hover the first receipt: the details panel shows it.
      const first = receipts[0] ?? '';
      await page.hover('.receipt');
      const hovered = (await page.texts('#details'))[0] ?? '';
      expect(hovered).not.toBe(placeholder);
      expect(hovered).toContain(first);

      // Click a violation's marker, then the receipt again: each click fills the panel.
      await page.click(TOP_VIOLATION);
      const violationDetails = (await page.texts('#details'))[0] ?? '';
      expect(violationDetails).toContain(replay.violations.at(-1)?.invariant);
      expect(violationDetails).not.toBe(hovered);
      await page.click('.receipt');
      expect((await page.texts('#details'))[0] ?? '').toContain(first);

      expect(page.consoleErrors).toEqual([]);
    });
    expect(existsSync(screenshotOf(name))).toBe(true);
  });

  it(`the coverage page of a run of ${COVERAGE_SCENARIO}`, async () => {
    const out = join(dir, 'run');
    const emptyCorpus = join(dir, 'no-corpus');
    mkdirSync(emptyCorpus, { recursive: true });
    const run = await runCli(['run', '--only', COVERAGE_SCENARIO, '--runs', String(COVERAGE_RUNS), '--workers', '1', '--corpus', emptyCorpus, '--out', out]);
    const coverageJson = join(out, COVERAGE_FILE);
    expect(existsSync(coverageJson), `run wrote no ${COVERAGE_FILE} (exit ${run.code}):\n${run.output}`).toBe(true);
    const content = coverageFileSchema.parse(JSON.parse(readFileSync(coverageJson, 'utf8')));
    const report: CoverageReport = {
      command: content.command,
      backend: content.backend,
      scenarios: content.scenarios,
      ...(content.seed !== undefined ? { seed: content.seed } : {}),
      ...(content.shard !== undefined ? { shard: content.shard } : {}),
      ...(content.shards !== undefined ? { shards: content.shards } : {}),
    };
    const [entry] = report.scenarios;
    expect(entry?.coverage.scenario).toBe(COVERAGE_SCENARIO);
    const callbacks = Object.keys(entry?.coverage.callbacks ?? {}).sort();
    expect(callbacks.length).toBeGreaterThan(0);

    // The page coverageHtml draws from that report, and the one the command wrote beside it.
    const pages = [
      { name: 'coverage', file: writePage(join(dir, COVERAGE_PAGE), coverageHtml(report)) },
      { name: 'coverage-run', file: join(out, COVERAGE_PAGE) },
    ];
    for (const { name, file } of pages) {
      expect(existsSync(file), `no ${file}`).toBe(true);
      await withPage(file, screenshotOf(name), async (page) => {
        expect(await page.count('main#coverage')).toBe(1);
        expect(await page.count('table.coverage')).toBeGreaterThanOrEqual(1);
        expect((await page.attributes('.callback-mix[data-callback]', 'data-callback')).map(String).sort()).toEqual(callbacks);
        expect(page.consoleErrors).toEqual([]);
      });
      expect(existsSync(screenshotOf(name))).toBe(true);
    }
  });
});
