import { expect, test } from '@playwright/test';
import { browserIn, expectNoViolations, languages, listProducts, store, type Lang } from './support';

// Automated WCAG 2.1 A and AA checks with axe-core on every page a buyer passes through, in a
// left-to-right and a right-to-left language, once the content has loaded.

for (const { locale, lang } of languages) {
  test.describe(`in ${lang}`, () => {
    // Shipping to Australia, where food products are barred, so a restricted product exists.
    // The app's Content-Security-Policy rightly refuses injected scripts; axe is one.
    test.use({ ...browserIn(locale, 'AU'), bypassCSP: true });

    const market = { lang: lang as Lang, country: 'AU', currency: 'AUD' };

    test('home page', async ({ page }) => {
      await page.goto(`/${lang}`);
      await expect(page.getByRole('main').getByRole('article').first()).toBeVisible();
      await expectNoViolations(page);
    });

    test('home page with the market panel open', async ({ page }) => {
      const ui = store(page, lang);
      await page.goto(`/${lang}`);
      await expect(page.getByRole('main').getByRole('article').first()).toBeVisible();
      await ui.marketButton.click();
      await expect(ui.marketPanel).toBeVisible();
      await expectNoViolations(page);
    });

    test('search suggestions open under the header', async ({ page }) => {
      const ui = store(page, lang);
      await page.goto(`/${lang}/products`);
      await expect(page.getByRole('main').getByRole('article').first()).toBeVisible();
      await ui.searchBox.click();
      await ui.searchBox.pressSequentially(lang === 'ar' ? 'وعاء' : 'tea');
      await expect(ui.suggestions.getByRole('option').first()).toBeVisible();
      await page.keyboard.press('ArrowDown');
      await expectNoViolations(page);
    });

    test('search results with their words marked', async ({ page }) => {
      await page.goto(`/${lang}/products?q=${lang === 'ar' ? '%D9%88%D8%B9%D8%A7%D8%A1' : 'tea'}`);
      await expect(page.getByRole('main').locator('mark').first()).toBeVisible();
      await expectNoViolations(page);
    });

    test('catalog filters open as a dialog on a phone', async ({ page, isMobile }) => {
      test.skip(!isMobile, 'the filters are in the page on a wider screen');
      const ui = store(page, lang);
      await page.goto(`/${lang}/products`);
      await expect(page.getByRole('main').getByRole('article').first()).toBeVisible();
      await ui.filtersButton.click();
      await expect(ui.filtersDialog).toBeVisible();
      await expectNoViolations(page);
    });

    test('nothing found, with the filters to remove and a word that was meant', async ({ page }) => {
      await page.goto(`/${lang}/products?q=mahca&category=toys`);
      await expect(page.locator('.empty-state')).toBeVisible();
      await expectNoViolations(page);
    });

    test('catalog', async ({ page }) => {
      await page.goto(`/${lang}/products`);
      await expect(page.getByRole('main').getByRole('article').first()).toBeVisible();
      await expectNoViolations(page);
    });

    test('product', async ({ page, request }) => {
      const { items } = await listProducts(request, market);
      const product = items.find((item) => !item.restriction && item.stock > 0)!;
      await page.goto(`/${lang}/products/${product.slug}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(product.name);
      await expectNoViolations(page);
    });

    test('product that cannot be shipped to the buyer', async ({ page, request }) => {
      const { items } = await listProducts(request, market, { category: 'food' });
      const product = items.find((item) => item.restriction)!;
      expect(product, 'a food product barred from Australia').toBeDefined();
      await page.goto(`/${lang}/products/${product.slug}`);
      await expect(page.getByRole('main').getByRole('note')).toBeVisible();
      await expectNoViolations(page);
    });

    test('empty cart', async ({ page }) => {
      await page.goto(`/${lang}/cart`);
      await expect(page.getByRole('main').getByRole('link')).toHaveAttribute(
        'href',
        `/${lang}/products`,
      );
      await expectNoViolations(page);
    });

    test('cart with an item', async ({ page, request }) => {
      const ui = store(page, lang);
      const { items } = await listProducts(request, market);
      const product = items.find((item) => !item.restriction && item.stock > 0)!;
      await page.goto(`/${lang}/products/${product.slug}`);
      await ui.addToCart.click();
      await ui.main.getByRole('status').getByRole('link').click();
      await expect(page).toHaveURL(`/${lang}/cart`);
      await expect(ui.main.getByRole('link', { name: product.name, exact: true })).toBeVisible();
      // The estimate from the quote has replaced its placeholder.
      await expect(ui.main.getByRole('region').getByRole('definition')).toHaveCount(4);
      await expectNoViolations(page);
    });

    test('carriers', async ({ page }) => {
      await page.goto(`/${lang}/carriers`);
      await expect(page.locator('.carrier-list > li')).toHaveCount(3);
      await expectNoViolations(page);
    });

    test('a carrier scorecard with its tables open', async ({ page }) => {
      await page.goto(`/${lang}/carriers/lantern`);
      await expect(page.locator('svg.chart').first()).toBeVisible();
      for (const details of await page.locator('details.chart-table').all()) {
        await details.locator('summary').click();
      }
      await expect(page.locator('table.data-table').first()).toBeVisible();
      await expectNoViolations(page);
    });

    test('an order followed live', async ({ page, request }) => {
      const quote = await (
        await request.post('/api/quotes', {
          data: { destination: 'AU', currency: 'AUD', lines: [{ product: 'copper-mug', quantity: 1 }] },
        })
      ).json();
      const placed = await (
        await request.post('/api/orders', {
          headers: { 'Idempotency-Key': `a11y-order-${lang}-${test.info().project.name}` },
          data: {
            quote_id: quote.id,
            email: 'kim@example.com',
            address: {
              country: 'AU', name: 'Kim Lee', line1: '1 George Street', city: 'Sydney',
              region: 'NSW', postal_code: '2000', phone: '02 9876 5432',
            },
            shipments: [{ seller: quote.shipments[0].seller, service: 'lantern-standard', terms: 'ddp' }],
            payment: { method: 'paypal' },
          },
        })
      ).json();
      await page.goto(`/${lang}/orders/${placed.order.id}#token=${placed.access_token}`);
      await expect(page.locator('.timeline__event').first()).toBeVisible();
      await expect(page.locator('.connection')).toHaveAttribute('data-connection', 'live');
      await expectNoViolations(page);
    });
  });
}
