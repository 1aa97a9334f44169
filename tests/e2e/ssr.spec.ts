import { expect, test, type Page } from '@playwright/test';
import { languages } from './support';

// The server renders every page and the browser takes it over (hydration): these journeys hold
// the two to each other. Every page hydrates without an error or warning in the console and
// without moving what the buyer already sees; without JavaScript the store can still be browsed
// from the home page to a product, and the pages that need the browser say so.

/// One page of each route, public and browser-only, and an address that does not exist.
const PAGES = [
  '',
  '/products',
  '/products?q=tea&sort=price_asc',
  '/products/matcha-bowl',
  '/carriers',
  '/carriers/heron',
  '/cart',
  '/checkout/address',
  '/orders',
  '/insights',
  '/no-such-page',
];

/// What the console said while `page` loaded and hydrated `address`, and how far the layout
/// moved meanwhile (the sum of the layout-shift entries, as CLS adds them up).
async function hydrate(page: Page, address: string) {
  const said: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      said.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => said.push(`uncaught: ${error.message}`));
  const response = await page.goto(address);
  // The loader sets this once the app's code has run, i.e. once the page has been taken over;
  // then whatever that started (a lazily loaded page's code, browser-only data) settles.
  await page.waitForFunction(() => 'wasmBindings' in window);
  await page.waitForLoadState('networkidle');
  const shift = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        new PerformanceObserver((list) => {
          const entries = list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[];
          resolve(entries.filter((e) => !e.hadRecentInput).reduce((sum, e) => sum + e.value, 0));
        }).observe({ type: 'layout-shift', buffered: true });
        // No entry at all is no shift.
        setTimeout(() => resolve(0), 500);
      }),
  );
  return { status: response?.status(), said, shift };
}

for (const { locale, lang } of languages) {
  test.describe(`server-rendered pages in ${lang}`, () => {
    test.use({ locale });

    for (const path of PAGES) {
      test(`${path || '/'} hydrates quietly and without moving`, async ({ page }) => {
        const { status, said, shift } = await hydrate(page, `/${lang}${path}`);
        const missing = path === '/no-such-page';
        expect(status).toBe(missing ? 404 : 200);
        // The browser reports the page's own 404 as a failed load; nothing else may be said.
        const unexpected = said.filter((line) => !(missing && line.includes('404')));
        expect(unexpected, 'console errors and warnings').toEqual([]);
        expect(shift, 'layout shift while hydrating').toBeLessThan(0.01);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
      });
    }

    test('the server sends the page with its data, so hydrating fetches none of it', async ({ page }) => {
      const apiCalls: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/api/')) apiCalls.push(request.url());
      });
      await hydrate(page, `/${lang}/products/matcha-bowl`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect(apiCalls).toEqual([]);
    });
  });
}

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false, locale: 'en-US' });

  test('a buyer browses home → catalog search → product', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/en$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // The featured products are in the page, as links.
    const featured = page.getByRole('main').getByRole('article');
    expect(await featured.count()).toBeGreaterThan(0);

    await page.getByRole('banner').getByRole('link', { name: 'Shop' }).click();
    await expect(page).toHaveURL(/\/en\/products/);
    const search = page.getByRole('search');
    await search.getByRole('combobox', { name: 'Search products' }).fill('tea');
    await search.getByRole('combobox', { name: 'Search products' }).press('Enter');
    await expect(page).toHaveURL(/q=tea/);
    await expect(search.getByRole('combobox', { name: 'Search products' })).toHaveValue('tea');
    const results = page.getByRole('main').getByRole('article');
    expect(await results.count()).toBeGreaterThan(0);

    const first = results.first().getByRole('link').first();
    const name = (await results.first().getByRole('heading').textContent())!.trim();
    await first.click();
    await expect(page).toHaveURL(/\/en\/products\/[a-z-]+$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(page.locator('.product__price')).not.toBeEmpty();
    await expect(page.getByRole('heading', { name: /^Delivery to / })).toBeVisible();
    // The quantity reads as the server wrote it; adding to the cart says what it needs.
    await expect(page.getByRole('spinbutton', { name: 'Quantity' })).toHaveValue('1');
    await expect(page.locator('main .add-to-cart .notice')).toContainText('needs JavaScript');
  });

  test('the filters and sort are a form, and the pages are links', async ({ page }) => {
    await page.goto('/en/products');
    const filters = page.getByRole('group', { name: 'Filters' });
    await filters.getByRole('combobox', { name: 'Category' }).selectOption('kitchen');
    await filters.getByRole('combobox', { name: 'Sort by' }).selectOption('price_asc');
    await filters.getByRole('textbox', { name: 'Lowest price' }).fill('10');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/category=kitchen/);
    await expect(page).toHaveURL(/sort=price_asc/);
    await expect(page).toHaveURL(/min=10/);
    await expect(filters.getByRole('combobox', { name: 'Category' })).toHaveValue('kitchen');
    await expect(filters.getByRole('textbox', { name: 'Lowest price' })).toHaveValue('10');
    await expect(page.getByRole('main').getByRole('article').first()).toBeVisible();

    // A price that is not one is said, not silently dropped.
    await filters.getByRole('textbox', { name: 'Lowest price' }).fill('ten');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(filters.getByRole('textbox', { name: 'Lowest price' })).toHaveAttribute('aria-invalid', 'true');

    await page.goto('/en/products');
    const next = page.getByRole('link', { name: 'Next' });
    await next.click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByRole('link', { name: 'Previous' })).toBeVisible();
  });

  test('carriers and their scorecards read as they do with it', async ({ page }) => {
    await page.goto('/en/carriers');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.getByRole('main').getByRole('link', { name: /Heron/ }).first().click();
    await expect(page).toHaveURL(/\/en\/carriers\/heron$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Heron');
  });

  test('cart and checkout say plainly that they need JavaScript', async ({ page }) => {
    for (const path of ['/en/cart', '/en/checkout/address']) {
      await page.goto(path);
      // Playwright's text search skips <noscript>; a CSS locator reaches into it.
      const notice = page.locator('main .notice');
      await expect(notice).toBeVisible();
      await expect(notice).toContainText('so it needs JavaScript');
    }
  });
});
