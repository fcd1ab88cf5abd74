// Test support (not shipped): renders the report pages in the system's Chromium, headless,
// through puppeteer-core (which never downloads a browser). One browser per test file: it is
// launched by the first openPage and closed by closeBrowser() in that file's afterAll.
//
// The pages must be self-contained: every request other than file: and data: is blocked and
// counted as a console error, as are console.error messages, uncaught page errors and failed
// requests.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type ConsoleMessage, type HTTPRequest, type Page } from 'puppeteer-core';

/** Where the system's Chromium is looked for, after NRH_CHROMIUM. */
export const CHROMIUM_PATHS: readonly string[] = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The repository root (this file is harness/report/test/chromium.ts). */
export const REPO_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the browser tests put their screenshots; CI keeps them as a test artifact. */
export const PAGE_ARTIFACTS_DIR: string = resolve(REPO_ROOT, 'test-artifacts/pages');

/**
 * Chromium's flags. --no-sandbox: CI and containers run as root, where Chromium refuses to
 * start sandboxed, and elsewhere unprivileged user namespaces are often disabled; the pages it
 * renders are the project's own. --disable-dev-shm-usage: containers' /dev/shm is often 64 MB.
 * --disable-gpu: there is none. The rest keep a test run quiet and offline.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-extensions',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
  '--mute-audio',
];

const VIEWPORT = { width: 1280, height: 800 } as const;

/**
 * The little of the DOM the callbacks run in the page use, typed here: the project compiles
 * without TypeScript's DOM library, so puppeteer's Element would be untyped.
 */
interface PageRect {
  left: number;
  top: number;
  width: number;
  height: number;
}
interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): PageRect;
  contains(other: PageElement): boolean;
  ownerDocument: { elementFromPoint(x: number, y: number): PageElement | null };
}

/** Whether the browser tests are to be skipped: only when NRH_SKIP_BROWSER=1. */
export function skipBrowser(): boolean {
  return process.env['NRH_SKIP_BROWSER'] === '1';
}

/** The Chromium executable to drive: NRH_CHROMIUM if set, else the first of CHROMIUM_PATHS present. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env['NRH_CHROMIUM'];
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(fromEnv) ? fromEnv : undefined;
  return CHROMIUM_PATHS.find((path) => existsSync(path));
}

function missingChromiumMessage(): string {
  const fromEnv = process.env['NRH_CHROMIUM'];
  const looked =
    fromEnv !== undefined && fromEnv !== ''
      ? `NRH_CHROMIUM=${fromEnv} does not exist`
      : `no Chromium at ${CHROMIUM_PATHS.join(' or ')} (and NRH_CHROMIUM is not set)`;
  return (
    `The report pages' browser tests need Chromium: ${looked}. ` +
    'Install it with `sh toolchain/install-debian-packages.sh` (npm run toolchain:install), ' +
    'or point NRH_CHROMIUM at a Chromium/Chrome executable, ' +
    'or set NRH_SKIP_BROWSER=1 to skip these tests.'
  );
}

export interface RenderedPage {
  /** console.error messages, uncaught page errors, failed and blocked requests, as they happen. */
  consoleErrors: string[];
  count(selector: string): Promise<number>;
  texts(selector: string): Promise<string[]>;
  /** Each match's attribute `name` (null where it has none). */
  attributes(selector: string, name: string): Promise<(string | null)[]>;
  /** Hovers the first match (fails if none). */
  hover(selector: string): Promise<void>;
  /** Clicks the first match (fails if none). */
  click(selector: string): Promise<void>;
  /** A full-page PNG; the directory is created. */
  screenshot(file: string): Promise<void>;
  close(): Promise<void>;
}

/** The Chromium to drive, or an error naming the install script (for a beforeAll that fails early). */
export function requireChromium(): string {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error(missingChromiumMessage());
  return executablePath;
}

let browser: Promise<Browser> | undefined;

function launchedBrowser(): Promise<Browser> {
  if (browser === undefined) {
    const executablePath = requireChromium();
    const launching = puppeteer.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      defaultViewport: VIEWPORT,
      // The harness's tests may set no timeout at all on a busy machine: neither does the launch.
      timeout: 0,
      protocolTimeout: 0,
    });
    browser = launching;
    // A failed launch is reported to its caller; the next openPage tries again.
    launching.catch(() => {
      if (browser === launching) browser = undefined;
    });
  }
  return browser;
}

/** Closes this test file's browser, if one was launched. For afterAll. */
export async function closeBrowser(): Promise<void> {
  const launching = browser;
  browser = undefined;
  if (launching === undefined) return;
  let running: Browser;
  try {
    running = await launching;
  } catch {
    return;
  }
  await running.close();
}

function isAllowedUrl(url: string): boolean {
  return url.startsWith('file:') || url.startsWith('data:');
}

/** A console message with where it came from, when Chromium says. */
function describeConsole(message: ConsoleMessage): string {
  const where = message.location();
  const at = where.url !== undefined && where.url !== '' ? ` (${where.url}${where.lineNumber !== undefined ? `:${where.lineNumber + 1}` : ''})` : '';
  return `console.${message.type()}: ${message.text()}${at}`;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `uncaught ${error.name}: ${error.message}`;
  return `uncaught: ${String(error)}`;
}

/** Opens an HTML file (by its file:// URL) in a new tab and waits for its load event. */
export async function openPage(htmlFile: string): Promise<RenderedPage> {
  const running = await launchedBrowser();
  const page: Page = await running.newPage();
  const consoleErrors: string[] = [];
  const blocked = new Set<HTTPRequest>();

  page.on('console', (message: ConsoleMessage) => {
    const type = message.type();
    if (type === 'error' || type === 'assert') consoleErrors.push(describeConsole(message));
  });
  page.on('pageerror', (error: unknown) => {
    consoleErrors.push(describeError(error));
  });
  page.on('requestfailed', (request: HTTPRequest) => {
    if (blocked.has(request)) return;
    consoleErrors.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown error'})`);
  });
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const url = request.url();
    if (isAllowedUrl(url)) {
      void request.continue();
      return;
    }
    blocked.add(request);
    consoleErrors.push(`blocked request (the page must be self-contained): ${url}`);
    void request.abort('blockedbyclient');
  });

  const url = pathToFileURL(resolve(htmlFile)).href;
  await page.goto(url, { waitUntil: 'load', timeout: 0 });
  // One round trip more, so the events the load sent before its answer have all arrived.
  await settle(page);

  return {
    consoleErrors,
    async count(selector: string): Promise<number> {
      return (await page.$$(selector)).length;
    },
    async texts(selector: string): Promise<string[]> {
      const elements = await page.$$(selector);
      const texts: string[] = [];
      for (const element of elements) {
        texts.push(await element.evaluate((node: PageElement) => node.textContent ?? ''));
      }
      return texts;
    },
    async attributes(selector: string, name: string): Promise<(string | null)[]> {
      const elements = await page.$$(selector);
      const values: (string | null)[] = [];
      for (const element of elements) {
        values.push(await element.evaluate((node: PageElement, attribute: string) => node.getAttribute(attribute), name));
      }
      return values;
    },
    async hover(selector: string): Promise<void> {
      const point = await pointOn(page, selector);
      await page.mouse.move(point.x, point.y);
      await settle(page);
    },
    async click(selector: string): Promise<void> {
      const point = await pointOn(page, selector);
      await page.mouse.click(point.x, point.y);
      await settle(page);
    },
    async screenshot(file: string): Promise<void> {
      const path = resolve(file);
      mkdirSync(dirname(path), { recursive: true });
      await page.screenshot({ path: path as `${string}.png`, fullPage: true, type: 'png' });
    },
    async close(): Promise<void> {
      if (!page.isClosed()) await page.close();
    },
  };
}

/** Points tried across an element's box, per side: fine enough to find a 14px-wide arrow. */
const GRID = 24;

/**
 * A point in the viewport where the first match of `selector` (or something inside it) is
 * what the mouse would hit: its box's centre if that hits it, else the first point of a grid
 * over its box that does. Puppeteer's own hover aims at the centre of the box only, which
 * misses an SVG group whose box holds an arrow and its labels, and refuses a bare line
 * (a box with no width).
 */
async function pointOn(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const element = await page.$(selector);
  if (element === null) throw new Error(`no element matches ${selector}`);
  try {
    await element.scrollIntoView();
    const point = await element.evaluate((target: PageElement, grid: number) => {
      const box = target.getBoundingClientRect();
      const hits = (x: number, y: number): boolean => {
        const at = target.ownerDocument.elementFromPoint(x, y);
        return at !== null && (at === target || target.contains(at));
      };
      const centre = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      if (hits(centre.x, centre.y)) return centre;
      for (let row = 0; row <= grid; row++) {
        for (let column = 0; column <= grid; column++) {
          const x = box.left + (box.width * column) / grid;
          const y = box.top + (box.height * row) / grid;
          if (hits(x, y)) return { x, y };
        }
      }
      return null;
    }, GRID);
    if (point === null) throw new Error(`the first element matching ${selector} is hidden or covered: no point of it can be hovered or clicked`);
    return point;
  } finally {
    await element.dispose();
  }
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => undefined);
}
