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

export type ProductList = { items: ProductSummary[]; total: number; page: number; per_page: number };

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
): Promise<{ shipping: Money; duties: Money }> {
  const response = await request.post('/api/quotes', {
    data: { destination: market.country, currency: market.currency, lang: market.lang, lines },
  });
  expect(response.ok(), `POST /api/quotes: ${response.status()}`).toBeTruthy();
  type Offer = { status: string; shipping: Money; ddp: { due_at_checkout: Money } };
  const quote: { shipments: { quote: { services: { offer: Offer }[] } }[] } =
    await response.json();
  const shipping = { amount_minor: 0, currency: market.currency };
  const duties = { amount_minor: 0, currency: market.currency };
  for (const shipment of quote.shipments) {
    const offers = shipment.quote.services
      .map((service) => service.offer)
      .filter((offer) => offer.status === 'available');
    expect(offers.length, 'every shipment has a carrier').toBeGreaterThan(0);
    const cheapest = offers.reduce((a, b) => (b.shipping.amount_minor < a.shipping.amount_minor ? b : a));
    shipping.amount_minor += cheapest.shipping.amount_minor;
    duties.amount_minor += cheapest.ddp.due_at_checkout.amount_minor;
  }
  return { shipping, duties };
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
    // The disclosure button comes first in the header, before the panel's own Done button.
    marketButton: en
      ? page.getByRole('button', { name: 'Language, country and currency' })
      : banner.getByRole('button').first(),
    marketPanel: panel,
    languageSelect: combobox(panel, 'Language', 0),
    countrySelect: combobox(panel, 'Ship to', 1),
    currencySelect: combobox(panel, 'Currency', 2),
    doneButton: en ? panel.getByRole('button', { name: 'Done' }) : panel.getByRole('button'),
    // The header's last link is the cart.
    cartLink: en ? banner.getByRole('link', { name: /^Cart, / }) : banner.getByRole('link').last(),
    searchBox: en
      ? search.getByRole('searchbox', { name: 'Search products' })
      : search.getByRole('searchbox'),
    searchButton: en ? search.getByRole('button', { name: 'Search' }) : search.getByRole('button'),
    categorySelect: combobox(filters, 'Category', 0),
    sortSelect: combobox(filters, 'Sort by', 1),
    shipsTo: (country: string) =>
      filters.getByRole('checkbox', en ? { name: `Only what ships to ${country}` } : {}),
    resultCards: main.getByRole('article'),
    quantity: en ? main.getByRole('spinbutton', { name: 'Quantity' }) : main.getByRole('spinbutton'),
    // On a product page without variants the add-to-cart button is the only button in main.
    addToCart: en ? main.getByRole('button', { name: 'Add to cart' }) : main.getByRole('button'),
  };
}

/// Waits until the page's content has replaced every loading placeholder.
export async function settled(page: Page) {
  await expect(page.locator('.skeleton')).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toBeVisible();
}
