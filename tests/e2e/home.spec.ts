import { expect, test, type Page } from '@playwright/test';

// The home page: the catalog from the real database, and its loading, error and empty paths.

type ProductPage = {
  items: { slug: string; name: string; price: { amount_minor: number; currency: string } }[];
  total: number;
};

const productsApi = '**/api/products?*';

async function gotoHome(page: Page) {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Goods from small makers, shipped to your door',
  );
}

test('shows the featured products of the database with prices in the seller currency', async ({
  page,
  request,
}) => {
  const response = await request.get('/api/products?lang=en&featured=true');
  expect(response.ok()).toBeTruthy();
  const catalog: ProductPage = await response.json();
  expect(catalog.items.length).toBeGreaterThanOrEqual(6);

  await gotoHome(page);
  const grid = page.getByRole('region', { name: 'Featured products' });
  for (const product of catalog.items) {
    await expect(grid.getByRole('heading', { name: product.name, exact: true })).toBeVisible();
  }
  await expect(grid.getByRole('listitem')).toHaveCount(catalog.items.length);

  const bowl = grid.getByRole('listitem').filter({ hasText: 'Hand-thrown matcha bowl' });
  await expect(bowl).toContainText('¥4,800');
  await expect(bowl).toContainText('Kiln & Leaf');
  await expect(bowl).toContainText('Ships from Japan');
  const syrup = grid.getByRole('listitem').filter({ hasText: 'Vermont maple syrup' });
  await expect(syrup).toContainText('$19.99');
  await expect(page).toHaveTitle('Caravan');
});

test('announces loading while products are on their way', async ({ page }) => {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(productsApi, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  await expect(page.getByRole('status')).toHaveText('Loading products…');
  release();
  await expect(page.getByRole('heading', { name: 'Cast-iron tetsubin teapot' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveCount(0);
});

test('says plainly when the server cannot be reached, and recovers on retry', async ({ page }) => {
  await page.route(productsApi, (route) => route.abort('connectionrefused'));
  await page.goto('/');
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
  await page.route(productsApi, (route) => route.fulfill({ status: 500, body: '' }));
  await page.goto('/');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText("We can't reach the store right now");
  await expect(alert).toContainText('cargo xtask serve');
});

test('explains a problem reported by the server', async ({ page }) => {
  await page.route(productsApi, (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: '/problems/unavailable', title: 'Service unavailable', status: 503 }),
    }),
  );
  await page.goto('/');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The store is busy for a moment');
  await expect(alert).not.toContainText('cargo xtask');
});

test('shows an empty state when the catalog has no products', async ({ page }) => {
  await page.route(productsApi, (route) =>
    route.fulfill({ json: { items: [], page: 1, per_page: 24, total: 0 } }),
  );
  await page.goto('/');
  await expect(page.getByText('No products yet.')).toBeVisible();
});

test('unknown addresses open the app on its not-found page', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page).toHaveTitle('Page not found · Caravan');
  await expect(page.getByRole('main')).toHaveCount(1);
  await page.getByRole('link', { name: 'Back to the home page' }).click();
  await expect(page).toHaveURL(/\/$/);
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
