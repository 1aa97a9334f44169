import { expect, test } from '@playwright/test';
import { listProducts } from './support';

// The app as `trunk serve` builds it for UX testers (feature `csr`): no server rendering, the
// app renders itself in the browser and talks to the API through trunk's proxy. `cargo xtask
// test e2e` runs this journey against `trunk serve` after the main suite.

test('a buyer browses, searches and fills a cart in the app trunk serves', async ({ page, request }) => {
  const said: string[] = [];
  page.on('pageerror', (error) => said.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') said.push(message.text());
  });

  await page.goto('/');
  // The app itself sends a path without a language to the buyer's.
  await expect(page).toHaveURL(/\/en$/);
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(main.getByRole('article').first()).toBeVisible();

  await page.getByRole('banner').getByRole('link', { name: 'Shop' }).click();
  await expect(page).toHaveURL(/\/en\/products$/);
  await page.getByRole('combobox', { name: 'Search products' }).fill('tea');
  await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=tea/);
  // The search's own first result, once the list shows it rather than the whole catalog.
  const tea = await listProducts(request, { lang: 'en', country: 'US', currency: 'USD' }, { q: 'tea' });
  const name = tea.items[0].name;
  const first = main.getByRole('article').first();
  await expect(first.getByRole('heading')).toHaveText(name);
  await first.getByRole('link').first().click();
  await expect(main.getByRole('heading', { level: 1 })).toHaveText(name);

  await main.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: /^Cart, 1 item/ })).toBeVisible();
  await page.getByRole('banner').getByRole('link', { name: /^Cart, / }).click();
  await expect(main.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(main).toContainText(name);
  expect(said, 'console errors').toEqual([]);
});
