// `cargo xtask bench browser`, heap part: visits product pages one after another in a single
// tab, navigating inside the single-page app (click a product's name on the catalog, then
// history Back, which the router handles without reloading), and reads the JS heap after a
// forced garbage collection at each checkpoint. A leak only shows within one page life, so the
// script fails if the page was ever reloaded.
//
// Input (environment): BASE_URL (the server), CHROMIUM (the browser; Debian's by default),
// HEAP_CHECKPOINTS (visit counts to measure at, comma-separated; "25,50" by default).
// Output: progress lines on stderr, then one JSON line on stdout:
//   {"cards":N,"checkpoints":[{"visits":0,"js_heap_used":B,"js_heap_total":B,"wasm_memory":B},…]}
// with sizes in bytes. Exits non-zero with a message when something cannot be measured.

import { chromium } from 'playwright-core';

const base = process.env.BASE_URL;
if (!base) {
  console.error('BASE_URL is not set: run this with `cargo xtask bench browser`');
  process.exit(2);
}
const checkpoints = (process.env.HEAP_CHECKPOINTS ?? '25,50')
  .split(',')
  .map((n) => Number.parseInt(n, 10))
  .filter((n) => n > 0)
  .sort((a, b) => a - b);
const visits = checkpoints.at(-1) ?? 0;
const timeout = 30_000;

const browser = await chromium.launch({
  // Debian's Chromium: browsers downloaded by test tools cannot be fetched on these machines.
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--enable-precise-memory-info',
  ],
});

try {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  // Keep the wasm exports (their linear memory) that trunk's loader announces once started.
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (event) => {
      window.__benchWasm = event.detail?.wasm;
    });
  });
  const cdp = await context.newCDPSession(page);

  const catalog = `${base}/en/products`;
  const cards = page.locator('main .product-card__link');
  await page.goto(catalog);
  await cards.first().waitFor();
  // A marker that only survives as long as this page life does.
  await page.evaluate(() => {
    window.__benchPageLife = true;
  });
  const count = await cards.count();
  console.error(`    catalog shows ${count} products; visiting ${visits} product pages`);

  const measure = async (done) => {
    const sameLife = await page.evaluate(() => window.__benchPageLife === true);
    if (!sameLife) {
      throw new Error(`the page reloaded by visit ${done}: the app navigated with full page loads`);
    }
    // Twice: objects freed by finalizers of the first collection go in the second.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.__benchWasm?.memory?.buffer?.byteLength ?? null);
    const point = {
      visits: done,
      js_heap_used: heap.usedSize,
      js_heap_total: heap.totalSize,
      wasm_memory: wasm,
    };
    const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
    console.error(
      `    after ${done} visits: JS heap ${mb(heap.usedSize)} MB used` +
        (wasm === null ? '' : `, wasm memory ${mb(wasm)} MB`),
    );
    return point;
  };

  const points = [await measure(0)];
  for (let done = 1; done <= visits; done++) {
    const link = cards.nth((done - 1) % count);
    const name = (await link.textContent())?.trim() ?? '';
    const href = await link.getAttribute('href');
    await link.click();
    await page.waitForURL((url) => url.pathname === href);
    await page.locator('main h1.product__name', { hasText: name }).waitFor();
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/en/products');
    await cards.nth(count - 1).waitFor();
    if (checkpoints.includes(done)) {
      points.push(await measure(done));
    }
  }
  console.log(JSON.stringify({ cards: count, checkpoints: points }));
} catch (error) {
  console.error(`heap measurement failed: ${error?.message ?? error}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
