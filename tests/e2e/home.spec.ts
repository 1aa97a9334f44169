import { expect, test, type Page } from '@playwright/test';
import { browserIn, formatMoney, listProducts } from './support';

// The home page: the catalog from the real database, and its loading, error and empty paths.

// An English-speaking buyer in Berlin: the time zone makes the ship-to country Germany, so
// prices are converted to euros and differ from every seller's own currency.
test.use(browserIn('en-US', 'DE'));

const productsApi = '**/api/products?*';

async function gotoHome(page: Page) {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Goods from small makers, shipped to your door',
  );
}

test('a visit to / opens the English home page for an English browser', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/en$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  // Replaced, not pushed: Back leaves the store instead of returning to the address that only
  // redirects again.
  await page.goBack();
  expect(page.url()).toBe('about:blank');
});

test('shows the featured products of the database with prices in the buyer currency', async ({
  page,
  request,
}) => {
  const catalog = await listProducts(
    request,
    { lang: 'en', country: 'DE', currency: 'EUR' },
    { featured: 'true' },
  );
  expect(catalog.items.length).toBeGreaterThanOrEqual(6);

  await gotoHome(page);
  await expect(page.getByRole('button', { name: 'Language, country and currency' })).toHaveAccessibleName(
    'Language, country and currency Germany · EUR',
  );
  const grid = page.getByRole('region', { name: 'Featured products' });
  for (const product of catalog.items) {
    await expect(grid.getByRole('heading', { name: product.name, exact: true })).toBeVisible();
  }
  await expect(grid.getByRole('listitem')).toHaveCount(catalog.items.length);

  for (const slug of ['matcha-bowl', 'maple-syrup']) {
    const product = catalog.items.find((item) => item.slug === slug);
    expect(product?.local_price?.currency, `${slug} converted to euros`).toBe('EUR');
    const card = grid.getByRole('listitem').filter({ hasText: product!.name });
    await expect(card).toContainText(await formatMoney(page, 'en', product!.local_price!));
    // The seller's own price is not what a buyer in Germany is shown on the card.
    await expect(card).not.toContainText(await formatMoney(page, 'en', product!.price));
  }
  const bowl = grid.getByRole('listitem').filter({ hasText: 'Hand-thrown matcha bowl' });
  await expect(bowl).toContainText('Kiln & Leaf');
  await expect(bowl).toContainText('Ships from Japan');
  await expect(bowl).toContainText('€');
  await expect(page).toHaveTitle('Caravan');
});

// The server renders the home page with its products; these states are the ones a buyer meets
// when the products load in the browser, on the way back to the home page from another page.
async function goHomeFromAnotherPage(page: Page, mockProducts: () => Promise<void>) {
  await page.goto('/en/carriers');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Carriers and their ratings');
  await mockProducts();
  await page.getByRole('link', { name: 'Caravan home' }).click();
  await expect(page).toHaveURL(/\/en$/);
}

test('announces loading while products are on their way', async ({ page }) => {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await goHomeFromAnotherPage(page, () =>
    page.route(productsApi, async (route) => {
      await held;
      await route.continue();
    }),
  );
  // The page's own status (the header's search box has one for its suggestions).
  const status = page.getByRole('main').getByRole('status');
  await expect(status).toHaveText('Loading products…');
  release();
  await expect(page.getByRole('heading', { name: 'Cast-iron tetsubin teapot' })).toBeVisible();
  await expect(status).toHaveCount(0);
});

test('says plainly when the server cannot be reached, and recovers on retry', async ({ page }) => {
  await goHomeFromAnotherPage(page, () =>
    page.route(productsApi, (route) => route.abort('connectionrefused')),
  );
  const alert = page.getByRole('alert');
  await expect(alert).toContainText("We can't reach the store right now");
  // Served from 127.0.0.1: developers are told how to start the API.
  await expect(alert).toContainText('cargo xtask serve');

  await page.unroute(productsApi);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Walnut pocket speaker' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a proxy with no API behind it counts as an unreachable server', async ({ page }) => {
  // What trunk serve answers when the API server is not running: a bare 500.
  await goHomeFromAnotherPage(page, () =>
    page.route(productsApi, (route) => route.fulfill({ status: 500, body: '' })),
  );
  const alert = page.getByRole('alert');
  await expect(alert).toContainText("We can't reach the store right now");
  await expect(alert).toContainText('cargo xtask serve');
});

test('explains a problem reported by the server', async ({ page }) => {
  await goHomeFromAnotherPage(page, () =>
    page.route(productsApi, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: '/problems/unavailable', title: 'Service unavailable', status: 503 }),
      }),
    ),
  );
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The store is busy for a moment');
  await expect(alert).not.toContainText('cargo xtask');
});

test('shows an empty state when the catalog has no products', async ({ page }) => {
  await goHomeFromAnotherPage(page, () =>
    page.route(productsApi, (route) =>
      route.fulfill({ json: { items: [], page: 1, per_page: 24, total: 0 } }),
    ),
  );
  await expect(page.getByText('No products yet.')).toBeVisible();
});

test('unknown addresses answer 404 with the not-found page', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  // Moved under the buyer's language first, like any path without one.
  await expect(page).toHaveURL(/\/en\/no\/such\/page$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page).toHaveTitle('Page not found · Caravan');
  await expect(page.getByRole('main')).toHaveCount(1);
  await page.getByRole('link', { name: 'Back to the home page' }).click();
  await expect(page).toHaveURL(/\/en$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Goods from small makers, shipped to your door',
  );
});

test('unknown API paths answer with a problem, not the app', async ({ request }) => {
  const response = await request.get('/api/no-such-endpoint');
  expect(response.status()).toBe(404);
  expect(response.headers()['content-type']).toBe('application/problem+json');
  expect(await response.json()).toMatchObject({ type: '/problems/not-found', status: 404 });
});

test('keyboard users can skip straight to the content', async ({ page, isMobile }) => {
  test.skip(isMobile, 'no keyboard on the phone profile');
  await gotoHome(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
});

test('fits the screen without sideways scrolling', async ({ page }) => {
  await gotoHome(page);
  await expect(page.getByRole('heading', { name: 'Walnut pocket speaker' })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBe(0);
});
