import { expect, test, type Page } from '@playwright/test';
import { addToCart } from './support';

// The release build downloads the checkout, orders, feedback, carriers and insights pages' code
// on their first visit, not with the first view: browsing fetches the main module alone, and a
// later page fetches its own part when opened, and works.

test.use({ locale: 'en-US' });

// trunk writes its 64-bit content hash without leading zeros.
const mainModule = /^\/storefront-[0-9a-f]{12,16}_bg\.wasm$/;

/// The paths of the wasm files `page` requests from now on, in order.
function wasmRequests(page: Page): string[] {
  const fetched: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) fetched.push(path);
  });
  return fetched;
}

test('browsing loads the first view alone; the carriers page loads its part when opened', async ({
  page,
}) => {
  const fetched = wasmRequests(page);

  await page.goto('/en/products');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('All products');
  await expect(page.getByRole('main').getByRole('listitem').first()).toBeVisible();
  expect(fetched, 'the first view').toHaveLength(1);
  expect(fetched[0]).toMatch(mainModule);

  await page.getByRole('contentinfo').getByRole('link', { name: 'Carrier ratings' }).click();
  await expect(page).toHaveURL(/\/en\/carriers$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Carriers and their ratings');
  expect(fetched.filter((path) => path.includes('_carriers_page'))).toHaveLength(1);
  expect(fetched.some((path) => path.includes('_checkout_page')), 'not the checkout').toBe(false);
});

test('a page whose part cannot be downloaded says so, and a retry loads it', async ({ page }) => {
  await page.goto('/en/products');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('All products');
  // The phone loses its signal just as the buyer opens the carriers page.
  await page.route(/_carriers_page/, (route) => route.abort('internetdisconnected'));
  await page.getByRole('contentinfo').getByRole('link', { name: 'Carrier ratings' }).click();
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toContainText(
    "This page couldn't be downloaded. Check your connection and try again.",
  );
  // Not the hint about starting the API server, which is running.
  await expect(alert).not.toContainText('cargo xtask serve');
  // The rest of the app still works meanwhile.
  await expect(page.getByRole('banner').getByRole('link', { name: /^Cart, / })).toBeVisible();

  await page.unroute(/_carriers_page/);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Carriers and their ratings');
});

test('the cart downloads the checkout ahead, so the checkout opens without another download', async ({
  page,
}) => {
  const fetched = wasmRequests(page);
  await addToCart(page, 'en', 'copper-mug');
  expect(fetched.some((path) => path.includes('_checkout_page')), 'not from a product').toBe(false);

  const checkoutPart = page.waitForResponse((response) => response.url().includes('_checkout_page'));
  await page.getByRole('banner').getByRole('link', { name: /^Cart, / }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your cart');
  expect((await checkoutPart).ok()).toBe(true);

  // From here no wasm can be downloaded: the checkout needs none.
  await page.route(/\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.locator('.cart__checkout').click();
  await expect(page).toHaveURL('/en/checkout/address');
  await expect(page.locator('#email')).toBeVisible();
});
