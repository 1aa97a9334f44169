import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import {
  addToCart,
  browserIn,
  cards,
  expectAddress,
  expectNoViolations,
  fillAddress,
  fillCard,
  formatMoney,
  germanAddress,
  holdRatesAlone,
  holdRatesSteady,
  languages,
  productDetail,
  publishRates,
  ratesInForce,
  readOrder,
  regionName,
  sellerOf,
  store,
  type Card,
  type Lang,
  type Market,
  type Money,
} from './support';

// The checkout, from the cart to the confirmation and "My orders", against the real server:
// address, delivery, duties and payment with the server's test payment provider, review and
// place. In a left-to-right and a right-to-left language; the Arabic runs find controls by ids
// and values only, and compare amounts with what the browser's Intl writes.
//
// Orders take stock. Each test buys a product no other test running at the same time buys
// when it counts stock; which one depends on the project and the language (see `mine`).
//
// Publishing exchange rates with `expire_open_quotes` expires every open quote on the server:
// the expired-quote tests hold the rates alone, every other test here holds them steady while
// it runs (see `holdRatesSteady` in support.ts), so no checkout is re-priced under its feet.

const test = base.extend<{ steadyRates: void }>({
  steadyRates: [
    async ({}, use) => {
      const release = await holdRatesSteady();
      try {
        await use();
      } finally {
        await release();
      }
    },
    // Waiting for a rates publication to finish has its own budget.
    { auto: true, timeout: 120_000 },
  ],
});


/// The fragile mug a UK seller sells in pounds: Lantern services offer special packaging.
const MUG = 'copper-mug';

/// One of `products`, different for every project and language, so tests that run at the same
/// time never buy the same one.
function mine(lang: Lang, products: [string, string, string, string]): string {
  const projects = ['desktop', 'phone'];
  const project = projects.indexOf(base.info().project.name);
  expect(project, `project ${base.info().project.name} has products of its own`).not.toBe(-1);
  return products[project * 2 + (lang === 'en' ? 0 : 1)];
}

function checkout(page: Page, lang: Lang) {
  const main = page.getByRole('main');
  const summary = page.locator('aside.checkout__summary');
  return {
    next: page.locator('.checkout-form__next'),
    steps: page.locator('nav.steps li.steps__item'),
    current: page.locator('nav.steps [aria-current=step]'),
    summary,
    total: summary.locator('[data-testid=total-charged]'),
    // The row after the total: what the carrier collects on delivery, when anything is.
    dueRow: summary.locator('.totals__row--total ~ .totals__row'),
    sentence: page.locator('.checkout__step .terms__sentence'),
    service: (seller: string, code: string) =>
      page.locator(`input[type=radio][name="service-${seller}"][value="${code}"]`),
    addOn: (seller: string, addOn: string) => page.locator(`#add-on-${seller}-${addOn}`),
    note: (seller: string) => page.locator(`#delivery-note-${seller}`),
    method: (wire: string) => page.locator(`input[type=radio][name=method][value="${wire}"]`),
    danger: main.locator('.notice--danger[role=alert]'),
    warning: main.locator('.notice--warning[role=alert]'),
    stepLink: (step: string) => page.locator(`nav.steps a[href="/${lang}/checkout/${step}"]`),
    url: (step: string) => `/${lang}/checkout/${step}`,
  };
}

/// Asserts the step indicator marks step `index` (0-based) of the four as the current one.
async function expectStep(page: Page, lang: Lang, index: number) {
  const ui = checkout(page, lang);
  await expect(ui.steps).toHaveCount(4);
  await expect(ui.current).toHaveCount(1);
  await expect(ui.steps.nth(index).locator('[aria-current=step]')).toHaveCount(1);
}

/// Puts `quantity` of `slug` in a fresh cart and opens the checkout from the cart.
async function startCheckout(page: Page, lang: Lang, slug: string, quantity = 1) {
  await addToCart(page, lang, slug, quantity);
  await page.goto(`/${lang}/cart`);
  await page.locator('.cart__checkout').click();
  await expect(page).toHaveURL(`/${lang}/checkout/address`);
  await expect(page.locator('#email')).toBeVisible();
  await expectStep(page, lang, 0);
}

async function completeAddress(page: Page, lang: Lang) {
  const ui = checkout(page, lang);
  await fillAddress(page, germanAddress);
  await ui.next.click();
  await expect(page).toHaveURL(ui.url('delivery'));
  await expectStep(page, lang, 1);
}

/// Chooses a service (and add-ons) for the one shipment and continues.
async function completeDelivery(
  page: Page,
  lang: Lang,
  seller: string,
  service: string,
  addOns: string[] = [],
) {
  const ui = checkout(page, lang);
  await expect(page.locator('section.shipment')).toHaveCount(1);
  await ui.service(seller, service).check();
  await expect(ui.service(seller, service)).toBeChecked();
  for (const addOn of addOns) {
    await ui.addOn(seller, addOn).check();
    await expect(ui.addOn(seller, addOn)).toBeChecked();
  }
  await ui.next.click();
  await expect(page).toHaveURL(ui.url('payment'));
  await expectStep(page, lang, 2);
}

/// Chooses the duty terms and a way to pay (a card is typed in) and continues.
async function completePayment(page: Page, lang: Lang, terms: 'ddp' | 'ddu', method: string, card?: Card) {
  const ui = checkout(page, lang);
  await page.locator(`#terms-${terms}`).check();
  await expect(page.locator(`#terms-${terms}`)).toBeChecked();
  await ui.method(method).check();
  await expect(ui.method(method)).toBeChecked();
  if (card) {
    await fillCard(page, card);
  }
  await ui.next.click();
  await expect(page).toHaveURL(ui.url('review'));
  await expectStep(page, lang, 3);
}

/// The review's total, as shown in the order summary and on the button.
async function reviewTotal(page: Page, lang: Lang): Promise<string> {
  const ui = checkout(page, lang);
  await expect(ui.total).not.toBeEmpty();
  const total = (await ui.total.textContent())!.trim();
  if (lang === 'en') {
    await expect(ui.next).toHaveText(`Place order and pay ${total}`);
  } else {
    await expect(ui.next).toContainText(total);
  }
  return total;
}

/// Places the order from the review and checks the confirmation; returns the order as the API
/// reads it with the token from the confirmation's link.
async function placeAndConfirm(page: Page, request: APIRequestContext, lang: Lang, total: string) {
  const ui = checkout(page, lang);
  await ui.next.click();
  return confirmation(page, request, lang, total);
}

async function confirmation(page: Page, request: APIRequestContext, lang: Lang, total: string) {
  await expect(page).toHaveURL(`/${lang}/checkout/confirmation`);
  const main = page.getByRole('main');
  const heading = main.getByRole('heading', { level: 1 });
  if (lang === 'en') {
    await expect(heading).toHaveText('Thank you! Your order is placed.');
  } else {
    await expect(heading).not.toBeEmpty();
  }
  const number = main.locator('.confirmation__number');
  await expect(number).toContainText(/CV-\d+/);
  if (lang === 'en') {
    await expect(number).toHaveText(/^Order CV-\d+$/);
    await expect(main).toContainText(
      `We charged ${total} and sent the confirmation to ${germanAddress.email}.`,
    );
  } else {
    await expect(main).toContainText(total);
    await expect(main).toContainText(germanAddress.email);
  }
  const orderNumber = (await number.textContent())!.match(/CV-\d+/)![0];

  // The order's own link carries its token in the fragment; the input holds the full address.
  const link = main.locator(`a[href^="/${lang}/orders/"]`);
  await expect(link).toHaveAttribute('href', /#token=./);
  const href = (await link.getAttribute('href'))!;
  const [, id, token] = href.match(new RegExp(`^/${lang}/orders/([^#/]+)#token=(.+)$`))!;
  const origin = new URL(page.url()).origin;
  await expect(page.locator('#order-link')).toHaveValue(`${origin}${href}`);

  const order = await readOrder(request, decodeURIComponent(id), token);
  expect(order.number).toBe(orderNumber);
  expect(await formatMoney(page, lang, order.total_charged)).toBe(total);

  // The cart is emptied.
  await expect(store(page, lang).cartLink).toContainText('0');
  if (lang === 'en') {
    await expect(store(page, lang).cartLink).toHaveAccessibleName('Cart, 0 items');
  }
  return { order, orderNumber, href };
}

/// "My orders" lists exactly `orders` (numbers), newest first, with their totals.
async function expectMyOrders(page: Page, lang: Lang, orders: { number: string; total: string; href: string }[]) {
  await page.goto(`/${lang}/orders`);
  const main = page.getByRole('main');
  if (lang === 'en') {
    await expect(main.getByRole('heading', { level: 1 })).toHaveText('My orders');
  }
  const items = page.locator('ul.order-list > li');
  await expect(items).toHaveCount(orders.length);
  for (const [index, order] of orders.entries()) {
    await expect(items.nth(index)).toContainText(order.number);
    await expect(items.nth(index)).toContainText(order.total);
    await expect(items.nth(index).getByRole('link')).toHaveAttribute('href', order.href);
  }
}

async function stockOf(request: APIRequestContext, market: Market, slug: string): Promise<number> {
  const product = await productDetail(request, market, slug);
  expect(product.variants).toHaveLength(1);
  return product.variants[0].stock;
}

/// A real quote's offer of `service` for one `product`, alone in its shipment.
async function offerOf(request: APIRequestContext, market: Market, product: string, service: string) {
  const response = await request.post('/api/quotes', {
    data: { destination: market.country, currency: market.currency, lang: market.lang, lines: [{ product, quantity: 1 }] },
  });
  expect(response.ok(), `POST /api/quotes: ${response.status()}`).toBeTruthy();
  type Offer = {
    status: string;
    shipping: Money;
    add_ons: { add_on: string; price: Money }[];
    ddp: { due_at_checkout: Money; due_on_delivery: Money };
    ddu: { due_at_checkout: Money; due_on_delivery: Money };
  };
  const quote: { shipments: { quote: { services: { service_code: string; offer: Offer }[] } }[] } =
    await response.json();
  const found = quote.shipments[0].quote.services.find((s) => s.service_code === service);
  expect(found?.offer.status, `${service} is offered for ${product}`).toBe('available');
  return found!.offer;
}

for (const { locale, lang } of languages) {
  const de: Market = { lang, country: 'DE', currency: 'EUR' };

  test.describe(`checkout in ${lang}`, () => {
    test.use(browserIn(locale, 'DE'));

    test('expedited delivery with special packaging, duties paid now (DDP), to the confirmation', async ({
      page,
      request,
    }) => {
      test.slow();
      const ui = checkout(page, lang);
      const seller = await sellerOf(request, de, MUG);
      await startCheckout(page, lang, MUG);
      await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
      await completeAddress(page, lang);

      // Every service of the lane, the cheapest, fastest and best rated pointed out, each rated.
      const shipment = page.locator('section.shipment');
      await expect(shipment.locator('input[type=radio]').first()).toBeVisible();
      await expect(shipment.locator('.badge--accent')).not.toHaveCount(0);
      await expect(shipment.locator('.service__rating').first()).not.toBeEmpty();
      if (lang === 'en') {
        await expect(shipment.locator('.service__rating').first()).toHaveText(
          /^(Rated \d+(\.\d)? of 7 · \d+ ratings?|Too few ratings yet)$/,
        );
        for (const badge of ['Cheapest', 'Fastest', 'Best rated']) {
          await expect(shipment.locator('.badge--accent', { hasText: badge })).toHaveCount(1);
        }
      }
      // The summary follows the service chosen: its shipping, then special packaging.
      const offer = await offerOf(request, de, MUG, 'lantern-expedited');
      const packaging = offer.add_ons.find((a) => a.add_on === 'special_packaging');
      expect(packaging, 'Lantern Expedited offers special packaging').toBeDefined();
      const packagingPrice = await formatMoney(page, lang, packaging!.price);
      await ui.service(seller, 'lantern-expedited').check();
      // Subtotal, shipping, duties and the total; no add-ons yet.
      const rows = ui.summary.locator('.totals__row');
      await expect(rows.nth(1).locator('dd')).toHaveText(await formatMoney(page, lang, offer.shipping));
      await expect(rows).toHaveCount(4);
      const withoutPackaging = (await ui.total.textContent())!;
      await expect(ui.addOn(seller, 'special_packaging')).not.toBeChecked();
      await expect(ui.addOn(seller, 'special_packaging').locator('xpath=..')).toContainText(packagingPrice);
      await completeDelivery(page, lang, seller, 'lantern-expedited', ['special_packaging']);
      await expect(rows).toHaveCount(5);
      await expect(rows.nth(2).locator('dd')).toHaveText(packagingPrice);
      await expect(ui.total).not.toHaveText(withoutPackaging);

      // Payment: the test-mode notice, then a card.
      await expect(page.locator('.notice--info[role=note]')).toBeVisible();
      if (lang === 'en') {
        await expect(page.locator('.notice--info[role=note]')).toContainText('Test mode: no money moves');
      }
      await ui.method('card').check();
      await expect(page.locator('#card-number')).toBeVisible();
      await completePayment(page, lang, 'ddp', 'card', cards.approved);

      // Review: under DDP nothing is due on delivery.
      const total = await reviewTotal(page, lang);
      await expect(ui.dueRow).toHaveCount(0);
      if (lang === 'en') {
        await expect(ui.sentence).toHaveText(
          `You pay ${total} now, duties and taxes included. Nothing more is due on delivery.`,
        );
      } else {
        await expect(ui.sentence).toContainText(total);
      }
      for (const step of ['address', 'delivery', 'payment']) {
        await expect(page.locator(`.review-section a[href="/${lang}/checkout/${step}"]`)).toBeVisible();
      }

      const { order, orderNumber, href } = await placeAndConfirm(page, request, lang, total);
      expect(order.shipments).toHaveLength(1);
      expect(order.shipments[0].service_code).toBe('lantern-expedited');
      expect(order.shipments[0].terms).toBe('ddp');
      expect(order.shipments[0].add_ons).toEqual([packaging]);
      expect(order.due_on_delivery.amount_minor).toBe(0);
      await expectMyOrders(page, lang, [{ number: orderNumber, total, href }]);
    });

    test('duties paid to the carrier on delivery (DDU), paid by PayPal', async ({ page, request }) => {
      test.slow();
      const ui = checkout(page, lang);
      const seller = await sellerOf(request, de, MUG);
      await startCheckout(page, lang, MUG);
      await completeAddress(page, lang);
      await completeDelivery(page, lang, seller, 'lantern-standard');

      // What DDU leaves to the carrier, from the server's own quote.
      const offer = await offerOf(request, de, MUG, 'lantern-standard');
      expect(offer.ddu.due_on_delivery.amount_minor).toBeGreaterThan(0);
      const due = await formatMoney(page, lang, offer.ddu.due_on_delivery);
      await completePayment(page, lang, 'ddu', 'paypal');

      const total = await reviewTotal(page, lang);
      await expect(ui.dueRow).toHaveCount(1);
      await expect(ui.dueRow.locator('dd')).toHaveText(due);
      if (lang === 'en') {
        await expect(ui.dueRow.locator('dt')).toHaveText('Due to the carrier on delivery');
        await expect(ui.sentence).toHaveText(
          `You pay ${total} now. The carrier will collect ${due} in duties, taxes and its fee before handing over the parcel.`,
        );
      } else {
        await expect(ui.sentence).toContainText(total);
        await expect(ui.sentence).toContainText(due);
      }

      const { order, orderNumber, href } = await placeAndConfirm(page, request, lang, total);
      expect(order.shipments[0].service_code).toBe('lantern-standard');
      expect(order.shipments[0].terms).toBe('ddu');
      expect(await formatMoney(page, lang, order.due_on_delivery)).toBe(due);
      // What happens next names the amount the carrier will ask for.
      await expect(page.locator('.confirmation__next')).toContainText(due);
      await expectMyOrders(page, lang, [{ number: orderNumber, total, href }]);
    });

    test('a wrong postal code is pointed out on its field, and nothing typed is lost', async ({ page }) => {
      const ui = checkout(page, lang);
      await startCheckout(page, lang, MUG);
      const typed = { ...germanAddress, 'address-postal_code': '1055' };
      await fillAddress(page, typed);
      await ui.next.click();

      const postal = page.locator('#address-postal_code');
      const error = page.locator('#address-postal_code-error');
      await expect(error).toBeVisible();
      await expect(error).toHaveClass(/field__error/);
      await expect(postal).toHaveAttribute('aria-invalid', 'true');
      await expect(postal).toHaveAttribute('aria-describedby', /(^| )address-postal_code-error( |$)/);
      await expect(postal).toBeFocused();
      if (lang === 'en') {
        await expect(error).toHaveText('This is not a postal code in Germany. For example: 12345');
      } else {
        await expect(error).toContainText(await regionName(page, lang, 'DE'));
      }
      // Only that field is wrong, and every other field keeps what was typed.
      await expect(page.locator('p.field__error')).toHaveCount(1);
      await expect(page.locator('[aria-invalid=true]')).toHaveCount(1);
      await expectAddress(page, typed);
      await expect(page).toHaveURL(ui.url('address'));
      await expectStep(page, lang, 0);

      // Fixing it clears the error as it is typed, and the checkout moves on.
      await postal.fill('10557');
      await expect(error).toHaveCount(0);
      await expect(postal).not.toHaveAttribute('aria-invalid', 'true');
      await ui.next.click();
      await expect(page).toHaveURL(ui.url('delivery'));
      await page.goBack();
      await expect(page).toHaveURL(ui.url('address'));
      await expectAddress(page, germanAddress);
    });

    test('a step opened before the ones it needs sends the buyer to the first open one', async ({
      page,
      request,
    }) => {
      const ui = checkout(page, lang);
      const seller = await sellerOf(request, de, MUG);
      await startCheckout(page, lang, MUG);
      for (const step of ['delivery', 'payment', 'review', 'confirmation']) {
        await page.goto(ui.url(step));
        await expect(page).toHaveURL(ui.url('address'));
        await expect(page.locator('#email')).toBeVisible();
        await expectStep(page, lang, 0);
      }
      await completeAddress(page, lang);
      // The delivery step starts with a service chosen for the shipment, so it is complete.
      await expect(page.locator(`input[type=radio][name="service-${seller}"]:checked`)).toHaveCount(1);
      for (const step of ['review', 'confirmation']) {
        await page.goto(ui.url(step));
        await expect(page).toHaveURL(ui.url('payment'));
        await expectStep(page, lang, 2);
      }
      // The steps done are links back; the current and later ones are not.
      await expect(page.locator('nav.steps a')).toHaveCount(2);
      await expect(ui.stepLink('address')).toBeVisible();
      await expect(ui.stepLink('delivery')).toBeVisible();
    });

    test('Back and Forward keep everything; a reload keeps all but the card', async ({ page, request }) => {
      test.slow();
      const ui = checkout(page, lang);
      const seller = await sellerOf(request, de, MUG);
      const note = 'Bitte beim Nachbarn im Erdgeschoss abgeben';
      await startCheckout(page, lang, MUG);
      await completeAddress(page, lang);
      await expect(ui.service(seller, 'lantern-standard')).toBeVisible();
      await ui.note(seller).fill(note);
      await completeDelivery(page, lang, seller, 'lantern-standard', ['special_packaging']);
      await completePayment(page, lang, 'ddu', 'card', cards.approved);
      const total = await reviewTotal(page, lang);
      const review = page.locator('.checkout__step');
      await expect(review).toContainText(note);
      await expect(review).toContainText('4242');

      const expectPayment = async (card: Card | null) => {
        await expect(page).toHaveURL(ui.url('payment'));
        await expect(page.locator('#terms-ddu')).toBeChecked();
        await expect(page.locator('#terms-ddp')).not.toBeChecked();
        await expect(ui.method('card')).toBeChecked();
        const fields = ['#card-number', '#card-expiry', '#card-cvc', '#card-holder'];
        const values = card ? [card.number, card.expiry, card.cvc, card.holder] : ['', '', '', ''];
        for (const [index, field] of fields.entries()) {
          await expect(page.locator(field), field).toHaveValue(values[index]);
        }
      };
      const expectDelivery = async () => {
        await expect(page).toHaveURL(ui.url('delivery'));
        await expect(ui.service(seller, 'lantern-standard')).toBeChecked();
        await expect(ui.addOn(seller, 'special_packaging')).toBeChecked();
        await expect(ui.note(seller)).toHaveValue(note);
        await expect(ui.total).toHaveText(total);
      };
      const expectAddressStep = async () => {
        await expect(page).toHaveURL(ui.url('address'));
        await expectAddress(page, germanAddress);
      };

      // Back through every step, then Forward again to the review.
      await page.goBack();
      await expectPayment(cards.approved);
      await page.goBack();
      await expectDelivery();
      await page.goBack();
      await expectAddressStep();
      await page.goForward();
      await expectDelivery();
      await page.goForward();
      await expectPayment(cards.approved);
      await page.goForward();
      await expect(page).toHaveURL(ui.url('review'));
      await expect(ui.next).toContainText(total);
      await expect(review).toContainText(note);

      // A reload on the review: the card is gone (it is never stored), so the checkout goes back
      // to the payment step with everything else in place.
      await page.reload();
      await expectPayment(null);
      await expect(ui.total).toHaveText(total);
      await ui.stepLink('delivery').click();
      await expectDelivery();
      await ui.stepLink('address').click();
      await expectAddressStep();

      // A reload on the payment step, with the card typed again: the same.
      await ui.next.click();
      await expectDelivery();
      await ui.next.click();
      await expect(page).toHaveURL(ui.url('payment'));
      await fillCard(page, cards.approved);
      await page.reload();
      await expectPayment(null);

      // Paying without a card, a reload on the review stays there with every choice.
      await ui.method('paypal').check();
      await ui.next.click();
      await expect(page).toHaveURL(ui.url('review'));
      await page.reload();
      await expect(page).toHaveURL(ui.url('review'));
      await expect(ui.next).toContainText(total);
      await expect(review).toContainText(germanAddress['address-line1']);
      await expect(review).toContainText(germanAddress['address-postal_code']);
      await expect(review).toContainText(germanAddress.email);
      await expect(review).toContainText(note);
      await expect(ui.dueRow).toHaveCount(1);
    });

    test('a double click on "Place order" places one order', async ({ page, request }) => {
      test.slow();
      const ui = checkout(page, lang);
      const product = mine(lang, ['balsam-pine-soap', 'rice-water-toner', 'wildflower-honey', 'lavender-perfume-oil']);
      const quantity = 2;
      const seller = await sellerOf(request, de, product);
      const stock = await stockOf(request, de, product);
      expect(stock).toBeGreaterThanOrEqual(quantity);

      await startCheckout(page, lang, product, quantity);
      await completeAddress(page, lang);
      const cheapest = page.locator(`input[type=radio][name="service-${seller}"]:not([disabled])`).first();
      await completeDelivery(page, lang, seller, (await cheapest.getAttribute('value'))!);
      await completePayment(page, lang, 'ddp', 'card', cards.approved);
      const total = await reviewTotal(page, lang);

      // Hold the first order request until the button has shown that it is placing.
      let release!: () => void;
      const held = new Promise<void>((done) => (release = done));
      let posted = 0;
      await page.route('**/api/orders', async (route) => {
        if (route.request().method() === 'POST' && ++posted === 1) {
          await held;
        }
        await route.fallback();
      });
      await ui.next.dblclick();
      await expect(ui.next).toBeDisabled();
      await expect(ui.next).toHaveAttribute('aria-busy', 'true');
      if (lang === 'en') {
        await expect(ui.next).toHaveText('Placing your order…');
      }
      release();

      const { orderNumber, href } = await confirmation(page, request, lang, total);
      expect(await stockOf(request, de, product)).toBe(stock - quantity);
      await expectMyOrders(page, lang, [{ number: orderNumber, total, href }]);
    });

    test('a declined card places nothing; another card then pays the same checkout', async ({
      page,
      request,
    }) => {
      test.slow();
      const ui = checkout(page, lang);
      const product = mine(lang, ['beeswax-candles', 'linen-tea-towels', 'pure-vanilla-extract', 'hanji-letter-set']);
      const seller = await sellerOf(request, de, product);
      const stock = await stockOf(request, de, product);

      await startCheckout(page, lang, product);
      await completeAddress(page, lang);
      const cheapest = page.locator(`input[type=radio][name="service-${seller}"]:not([disabled])`).first();
      await completeDelivery(page, lang, seller, (await cheapest.getAttribute('value'))!);
      await completePayment(page, lang, 'ddp', 'card', cards.declined);
      const total = await reviewTotal(page, lang);

      await ui.next.click();
      await expect(ui.danger).toBeVisible();
      if (lang === 'en') {
        await expect(ui.danger).toContainText(
          'Your payment was declined, and nothing was charged. Try another card or way to pay.',
        );
      }
      // Nothing placed: still on the review, the cart still full, no stock taken.
      await expect(page).toHaveURL(ui.url('review'));
      await expect(ui.next).toBeEnabled();
      await expect(ui.next).toContainText(total);
      await expect(store(page, lang).cartLink).toContainText('1');
      expect(await stockOf(request, de, product)).toBe(stock);

      // The notice leads back to the payment step, where another card pays.
      await ui.danger.locator(`a[href="/${lang}/checkout/payment"]`).click();
      await expect(page).toHaveURL(ui.url('payment'));
      await expect(page.locator('#card-number')).toHaveValue(cards.declined.number);
      await fillCard(page, cards.approved);
      await ui.next.click();
      await expect(page).toHaveURL(ui.url('review'));
      await expect(ui.danger).toHaveCount(0);
      expect(await reviewTotal(page, lang)).toBe(total);

      const { orderNumber, href } = await placeAndConfirm(page, request, lang, total);
      expect(await stockOf(request, de, product)).toBe(stock - 1);
      await expectMyOrders(page, lang, [{ number: orderNumber, total, href }]);
    });
  });

  test.describe(`checkout accessibility in ${lang}`, () => {
    // The app's Content-Security-Policy rightly refuses injected scripts; axe is one.
    test.use({ ...browserIn(locale, 'DE'), bypassCSP: true });

    test('every step, with errors shown, the confirmation and My orders pass axe', async ({
      page,
      request,
    }) => {
      test.slow();
      const ui = checkout(page, lang);
      const product = 'maple-syrup';
      const seller = await sellerOf(request, de, product);
      await startCheckout(page, lang, product);
      await expectNoViolations(page);

      // The address with every error shown: submitted empty.
      await ui.next.click();
      await expect(page.locator('#email-error')).toBeVisible();
      await expect(page.locator('#email')).toBeFocused();
      await expect(page.locator('#address-name-error')).toBeVisible();
      await expectNoViolations(page);
      await completeAddress(page, lang);

      await expect(ui.service(seller, 'lantern-standard')).toBeVisible();
      await expectNoViolations(page);
      await ui.service(seller, 'lantern-standard').check();
      await ui.next.click();
      await expect(page).toHaveURL(ui.url('payment'));

      await ui.method('card').check();
      await expect(page.locator('#card-number')).toBeVisible();
      await expectNoViolations(page);
      await completePayment(page, lang, 'ddu', 'card', cards.approved);

      const total = await reviewTotal(page, lang);
      await expectNoViolations(page);

      await ui.next.click();
      await expect(page).toHaveURL(`/${lang}/checkout/confirmation`);
      await expect(page.locator('.confirmation__number')).toContainText(/CV-\d+/);
      await expect(page.getByRole('main')).toContainText(total);
      await expectNoViolations(page);

      await page.goto(`/${lang}/orders`);
      await expect(page.locator('ul.order-list > li')).toHaveCount(1);
      await expectNoViolations(page);
    });
  });
}

// The store operator publishes new rates and expires every open quote: a buyer at the review
// is priced again and confirms the new total. Serial, and alone on the server from the first
// quote to the order (no other checkout runs meanwhile, nor another publication); the original
// rates are published back afterwards.
const alone = base.extend<{ ratesAlone: void }>({
  ratesAlone: [
    async ({}, use) => {
      const release = await holdRatesAlone();
      try {
        await use();
      } finally {
        await release();
      }
    },
    { auto: true, timeout: 120_000 },
  ],
});

alone.describe('an expired quote', () => {
  alone.describe.configure({ mode: 'serial' });

  for (const { locale, lang } of languages) {
    const de: Market = { lang, country: 'DE', currency: 'EUR' };

    alone.describe(`in ${lang}`, () => {
      alone.use(browserIn(locale, 'DE'));

      alone('is priced again at new exchange rates and placed at the new total once confirmed', async ({
        page,
        request,
      }) => {
        alone.slow();
        const ui = checkout(page, lang);
        const seller = await sellerOf(request, de, MUG);
        const before = await productDetail(request, de, MUG);
        expect(before.variants[0].price.currency, 'the mug is priced in pounds').toBe('GBP');

        await startCheckout(page, lang, MUG);
        await completeAddress(page, lang);
        await completeDelivery(page, lang, seller, 'lantern-standard');
        await completePayment(page, lang, 'ddp', 'card', cards.approved);
        const was = await reviewTotal(page, lang);

        // The pound now buys a quarter more euros: the mug costs more.
        const inForce = await ratesInForce(request);
        expect(inForce.base).toBe('EUR');
        const today = new Date().toISOString().slice(0, 10);
        const asOf = inForce.as_of > today ? inForce.as_of : today;
        const rates = { ...inForce.rates, GBP: Math.round(inForce.rates.GBP * 0.8) };
        await publishRates(request, { as_of: asOf, rates }, true);
        try {
          const after = await productDetail(request, de, MUG);
          const goods = after.variants[0].local_price!;
          expect(goods.amount_minor).toBeGreaterThan(before.variants[0].local_price!.amount_minor);

          // Placing meets the expired quote; the app prices the cart again and asks.
          await ui.next.click();
          await expect(ui.warning).toBeVisible();
          await expect(ui.total).not.toHaveText(was);
          const now = (await ui.total.textContent())!.trim();
          await expect(ui.warning).toContainText(was);
          await expect(ui.warning).toContainText(now);
          if (lang === 'en') {
            await expect(ui.warning.locator('.notice__title')).toHaveText(
              'Your quote expired, so we priced your order again. Please confirm:',
            );
            await expect(ui.warning.getByRole('listitem')).toHaveText([
              `The total changed from ${was} to ${now}.`,
            ]);
            await expect(ui.next).toHaveText(`Confirm and pay ${now}`);
          } else {
            await expect(ui.next).toContainText(now);
          }
          // Not placed yet.
          await expect(page).toHaveURL(ui.url('review'));
          await expect(store(page, lang).cartLink).toContainText('1');

          await ui.next.click();
          const { order, orderNumber, href } = await confirmation(page, request, lang, now);
          expect(order.shipments[0].line_totals[0]).toEqual(goods);
          await expectMyOrders(page, lang, [{ number: orderNumber, total: now, href }]);
        } finally {
          // The same day's set replaces the one just published.
          await publishRates(request, { as_of: asOf, rates: inForce.rates }, false);
        }
      });
    });
  }
});
