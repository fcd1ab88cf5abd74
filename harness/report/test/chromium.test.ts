// The browser driver itself: that it sees what the page tests rely on it to see.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATHS, PAGE_ARTIFACTS_DIR, chromiumPath, closeBrowser, openPage, skipBrowser } from './chromium.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('chromiumPath', () => {
  it('honours NRH_CHROMIUM, and says so when it does not exist', () => {
    const saved = process.env['NRH_CHROMIUM'];
    try {
      process.env['NRH_CHROMIUM'] = '/nonexistent/chromium-for-a-test';
      expect(chromiumPath()).toBeUndefined();
      process.env['NRH_CHROMIUM'] = process.execPath;
      expect(chromiumPath()).toBe(process.execPath);
    } finally {
      if (saved === undefined) delete process.env['NRH_CHROMIUM'];
      else process.env['NRH_CHROMIUM'] = saved;
    }
  });

  it('fails naming the install script when there is no Chromium', async () => {
    const saved = process.env['NRH_CHROMIUM'];
    try {
      process.env['NRH_CHROMIUM'] = '/nonexistent/chromium-for-a-test';
      await expect(openPage('/nonexistent.html')).rejects.toThrow(/toolchain\/install-debian-packages\.sh/);
    } finally {
      if (saved === undefined) delete process.env['NRH_CHROMIUM'];
      else process.env['NRH_CHROMIUM'] = saved;
    }
  });

  it('looks at the fixed paths', () => {
    expect(CHROMIUM_PATHS).toEqual(['/usr/bin/chromium', '/usr/bin/chromium-browser']);
  });
});

describe.skipIf(skipBrowser())('openPage in headless Chromium', () => {
  let dir = '';
  const page = (name: string, html: string): string => {
    const file = join(dir, name);
    writeFileSync(file, html);
    return file;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nrh-chromium-'));
  });
  afterAll(async () => {
    await closeBrowser();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a clean page has no console errors, and its selectors count', async () => {
    const file = page(
      'clean.html',
      `<!doctype html><html><head><meta charset="utf-8"><title>clean</title>
<style>.lane{border:1px solid #888;margin:4px;padding:4px}</style></head>
<body><main id="timeline">
<div class="lane" data-account="alice.test"><span class="receipt" data-status="success">r1</span></div>
<div class="lane" data-account="bob.test"><span class="receipt" data-status="failure">r2</span><span class="receipt" data-status="success">r3</span></div>
</main>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
<script>console.log('logs are fine'); console.warn('so are warnings');</script>
</body></html>`,
    );
    const rendered = await openPage(file);
    try {
      expect(rendered.consoleErrors).toEqual([]);
      expect(await rendered.count('.lane')).toBe(2);
      expect(await rendered.count('.lane[data-account]')).toBe(2);
      expect(await rendered.count('.receipt')).toBe(3);
      expect(await rendered.count('.receipt[data-status="failure"]')).toBe(1);
      expect(await rendered.count('.violation')).toBe(0);
      expect(await rendered.count('main#timeline')).toBe(1);
      expect(await rendered.texts('.receipt')).toEqual(['r1', 'r2', 'r3']);
      expect(await rendered.texts('.nothing')).toEqual([]);
      expect(await rendered.attributes('.lane', 'data-account')).toEqual(['alice.test', 'bob.test']);
      expect(await rendered.attributes('.receipt', 'data-receipt')).toEqual([null, null, null]);
    } finally {
      await rendered.close();
    }
  });

  it('console.error is a console error', async () => {
    const rendered = await openPage(page('console-error.html', `<!doctype html><p>x</p><script>console.error('something broke', 42)</script>`));
    try {
      expect(rendered.consoleErrors).toHaveLength(1);
      expect(rendered.consoleErrors[0]).toContain('something broke');
    } finally {
      await rendered.close();
    }
  });

  it('an uncaught exception is caught', async () => {
    const rendered = await openPage(
      page('throws.html', `<!doctype html><p>x</p><script>function draw() { throw new TypeError('lanes is undefined'); } draw();</script>`),
    );
    try {
      expect(rendered.consoleErrors.some((error) => error.includes('lanes is undefined'))).toBe(true);
    } finally {
      await rendered.close();
    }
  });

  it('an external script is blocked and counted', async () => {
    const rendered = await openPage(
      page('external.html', `<!doctype html><p>x</p><script src="https://cdn.example.invalid/chart.js"></script>`),
    );
    try {
      expect(rendered.consoleErrors.some((error) => error.includes('blocked request') && error.includes('https://cdn.example.invalid/chart.js'))).toBe(
        true,
      );
    } finally {
      await rendered.close();
    }
  });

  it('a missing local file is a failed request', async () => {
    const rendered = await openPage(page('missing.html', `<!doctype html><p>x</p><img src="no-such-image.png" alt="">`));
    try {
      expect(rendered.consoleErrors.some((error) => error.includes('no-such-image.png'))).toBe(true);
    } finally {
      await rendered.close();
    }
  });

  it('hover and click reach the page, and errors in their handlers are seen', async () => {
    const rendered = await openPage(
      page(
        'interactive.html',
        `<!doctype html><main id="timeline">
<button class="receipt" data-receipt="r1" style="display:block;width:200px;height:40px">r1</button>
<button class="receipt" data-receipt="r2" style="display:block;width:200px;height:40px">r2</button>
<button id="bad" style="display:block;width:200px;height:40px">bad</button>
</main><aside id="details"></aside>
<script>
const details = document.getElementById('details');
for (const receipt of document.querySelectorAll('.receipt')) {
  receipt.addEventListener('mouseenter', () => { details.textContent = 'hovered ' + receipt.dataset.receipt; });
  receipt.addEventListener('click', () => { details.textContent = 'clicked ' + receipt.dataset.receipt; });
}
document.getElementById('bad').addEventListener('click', () => { console.error('handler failed'); });
</script>`,
      ),
    );
    try {
      expect(await rendered.texts('#details')).toEqual(['']);
      await rendered.hover('.receipt');
      expect(await rendered.texts('#details')).toEqual(['hovered r1']);
      await rendered.click('.receipt[data-receipt="r2"]');
      expect(await rendered.texts('#details')).toEqual(['clicked r2']);
      expect(rendered.consoleErrors).toEqual([]);
      await rendered.click('#bad');
      expect(rendered.consoleErrors.some((error) => error.includes('handler failed'))).toBe(true);
      await expect(rendered.click('.no-such-element')).rejects.toThrow();
    } finally {
      await rendered.close();
    }
  });

  it('writes a full-page PNG screenshot', async () => {
    const rendered = await openPage(
      page('tall.html', `<!doctype html><body style="margin:0"><div style="height:2000px;background:linear-gradient(#fff,#36c)">tall</div></body>`),
    );
    const file = join(PAGE_ARTIFACTS_DIR, 'driver-self-test', 'tall.png');
    try {
      await rendered.screenshot(file);
    } finally {
      await rendered.close();
    }
    const png = readFileSync(file);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // IHDR: width and height, big-endian, at bytes 16 and 20. Full page: the whole 2000px.
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBe(2000);
  });
});
