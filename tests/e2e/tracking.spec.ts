import { expect, test, type Page } from '@playwright/test';
import { browserIn, placeOrder } from './support';

// Live tracking on the order page: events arrive without a reload, and after the connection
// drops the page resumes with every event exactly once, in order. The e2e server runs the carrier
// simulator at 50,000× speed, so a parcel reaches its door within seconds.

/// The sequence numbers the page shows, newest first as the timeline lists them.
async function shownSequences(page: Page): Promise<number[]> {
  return page
    .locator('.timeline__event')
    .evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-sequence'))));
}

test.use(browserIn('en-US', 'DE'));

test('the order page follows the parcel to the door and loses nothing when the connection drops', async ({
  page,
  request,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const placed = await placeOrder(request, `tracking-${testInfo.project.name}`);
  const link = `/en/orders/${placed.order.id}#token=${placed.access_token}`;
  await page.goto(link);
  const status = page.locator('.connection');
  await expect(status).toHaveAttribute('data-connection', 'live');
  await expect(page.locator('.timeline__event').first()).toBeVisible();

  // Cut the connection while the parcel travels, and bring it back.
  await page.context().setOffline(true);
  await expect(status).toHaveAttribute('data-connection', 'offline');
  await expect(status).toContainText("You're offline");
  const before = await shownSequences(page);
  await page.waitForTimeout(3_000); // the simulator moves the parcel on meanwhile
  await page.context().setOffline(false);

  // The journey's end, without a reload: delivered, or rarely (as with real carriers) returned
  // or lost.
  const end = page.locator(
    '.notice__title:is([data-status=delivered], [data-status=returned_to_sender], [data-status=lost])',
  );
  await expect(end).toBeVisible({ timeout: 60_000 });
  await expect(status).toHaveAttribute('data-connection', 'live');
  if ((await end.getAttribute('data-status')) === 'delivered') {
    await expect(page.locator('.journey__stage[aria-current=step]')).toHaveText('Delivered');
  }

  // Every event once, newest first, and the same list a fresh page load shows.
  const shown = await shownSequences(page);
  expect(new Set(shown).size, 'no event twice').toBe(shown.length);
  expect([...shown].sort((a, b) => b - a), 'in order').toEqual(shown);
  expect(shown.length).toBeGreaterThan(before.length);
  const fresh = await browser.newPage();
  await fresh.goto(new URL(link, page.url()).toString());
  await expect(fresh.locator('.timeline__event')).toHaveCount(shown.length);
  expect(await shownSequences(fresh), 'what a fresh load shows').toEqual(shown);
  await fresh.close();
});

test('an order link without its token opens nothing', async ({ page, request }, testInfo) => {
  const placed = await placeOrder(request, `tracking-no-token-${testInfo.project.name}`);
  await page.goto(`/en/orders/${placed.order.id}#token=wrong`);
  await expect(page.getByRole('alert')).toContainText("We couldn't find what you were looking for.");
  await expect(page.locator('.timeline')).toHaveCount(0);
});
