import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

// Shared by the specs: the API's answers as expected values, amounts and names formatted by the
// browser's own Intl (the same ICU data the app formats with), and locators for the store's
// controls. The Arabic translation is still being written, so outside English the controls are
// found by role and position rather than by their (changing) labels.

export type Lang = 'en' | 'ar';

/// The two languages the journeys run in: a left-to-right one and a right-to-left one.
export const languages: { locale: string; lang: Lang }[] = [
  { locale: 'en-US', lang: 'en' },
  { locale: 'ar-EG', lang: 'ar' },
];

/// A browser in `country`: its languages carry the region (`en-DE`), which is how the server
/// knows where a first-time buyer ships to, and its clock is in the country's time zone.
export function browserIn(locale: string, country: 'DE' | 'AU') {
  const zones = { DE: 'Europe/Berlin', AU: 'Australia/Sydney' };
  return { locale: `${locale.split('-')[0]}-${country}`, timezoneId: zones[country] };
}

export type Money = { amount_minor: number; currency: string };

export type ProductSummary = {
  slug: string;
  name: string;
  category: string;
  price: Money;
  local_price?: Money;
  stock: number;
  restriction?: { trait: string; reason: string };
};

export type FacetCount = { key: string; label?: string; count: number };

export type Facets = {
  categories: FacetCount[];
  makers: FacetCount[];
  origins: FacetCount[];
  ships_to?: number;
  ddp?: number;
  arrives_by: { date: string; count: number }[];
};

export type ProductList = {
  items: ProductSummary[];
  total: number;
  page: number;
  per_page: number;
  facets: Facets;
};

export type ProductDetail = {
  slug: string;
  name: string;
  variants: { key: string; price: Money; local_price?: Money; stock: number }[];
  restriction?: { trait: string; reason: string };
};

/// A market as the API takes it.
export type Market = { lang: Lang; country: string; currency: string };

export async function listProducts(
  request: APIRequestContext,
  market: Market,
  filters: Record<string, string> = {},
): Promise<ProductList> {
  const response = await request.get('/api/products', { params: { ...market, ...filters } });
  expect(response.ok(), `GET /api/products: ${response.status()}`).toBeTruthy();
  return response.json();
}

export async function productDetail(
  request: APIRequestContext,
  market: Market,
  slug: string,
): Promise<ProductDetail> {
  const response = await request.get(`/api/products/${slug}`, { params: { ...market } });
  expect(response.ok(), `GET /api/products/${slug}: ${response.status()}`).toBeTruthy();
  return response.json();
}

/// The cart's shipping and duties with the cheapest service of every shipment, from a real
/// quote: what the cart page's summary should show.
export async function cheapestEstimate(
  request: APIRequestContext,
  market: Market,
  lines: { product: string; quantity: number }[],
): Promise<{ shipping: Money; duties: Money; total: Money }> {
  const response = await request.post('/api/quotes', {
    data: { destination: market.country, currency: market.currency, lang: market.lang, lines },
  });
  expect(response.ok(), `POST /api/quotes: ${response.status()}`).toBeTruthy();
  type Offer = { status: string; shipping: Money; ddp: { due_at_checkout: Money } };
  const quote: { shipments: { quote: { goods: Money; services: { offer: Offer }[] } }[] } =
    await response.json();
  const shipping = { amount_minor: 0, currency: market.currency };
  const duties = { amount_minor: 0, currency: market.currency };
  const total = { amount_minor: 0, currency: market.currency };
  for (const shipment of quote.shipments) {
    const offers = shipment.quote.services
      .map((service) => service.offer)
      .filter((offer) => offer.status === 'available');
    expect(offers.length, 'every shipment has a carrier').toBeGreaterThan(0);
    const cheapest = offers.reduce((a, b) => (b.shipping.amount_minor < a.shipping.amount_minor ? b : a));
    shipping.amount_minor += cheapest.shipping.amount_minor;
    duties.amount_minor += cheapest.ddp.due_at_checkout.amount_minor;
    total.amount_minor +=
      shipment.quote.goods.amount_minor +
      cheapest.shipping.amount_minor +
      cheapest.ddp.due_at_checkout.amount_minor;
  }
  return { shipping, duties, total };
}

/// `money` as the page's Intl writes it in `lang`, e.g. A$47.41 or ‏47.41 AU$.
export function formatMoney(page: Page, lang: string, money: Money): Promise<string> {
  return page.evaluate(
    ({ lang, money }) => {
      const format = new Intl.NumberFormat(lang, { style: 'currency', currency: money.currency });
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      // Intl takes a decimal string exactly; no float rounding.
      const sign = money.amount_minor < 0 ? '-' : '';
      const units = String(Math.abs(money.amount_minor)).padStart(digits + 1, '0');
      const decimal =
        digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
      return format.format(`${sign}${decimal}` as unknown as number);
    },
    { lang, money },
  );
}

/// A country's name in `lang`, e.g. AU → Australia / أستراليا.
export function regionName(page: Page, lang: string, code: string): Promise<string> {
  return page.evaluate(
    ({ lang, code }) => new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code,
    { lang, code },
  );
}

/// The store's controls. English ones are found by their exact labels; in other languages by
/// role and order, which the translations do not change.
export function store(page: Page, lang: Lang) {
  const en = lang === 'en';
  const banner = page.getByRole('banner');
  const main = page.getByRole('main');
  const panel = en
    ? page.getByRole('group', { name: 'Language, country and currency' })
    : banner.getByRole('group');
  // The catalog's filters are the only group in its main content.
  const filters = en ? main.getByRole('group', { name: 'Filters' }) : main.getByRole('group');
  const combobox = (within: Locator, name: string, index: number) =>
    en ? within.getByRole('combobox', { name, exact: true }) : within.getByRole('combobox').nth(index);
  const search = page.getByRole('search');
  return {
    main,
    // The header's one button that discloses something (the search's submits).
    marketButton: en
      ? page.getByRole('button', { name: 'Language, country and currency' })
      : banner.getByRole('button').and(banner.locator('[aria-expanded]')),
    marketPanel: panel,
    languageSelect: combobox(panel, 'Language', 0),
    countrySelect: combobox(panel, 'Ship to', 1),
    currencySelect: combobox(panel, 'Currency', 2),
    doneButton: en ? panel.getByRole('button', { name: 'Done' }) : panel.getByRole('button'),
    // The header's last link is the cart.
    cartLink: en ? banner.getByRole('link', { name: /^Cart, / }) : banner.getByRole('link').last(),
    // The header's search box suggests as the buyer types: a combobox.
    searchBox: en
      ? search.getByRole('combobox', { name: 'Search products' })
      : search.getByRole('combobox'),
    suggestions: search.getByRole('listbox'),
    searchButton: en ? search.getByRole('button', { name: 'Search' }) : search.getByRole('button'),
    categorySelect: combobox(filters, 'Category', 0),
    makerSelect: combobox(filters, 'Maker', 1),
    originSelect: combobox(filters, 'Ships from', 2),
    arrivesSelect: combobox(filters, 'Arrives by', 3),
    sortSelect: combobox(filters, 'Sort by', 4),
    // Each label ends with how many products it leaves.
    shipsTo: (country: string) =>
      en
        ? filters.getByRole('checkbox', { name: `Only what ships to ${country}` })
        : filters.getByRole('checkbox').first(),
    nothingAtDoor: en
      ? filters.getByRole('checkbox', { name: 'Nothing to pay at the door' })
      : filters.getByRole('checkbox').nth(1),
    // On a phone the filters wait behind this button, in a dialog.
    filtersButton: main.getByRole('button').and(main.locator('[aria-controls="filters-panel"]')),
    filtersDialog: main.getByRole('dialog'),
    resultCards: main.getByRole('article'),
    quantity: en ? main.getByRole('spinbutton', { name: 'Quantity' }) : main.getByRole('spinbutton'),
    // On a product page without variants the add-to-cart button is the only button in main.
    addToCart: en ? main.getByRole('button', { name: 'Add to cart' }) : main.getByRole('button'),
  };
}

/// Opens the catalog's filters where they wait behind a button (on a phone); elsewhere they are
/// in the page already.
export async function showFilters(page: Page, lang: Lang) {
  const ui = store(page, lang);
  if (await ui.filtersButton.isVisible()) {
    await ui.filtersButton.click();
    await expect(ui.filtersDialog).toBeVisible();
  }
}

/// Closes the filters' dialog, if it is open, so the products can be reached.
export async function hideFilters(page: Page, lang: Lang) {
  const ui = store(page, lang);
  if (await ui.filtersDialog.isVisible()) {
    await page.keyboard.press('Escape');
    await expect(ui.filtersDialog).toBeHidden();
  }
}

/// Waits until the page's content has replaced every loading placeholder.
export async function settled(page: Page) {
  await expect(page.locator('.skeleton')).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toBeVisible();
}

// ---------------------------------------------------------------------------------------------
// Checkout: buying, addresses, the store operator's API, and accessibility checks.

/// Adds `quantity` of a product without variants to the cart from its page, and waits until
/// the cart holds it.
export async function addToCart(page: Page, lang: Lang, slug: string, quantity = 1) {
  await page.goto(`/${lang}/products/${slug}`);
  const form = page.locator('form.add-to-cart');
  const quantityInput = form.locator('input[type=number]');
  await expect(quantityInput).toBeVisible();
  if (quantity !== 1) {
    await quantityInput.fill(String(quantity));
    await quantityInput.blur();
    await expect(quantityInput).toHaveValue(String(quantity));
  }
  await form.locator('button[type=submit]').click();
  await expect(form.getByRole('status').getByRole('link')).toHaveAttribute('href', `/${lang}/cart`);
  await expect(store(page, lang).cartLink).toContainText(String(quantity));
}

/// The seller (slug) whose shipment carries `product`, from a real quote to `market`.
export async function sellerOf(
  request: APIRequestContext,
  market: Market,
  product: string,
): Promise<string> {
  const response = await request.post('/api/quotes', {
    data: { destination: market.country, currency: market.currency, lang: market.lang, lines: [{ product, quantity: 1 }] },
  });
  expect(response.ok(), `POST /api/quotes: ${response.status()}`).toBeTruthy();
  const quote: { shipments: { seller: string }[] } = await response.json();
  expect(quote.shipments).toHaveLength(1);
  return quote.shipments[0].seller;
}

/// A valid German address, and the ids of the inputs that take it (Germany's address format).
export const germanAddress = {
  email: 'erika@example.com',
  'address-name': 'Erika Mustermann',
  'address-organization': 'Mustermann & Söhne',
  'address-line1': 'Heidestraße 17',
  'address-line2': 'Hinterhaus, 3. OG',
  'address-postal_code': '10557',
  'address-city': 'Berlin',
  'address-phone': '030 1234567',
};

export type AddressInput = typeof germanAddress;

/// Types every field of `address` into the address step.
export async function fillAddress(page: Page, address: AddressInput) {
  for (const [id, value] of Object.entries(address)) {
    await page.locator(`#${id}`).fill(value);
  }
}

/// Asserts the address step's inputs hold `address`.
export async function expectAddress(page: Page, address: AddressInput) {
  for (const [id, value] of Object.entries(address)) {
    await expect(page.locator(`#${id}`), `#${id}`).toHaveValue(value);
  }
}

/// The test card that the server's test payment provider approves, and the one it declines.
export const cards = {
  approved: { number: '4242 4242 4242 4242', expiry: '12/34', cvc: '123', holder: 'Erika Mustermann' },
  declined: { number: '4000 0000 0000 0002', expiry: '12/34', cvc: '123', holder: 'Erika Mustermann' },
};

export type Card = (typeof cards)['approved'];

export async function fillCard(page: Page, card: Card) {
  await page.locator('#card-number').fill(card.number);
  await page.locator('#card-expiry').fill(card.expiry);
  await page.locator('#card-cvc').fill(card.cvc);
  await page.locator('#card-holder').fill(card.holder);
}

export type PlacedOrder = {
  id: string;
  number: string;
  currency: string;
  total_charged: Money;
  due_on_delivery: Money;
  shipments: {
    seller: string;
    service_code: string;
    terms: 'ddp' | 'ddu';
    add_ons: { add_on: string; price: Money }[];
    line_totals: Money[];
    delivery_note?: string;
  }[];
};

/// An order read from the API with its access token, as its page would.
export async function readOrder(
  request: APIRequestContext,
  id: string,
  token: string,
): Promise<PlacedOrder> {
  const response = await request.get(`/api/orders/${encodeURIComponent(id)}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.ok(), `GET /api/orders/${id}: ${response.status()}`).toBeTruthy();
  return response.json();
}

/// The exchange rates in force, as `GET /api/markets` shows them: units of each currency per
/// unit of the base, in millionths.
export type RateTable = { base: string; as_of: string; rates: Record<string, number> };

export async function ratesInForce(request: APIRequestContext): Promise<RateTable> {
  const response = await request.get('/api/markets');
  expect(response.ok(), `GET /api/markets: ${response.status()}`).toBeTruthy();
  return (await response.json()).exchange_rates;
}

/// Publishes `rates` as the store operator (`OPERATOR_KEY`, set by `cargo xtask test`).
export async function publishRates(
  request: APIRequestContext,
  table: { as_of: string; rates: Record<string, number> },
  expireOpenQuotes: boolean,
): Promise<RateTable> {
  const key = process.env.OPERATOR_KEY;
  if (!key) {
    throw new Error('OPERATOR_KEY is not set: run the end-to-end tests with `cargo xtask test e2e`');
  }
  const response = await request.post('/api/exchange-rates', {
    headers: { 'X-Operator-Key': key },
    data: { as_of: table.as_of, rates: table.rates, expire_open_quotes: expireOpenQuotes },
  });
  expect(response.status(), `POST /api/exchange-rates: ${await response.text()}`).toBe(201);
  return response.json();
}

// Publishing rates with `expire_open_quotes` expires every open quote on the server, so it
// would re-price a checkout another worker has in progress. A test that publishes rates holds
// the writer's lock, alone; checkout tests hold a reader's lock, together, for as long as they
// rely on their quote. The locks are files, named after the server, in a folder every worker
// shares.

const pause = () => new Promise((done) => setTimeout(done, 50));

/// The lock folder, and the prefix of this server's lock files in it.
async function lockFiles(): Promise<{ folder: string; prefix: string }> {
  const folder = join(tmpdir(), 'storefront-e2e-rates');
  await mkdir(folder, { recursive: true });
  const server = new URL(process.env.BASE_URL!).host.replace(/[^0-9A-Za-z]/g, '-');
  return { folder, prefix: `${server}-` };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/// Waits until no rates are being published, and keeps them from being published until the
/// returned function is called.
export async function holdRatesSteady(): Promise<() => Promise<void>> {
  const { folder, prefix } = await lockFiles();
  const writer = join(folder, `${prefix}writer`);
  for (;;) {
    if (!(await exists(writer))) {
      const mine = join(folder, `${prefix}reader-${randomUUID()}`);
      await writeFile(mine, '');
      // A writer that came in meanwhile goes first.
      if (!(await exists(writer))) {
        return () => rm(mine, { force: true });
      }
      await rm(mine, { force: true });
    }
    await pause();
  }
}

/// Waits until no other test relies on its quote nor publishes rates, and holds that until the
/// returned function is called.
export async function holdRatesAlone(): Promise<() => Promise<void>> {
  const { folder, prefix } = await lockFiles();
  const writer = join(folder, `${prefix}writer`);
  for (;;) {
    try {
      await (await open(writer, 'wx')).close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      await pause();
    }
  }
  while ((await readdir(folder)).some((name) => name.startsWith(`${prefix}reader-`))) {
    await pause();
  }
  return () => rm(writer, { force: true });
}

const axeScript = require.resolve('axe-core/axe.min.js');

type Violation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
};

/// Runs axe-core's WCAG 2.1 A and AA rules on the page once it has settled (the page's context
/// needs `bypassCSP: true`: the app's Content-Security-Policy rightly refuses injected scripts),
/// and expects no violation, one line per violation so the diff reads as the report.
export async function expectNoViolations(page: Page) {
  await settled(page);
  await page.addScriptTag({ path: axeScript });
  const violations: Violation[] = await page.evaluate(async () => {
    type Axe = { run: (...args: unknown[]) => Promise<{ violations: Violation[] }> };
    const { axe } = window as unknown as { axe: Axe };
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return results.violations;
  });
  const found = violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} — ` +
      violation.nodes
        .map((node) => `${JSON.stringify(node.target)} ${node.failureSummary?.replace(/\s+/g, ' ')}`)
        .join('; '),
  );
  expect(found, `axe found on ${page.url()}`).toEqual([]);
}

/// Places a one-item order to Berlin through the API, as a buyer's checkout would, with
/// `service` (Bastion's standard by default), and returns it with its access token.
export async function placeOrder(request: APIRequestContext, key: string, service = 'bastion-standard') {
  const quote = await (
    await request.post('/api/quotes', {
      data: { destination: 'DE', currency: 'EUR', lines: [{ product: 'linen-tea-towels', quantity: 1 }] },
    })
  ).json();
  const response = await request.post('/api/orders', {
    headers: { 'Idempotency-Key': key },
    data: {
      quote_id: quote.id,
      email: 'erika@example.com',
      address: {
        country: 'DE', name: 'Erika Mustermann', line1: 'Heidestraße 17', city: 'Berlin',
        postal_code: '10557', phone: '030 1234567',
      },
      shipments: [{ seller: quote.shipments[0].seller, service, terms: 'ddp' }],
      payment: { method: 'paypal' },
    },
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as {
    order: { id: string; shipments: { seller: string; carrier_code: string; service_code: string }[] };
    access_token: string;
  };
}

/// The seller key of `slug`, from the keys `cargo xtask test` hands over in SELLER_KEYS (the
/// server's `--print-seller-keys` output: slug, key and name per line, tab-separated).
export function sellerKey(slug: string): string {
  const line = (process.env.SELLER_KEYS ?? '')
    .split('\n')
    .map((row) => row.split('\t'))
    .find(([name]) => name === slug);
  if (!line) throw new Error(`no seller key for ${slug}: run the suite with \`cargo xtask test e2e\``);
  return line[1];
}

/// The number of ratings behind `service`'s score, as the carriers API reports it.
export async function ratingCount(request: APIRequestContext, service: string): Promise<number> {
  type Carrier = { services: { code: string; rating: { n: number } }[] };
  const carriers: Carrier[] = await (await request.get('/api/carriers')).json();
  const found = carriers.flatMap((c) => c.services).find((s) => s.code === service);
  expect(found, `service ${service}`).toBeDefined();
  return found!.rating.n;
}
