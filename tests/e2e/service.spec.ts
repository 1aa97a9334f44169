import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { browserIn, expectNoViolations, languages, placeOrder, ratingCount, sellerKey } from './support';

// The service loop after paying: messages with the seller (replies arrive live), the SERVQUAL
// form once the parcel is delivered, its refusals (before delivery, out of range, a second
// rating), and the rating reaching the carrier's scorecard and the next buyer's quote; then the
// seller's insights. The e2e server runs the carrier simulator at 50,000× speed.

const ITEMS = [
  'rel_on_time', 'rel_intact', 'rsp_contact', 'rsp_updates', 'asr_trust',
  'asr_costs', 'emp_options', 'emp_language', 'tan_packaging', 'tan_interface',
];

/// Answers every statement of the form: `expected` and `perceived` on the 1–7 scale.
async function answerAll(page: Page, expected: number, perceived: number) {
  for (const item of ITEMS) {
    await page.locator(`#${item}-0-${expected}`).check();
    await page.locator(`#${item}-1-${perceived}`).check();
  }
}

/// Waits (through the API) until the order's parcel has finished its journey.
async function untilDelivered(request: APIRequestContext, id: string, token: string) {
  await expect
    .poll(
      async () => {
        const order = await (
          await request.get(`/api/orders/${id}`, { headers: { Authorization: `Bearer ${token}` } })
        ).json();
        return ['delivered', 'returned_to_sender', 'lost'].includes(order.shipments[0].tracking_status);
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toBe(true);
}

/// The rating count a fresh quote shows beside `service`, as the next buyer's checkout does.
async function quotedCount(request: APIRequestContext, service: string): Promise<number> {
  const quote = await (
    await request.post('/api/quotes', {
      data: { destination: 'DE', currency: 'EUR', lines: [{ product: 'linen-tea-towels', quantity: 1 }] },
    })
  ).json();
  type Service = { service_code: string; rating?: { n: number } };
  const found = (quote.shipments[0].quote.services as Service[]).find((s) => s.service_code === service);
  return found?.rating?.n ?? 0;
}

test.describe('after paying', () => {
  test.use(browserIn('en-US', 'DE'));

  test('messages, feedback once after delivery, and the rating reaching the next buyer', async ({
    page,
    request,
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    // Each project rates its own service, which no other test rates, so the counts it checks
    // are its own while the suite runs in parallel.
    const rated = testInfo.project.name === 'phone' ? 'lantern-standard' : 'heron-standard';
    const placed = await placeOrder(request, `service-loop-${testInfo.project.name}`, rated);
    const { id } = placed.order;
    const token = placed.access_token;
    const { seller, service_code: service } = placed.order.shipments[0];
    const form = `/en/orders/${id}/feedback/0#token=${token}`;

    // Before delivery the form says why it cannot be filled in yet.
    await page.goto(form);
    await expect(page.getByRole('status').filter({ hasText: "hasn't been delivered yet" })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send my rating' })).toHaveCount(0);

    // A question to the seller, and the seller's reply arriving without a reload.
    await page.goto(`/en/orders/${id}#token=${token}`);
    const thread = page.getByRole('log', { name: 'Messages' });
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect(page.getByRole('alert')).toContainText('Write a message of 1 to 2,000 characters.');
    await page.getByLabel('To', { exact: true }).selectOption({ index: 0 });
    await page.getByLabel('Your message').fill('Could you add a note that it is a gift?');
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect(thread.locator('.message--mine')).toContainText('Could you add a note that it is a gift?');
    await expect(page.getByLabel('Your message')).toHaveValue('');
    const reply = await request.post(`/api/seller/orders/${id}/messages`, {
      headers: { 'X-Seller-Key': sellerKey(seller) },
      data: { body: 'Of course — a handwritten card is in the parcel.' },
    });
    expect(reply.status()).toBe(201);
    await expect(thread).toContainText('Of course — a handwritten card is in the parcel.');
    await expect(thread.locator('.message')).toHaveCount(2);

    // Delivered on the page, live: the invitation to rate appears.
    const rate = page.getByRole('link', { name: 'Rate this delivery' });
    await expect(rate).toBeVisible({ timeout: 60_000 });
    const before = await ratingCount(request, service);
    expect(await quotedCount(request, service)).toBe(before);
    await rate.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rate your delivery');

    // Nothing answered: the summary says so and takes focus.
    const send = page.getByRole('button', { name: 'Send my rating' });
    await send.click();
    const summary = page.getByRole('alert');
    await expect(summary).toHaveText('10 statements still need both answers.');
    await expect(summary).toBeFocused();

    // An answer off the scale (sent as no buyer could through the form) is refused by the
    // server and pointed out on its statement; nothing is counted.
    await answerAll(page, 5, 6);
    await page.getByLabel('Anything else? (optional)').fill('Well packed, a day late.');
    await page.route('**/api/orders/*/feedback', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}');
      body.answers.rel_on_time.perceived = 9;
      await route.continue({ postData: JSON.stringify(body) });
    });
    await send.click();
    await expect(summary).toHaveText('1 statement still needs both answers.');
    await expect(page.locator('#item-rel_on_time')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#item-rel_on_time')).toContainText('Choose a number from 1 to 7 for both questions.');
    expect(await ratingCount(request, service)).toBe(before);
    await page.unroute('**/api/orders/*/feedback');

    // Sent as answered: thanks, and the answers beside the carrier's averages.
    await send.click();
    await expect(page.locator('#feedback-thanks')).toContainText('Thank you!');
    const comparison = page.getByRole('table', { name: "Your answers beside the carrier's average" });
    await expect(comparison.getByRole('row')).toHaveCount(6);

    // One more rating on the scorecard and in the next buyer's quote.
    expect(await ratingCount(request, service)).toBe(before + 1);
    expect(await quotedCount(request, service)).toBe(before + 1);
    await page.getByRole('link', { name: "See the carrier's scorecard" }).click();
    await expect(page.getByRole('main')).toContainText(`${before + 1} ratings`);

    // The same order rated again from another browser is refused, and not counted.
    const other = await browser.newContext(browserIn('en-US', 'DE'));
    const second = await other.newPage();
    await second.goto(new URL(form, page.url()).toString());
    await answerAll(second, 3, 3);
    await second.getByRole('button', { name: 'Send my rating' }).click();
    await expect(second.getByRole('alert')).toContainText("You've already rated this delivery");
    await other.close();
    expect(await ratingCount(request, service)).toBe(before + 1);
  });

  test('a seller opens its insights with its key; a wrong key is pointed out', async ({ page }) => {
    await page.goto('/en/insights');
    const key = page.getByLabel('Seller key');
    await key.fill('not-a-key');
    await page.getByRole('button', { name: 'Show insights' }).click();
    await expect(page.getByRole('alert')).toHaveText("That isn't a seller key. Check it and try again.");
    await expect(key).toHaveAttribute('aria-invalid', 'true');
    await expect(key).toHaveValue('not-a-key');

    await key.fill(sellerKey('atelier-lin'));
    await page.getByRole('button', { name: 'Show insights' }).click();
    await expect(page.getByRole('heading', { level: 2 })).toHaveText('Insights for Atelier Lin');
    const ranked = page.getByRole('table', { name: 'Largest shortfalls first' });
    await expect(ranked.getByRole('row')).toHaveCount(11);
    await expect(page.locator('.comments li').first()).toBeVisible();
    // The key stays for this tab: a reload shows the report again.
    await page.reload();
    await expect(page.getByRole('heading', { level: 2 })).toHaveText('Insights for Atelier Lin');
  });
});

for (const { locale, lang } of languages) {
  test.describe(`accessibility in ${lang}`, () => {
    test.use({ ...browserIn(locale, 'DE'), bypassCSP: true });

    test('order with messages, feedback form, thank-you and insights pass axe', async ({ page, request }, testInfo) => {
      test.setTimeout(120_000);
      const placed = await placeOrder(request, `service-a11y-${lang}-${testInfo.project.name}`);
      const { id } = placed.order;
      const token = placed.access_token;
      await request.post(`/api/orders/${id}/messages`, {
        headers: { Authorization: `Bearer ${token}` },
        data: { party: 'seller', body: 'Hello!' },
      });
      await untilDelivered(request, id, token);

      await page.goto(`/${lang}/orders/${id}#token=${token}`);
      await expect(page.locator('.message')).toHaveCount(1);
      await expect(page.locator('.feedback-invite')).toBeVisible();
      await expectNoViolations(page);

      await page.goto(`/${lang}/orders/${id}/feedback/0#token=${token}`);
      await expect(page.locator('.servqual-item')).toHaveCount(10);
      await page.locator('#importance-toggle').check();
      await page.locator('#importance-reliability').fill('30');
      await page.locator('form.servqual-form button[type=submit]').click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectNoViolations(page);

      await page.locator('#importance-reliability').fill('20');
      await answerAll(page, 6, 5);
      await page.locator('form.servqual-form button[type=submit]').click();
      await expect(page.locator('#feedback-thanks')).toBeVisible();
      await expectNoViolations(page);

      await page.goto(`/${lang}/insights`);
      await page.locator('#seller-key').fill(sellerKey(placed.order.shipments[0].seller));
      await page.locator('form.seller-key button[type=submit]').click();
      await expect(page.locator('table.data-table').first()).toBeVisible();
      await expectNoViolations(page);
    });
  });
}
