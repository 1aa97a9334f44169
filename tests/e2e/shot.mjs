import { chromium } from 'playwright';
const base = process.env.BASE || 'http://127.0.0.1:8090';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const lang of ['en', 'ar']) {
  for (const [label, width, height] of [['phone', 360, 780], ['desktop', 1280, 900]]) {
    const context = await browser.newContext({ viewport: { width, height }, locale: lang === 'en' ? 'en-AU' : 'ar-AU', timezoneId: 'Australia/Sydney' });
    const page = await context.newPage();
    const shot = async (name) => page.screenshot({ path: `/tmp/shots/${lang}-${label}-${name}.png` });
    await page.goto(`${base}/${lang}/products`);
    await page.waitForSelector('article');
    await page.waitForTimeout(1500);
    await shot('catalog');
    if (label === 'phone') {
      await page.locator('.filters-toggle').click();
      await page.waitForTimeout(300);
      await shot('filters-dialog');
      await page.keyboard.press('Escape');
    }
    await page.locator('#site-search').click();
    await page.locator('#site-search').pressSequentially(lang === 'en' ? 'tea' : 'وعاء', { delay: 50 });
    await page.waitForTimeout(800);
    await page.keyboard.press('ArrowDown');
    await shot('suggestions');
    await page.goto(`${base}/${lang}/products?q=macha`);
    await page.waitForSelector('article');
    await page.waitForTimeout(800);
    await shot('results');
    await page.goto(`${base}/${lang}/products?q=matcha&category=toys`);
    await page.waitForSelector('.empty-state');
    await page.waitForTimeout(500);
    await shot('empty');
    await page.goto(`${base}/${lang}/products?q=mahca`);
    await page.waitForSelector('.empty-state');
    await page.waitForTimeout(500);
    await shot('did-you-mean');
    await context.close();
  }
}
await browser.close();
