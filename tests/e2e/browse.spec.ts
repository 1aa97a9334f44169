import { expect, test } from '@playwright/test';
import {
  browserIn,
  cheapestEstimate,
  formatMoney,
  hideFilters,
  languages,
  listProducts,
  productDetail,
  regionName,
  showFilters,
  store,
  type Market,
} from './support';

// A buyer's journey through the catalog to the cart, in a left-to-right and a right-to-left
// language, against the real server and database. Expected names, prices and restrictions come
// from the API, so the tests follow the seed data rather than copies of it.

for (const { locale, lang } of languages) {
  const other = lang === 'en' ? 'ar' : 'en';

  test.describe(`in ${lang}`, () => {
    // The browser says Berlin: the store starts on Germany and euros, so choosing Australia
    // is a real change of country and currency.
    test.use(browserIn(locale, 'DE'));

    test('a buyer ships to Australia: search, filter, product, cart, reload', async ({
      page,
      request,
    }) => {
      // The longest journey of the suite: many pages, each loading the app's data.
      test.slow();
      const ui = store(page, lang);
      const au: Market = { lang, country: 'AU', currency: 'AUD' };

      await page.goto(`/${lang}/products`);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
      const germany = await regionName(page, lang, 'DE');
      const australia = await regionName(page, lang, 'AU');
      await expect(ui.marketButton).toContainText(`${germany} · EUR`);

      // The market panel: choosing the country brings its currency along, without a reload.
      await page.evaluate(() => ((window as { sameDocument?: boolean }).sameDocument = true));
      await expect(ui.marketPanel).toBeHidden();
      await ui.marketButton.click();
      await expect(ui.marketButton).toHaveAttribute('aria-expanded', 'true');
      await expect(ui.countrySelect).toHaveValue('DE');
      await expect(ui.currencySelect).toHaveValue('EUR');
      await ui.countrySelect.selectOption('AU');
      await expect(ui.currencySelect).toHaveValue('AUD');
      await ui.doneButton.click();
      await expect(ui.marketPanel).toBeHidden();
      await expect(ui.marketButton).toContainText(`${australia} · AUD`);
      await expect(ui.marketButton).toHaveAttribute('aria-expanded', 'false');

      // Search: every match, and the ones Australia bars are marked on their cards.
      const found = await listProducts(request, au, { q: 'tea' });
      expect(found.items.some((item) => item.restriction)).toBe(true);
      expect(found.items.some((item) => !item.restriction)).toBe(true);
      await ui.searchBox.fill('tea');
      await ui.searchButton.click();
      await expect(page).toHaveURL(/[?&]q=tea(&|$)/);
      if (lang === 'en') {
        await expect(ui.main.getByRole('heading', { level: 2 })).toHaveText(`${found.total} products`);
      }
      await expect(ui.resultCards).toHaveCount(found.items.length);
      for (const item of found.items) {
        const card = ui.resultCards.filter({
          has: page.getByRole('link', { name: item.name, exact: true }),
        });
        await expect(card).toContainText(await formatMoney(page, lang, item.local_price!));
        if (item.restriction) {
          await expect(card).toContainText(
            lang === 'en' ? `Can't be shipped to ${australia}` : australia,
          );
        } else {
          await expect(card).not.toContainText(australia);
        }
      }
      // Still the same document: the market and the search changed without a reload.
      expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(
        true,
      );

      // Only what ships to Australia.
      const shipping = await listProducts(request, au, { q: 'tea', ships: '1' });
      expect(shipping.total).toBeLessThan(found.total);
      await showFilters(page, lang);
      await ui.shipsTo(australia).check();
      await expect(page).toHaveURL(/[?&]ships=1(&|$)/);
      await expect(ui.resultCards).toHaveCount(shipping.items.length);
      for (const item of shipping.items) {
        await expect(ui.main.getByRole('link', { name: item.name, exact: true })).toBeVisible();
      }
      await expect(ui.resultCards.filter({ hasText: australia })).toHaveCount(0);

      // And one category; the search and the checkbox stay as they were.
      const kitchen = await listProducts(request, au, { q: 'tea', ships: '1', category: 'kitchen' });
      expect(kitchen.total).toBeGreaterThan(0);
      expect(kitchen.total).toBeLessThan(shipping.total);
      await ui.categorySelect.selectOption('kitchen');
      await expect(page).toHaveURL(/[?&]category=kitchen(&|$)/);
      await expect(ui.resultCards).toHaveCount(kitchen.items.length);
      await expect(ui.searchBox).toHaveValue('tea');
      await expect(ui.shipsTo(australia)).toBeChecked();
      await hideFilters(page, lang);

      // A product: price in Australian dollars, with the seller's price and the rates' date.
      const summary = kitchen.items.find((item) => item.stock > 5);
      expect(summary, 'a kitchen product with stock to spare').toBeDefined();
      const product = await productDetail(request, au, summary!.slug);
      expect(product.variants).toHaveLength(1);
      const [variant] = product.variants;
      expect(variant.local_price?.currency).toBe('AUD');
      await ui.main.getByRole('link', { name: product.name, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/${lang}/products/${product.slug}$`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(product.name);
      const unitPrice = await formatMoney(page, lang, variant.local_price!);
      await expect(ui.main.getByText(unitPrice, { exact: true })).toBeVisible();
      await expect(ui.main).toContainText(await formatMoney(page, lang, variant.price));
      if (lang === 'en') {
        await expect(ui.main.getByText('In stock', { exact: true })).toBeVisible();
        await expect(
          ui.main.getByRole('heading', { level: 2, name: `Delivery to ${australia}` }),
        ).toBeVisible();
      } else {
        await expect(ui.main.getByRole('heading', { level: 2 })).toContainText(australia);
      }
      await expect(ui.main.getByRole('note')).toHaveCount(0);

      await expect(ui.addToCart).toBeEnabled();
      await ui.addToCart.click();
      const status = ui.main.getByRole('status');
      if (lang === 'en') {
        await expect(status).toHaveText('Added to your cart. View cart');
        await expect(ui.cartLink).toHaveAccessibleName('Cart, 1 item');
      }
      await expect(status.getByRole('link')).toHaveAttribute('href', `/${lang}/cart`);
      await expect(ui.cartLink).toContainText('1');

      // Back to the filtered listing, then a product Australia bars: the reason is shown and it
      // cannot be added.
      await page.goBack();
      await expect(page).toHaveURL(/[?&]category=kitchen(&|$)/);
      // Back restores the listing's scroll position once the results have rendered (next
      // animation frame): let that happen before clicking, or the click lands where the
      // control was before the page moved.
      await expect(page.locator('#results-heading')).toBeVisible();
      await page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
      await showFilters(page, lang);
      await ui.shipsTo(australia).uncheck();
      await expect(page).not.toHaveURL(/ships=/);
      await ui.categorySelect.selectOption('food');
      await hideFilters(page, lang);
      const food = await listProducts(request, au, { q: 'tea', category: 'food' });
      const barred = food.items.find((item) => item.restriction?.reason === 'biosecurity');
      expect(barred, 'a food product Australia bars').toBeDefined();
      await expect(ui.resultCards).toHaveCount(food.items.length);
      await ui.main.getByRole('link', { name: barred!.name, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(barred!.name);
      const notice = ui.main.getByRole('note');
      if (lang === 'en') {
        await expect(notice).toHaveText(
          `Can't be shipped to ${australia}Biosecurity law there bars food, seeds and plant material.`,
        );
      } else {
        await expect(notice).toContainText(australia);
      }
      await expect(ui.addToCart).toBeDisabled();

      // The cart: the line in Australian dollars, its quantity changed, and a real quote's
      // shipping and duties for it.
      await ui.cartLink.click();
      await expect(page).toHaveURL(new RegExp(`/${lang}/cart$`));
      const line = ui.main.getByRole('listitem').filter({
        has: page.getByRole('link', { name: product.name, exact: true }),
      });
      await expect(ui.main.getByRole('listitem')).toHaveCount(1);
      await expect(line.getByRole('spinbutton')).toHaveValue('1');
      await line.getByRole('spinbutton').fill('3');
      await line.getByRole('spinbutton').blur();

      const three = { ...variant.local_price!, amount_minor: variant.local_price!.amount_minor * 3 };
      const lineTotal = await formatMoney(page, lang, three);
      const estimate = await cheapestEstimate(request, au, [{ product: product.slug, quantity: 3 }]);
      const expectCart = async () => {
        await expect(line.getByRole('spinbutton')).toHaveValue('3');
        await expect(line).toContainText(lineTotal);
        await expect(ui.cartLink).toContainText('3');
        const summaryBox = ui.main.getByRole('region');
        const values = summaryBox.getByRole('definition');
        await expect(values).toHaveText([
          lineTotal,
          await formatMoney(page, lang, estimate.shipping),
          await formatMoney(page, lang, estimate.duties),
          await formatMoney(page, lang, estimate.total),
        ]);
        if (lang === 'en') {
          await expect(ui.cartLink).toHaveAccessibleName('Cart, 3 items');
          await expect(summaryBox.getByRole('term')).toHaveText([
            'Subtotal',
            'Shipping (cheapest)',
            'Duties and taxes (estimated)',
            'Estimated total',
          ]);
          await expect(
            line.getByRole('button', { name: `Remove ${product.name}`, exact: true }),
          ).toBeVisible();
        }
      };
      await expectCart();

      // The cart lives in this browser: a reload keeps the line and its quantity.
      await page.reload();
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectCart();
      await expect(ui.marketButton).toContainText(`${australia} · AUD`);
    });

    test('the cart says what changed since adding, and a line can be removed', async ({
      page,
      request,
    }) => {
      const ui = store(page, lang);
      const de: Market = { lang, country: 'DE', currency: 'EUR' };
      const { items } = await listProducts(request, de, { category: 'kitchen' });
      const summary = items.find((item) => item.stock > 5 && !item.restriction)!;
      const product = await productDetail(request, de, summary.slug);
      expect(product.variants).toHaveLength(1);
      const was = product.variants[0].local_price!;

      await page.goto(`/${lang}/products/${product.slug}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(product.name);
      await ui.quantity.fill('2');
      await ui.quantity.blur();
      await ui.addToCart.click();
      await expect(ui.cartLink).toContainText('2');

      // Meanwhile the seller raised the price and sold all but one: the cart reads the product
      // again when it opens.
      const now = { ...was, amount_minor: was.amount_minor + 100 };
      await page.route(`**/api/products/${product.slug}?*`, async (route) => {
        const response = await route.fetch();
        const fresh = await response.json();
        fresh.variants[0].local_price = now;
        fresh.variants[0].stock = 1;
        await route.fulfill({ response, json: fresh });
      });
      await ui.main.getByRole('status').getByRole('link').click();
      await expect(page).toHaveURL(`/${lang}/cart`);

      const notice = ui.main.getByRole('status');
      const wasText = await formatMoney(page, lang, was);
      const nowText = await formatMoney(page, lang, now);
      if (lang === 'en') {
        await expect(notice.getByText('Some things changed since you added them')).toBeVisible();
        await expect(notice.getByRole('listitem')).toHaveText([
          `${product.name}: the price changed from ${wasText} to ${nowText}.`,
          `${product.name}: only 1 is left, so your cart now holds 1.`,
        ]);
      } else {
        await expect(notice.getByRole('listitem')).toHaveCount(2);
        await expect(notice.getByRole('listitem').first()).toContainText(wasText);
        await expect(notice.getByRole('listitem').first()).toContainText(nowText);
        await expect(notice.getByRole('listitem').first()).toContainText(product.name);
      }
      const line = ui.main.getByRole('listitem').filter({
        has: page.getByRole('link', { name: product.name, exact: true }),
      });
      await expect(line.getByRole('spinbutton')).toHaveValue('1');
      await expect(line).toContainText(nowText);
      await expect(ui.cartLink).toContainText('1');

      // Removing the only line empties the cart, and it stays empty after a reload.
      const remove = lang === 'en'
        ? line.getByRole('button', { name: `Remove ${product.name}`, exact: true })
        : line.getByRole('button');
      await remove.click();
      await expect(line).toHaveCount(0);
      await expect(ui.cartLink).toContainText('0');
      if (lang === 'en') {
        await expect(ui.main.getByText('Your cart is empty.')).toBeVisible();
        await expect(ui.cartLink).toHaveAccessibleName('Cart, 0 items');
      }
      await page.reload();
      await expect(ui.main.getByRole('link')).toHaveAttribute('href', `/${lang}/products`);
      await expect(ui.cartLink).toContainText('0');
    });

    test('the catalog and a product fit the screen without sideways scrolling', async ({ page }) => {
      const ui = store(page, lang);
      for (const path of [`/${lang}/products`, `/${lang}/products/matcha-bowl`]) {
        await page.goto(path);
        await expect(ui.main.getByRole('article').first()).toBeVisible();
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${path} is wider than the screen`).toBe(0);
      }
    });

    test('the header searches from any page, suggesting as the buyer types', async ({
      page,
      request,
      isMobile,
    }) => {
      const ui = store(page, lang);
      const market: Market = { lang, country: 'DE', currency: 'EUR' };
      const bowl = await productDetail(request, market, 'matcha-bowl');
      await page.goto(`/${lang}/products/maple-syrup`);
      await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toBeVisible();
      // Two words, in the other order, one of them cut short: the bowl is suggested first,
      // its matched words marked.
      await ui.searchBox.click();
      await ui.searchBox.pressSequentially('bowl matc');
      await expect(ui.searchBox).toHaveAttribute('aria-expanded', 'true');
      const first = ui.suggestions.getByRole('option').first();
      await expect(first).toHaveText(bowl.name);
      if (lang === 'en') {
        await expect(first.locator('mark')).toHaveText(['matcha', 'bowl']);
      }
      // The count is announced.
      await expect(page.getByRole('search').getByRole('status')).not.toBeEmpty();
      if (!isMobile) {
        // The arrow keys move through the suggestions, Escape closes them and then empties
        // the box; Enter opens the one chosen.
        await page.keyboard.press('ArrowDown');
        await expect(first).toHaveAttribute('aria-selected', 'true');
        const id = await first.getAttribute('id');
        await expect(ui.searchBox).toHaveAttribute('aria-activedescendant', id!);
        await page.keyboard.press('Escape');
        await expect(ui.suggestions).toBeHidden();
        await expect(ui.searchBox).toHaveAttribute('aria-expanded', 'false');
        await expect(ui.searchBox).toHaveValue('bowl matc');
        await page.keyboard.press('ArrowDown');
        await expect(first).toHaveAttribute('aria-selected', 'true');
        await page.keyboard.press('Enter');
      } else {
        await first.click();
      }
      await expect(page).toHaveURL(`/${lang}/products/matcha-bowl`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(bowl.name);

      // Enter without a suggestion chosen searches: a typo is forgiven, and the results say
      // what was searched for.
      const typo = await listProducts(request, market, { q: 'macha' });
      expect(typo.items.map((item) => item.slug)).toContain('matcha-bowl');
      await ui.searchBox.fill('macha');
      await ui.searchBox.press('Enter');
      await expect(page).toHaveURL(`/${lang}/products?q=macha`);
      await expect(ui.resultCards).toHaveCount(typo.items.length);
      if (lang === 'en') {
        // The corrected word is marked (an Arabic name has no Latin "matcha" to mark).
        await expect(ui.resultCards.first().locator('mark')).toHaveText('matcha');
      }
      await expect(ui.searchBox).toHaveValue('macha');
      // A reload keeps the search, in the box and in the results.
      await page.reload();
      await expect(ui.searchBox).toHaveValue('macha');
      await expect(ui.resultCards).toHaveCount(typo.items.length);
      // Two typos in a word find nothing; the page offers what was meant.
      await ui.searchBox.fill('mahca');
      await ui.searchBox.press('Enter');
      await expect(page).toHaveURL(`/${lang}/products?q=mahca`);
      await ui.main.getByRole('link', { name: 'matcha', exact: true }).click();
      await expect(page).toHaveURL(`/${lang}/products?q=matcha`);
      await expect(ui.resultCards.first()).toBeVisible();
      // Escape on a closed list empties the box.
      await ui.searchBox.focus();
      await ui.searchBox.press('Escape');
      await ui.searchBox.press('Escape');
      await expect(ui.searchBox).toHaveValue('');
    });

    test('each logistics filter narrows the results, with its count, and survives a reload', async ({
      page,
      request,
    }) => {
      test.slow();
      const ui = store(page, lang);
      const au: Market = { lang, country: 'AU', currency: 'AUD' };
      const everything = await listProducts(request, au);
      const facets = everything.facets;
      const maker = facets.makers[0];
      const origin = facets.origins[0];
      const day = facets.arrives_by[0];
      // Browser in Germany: choose Australia through the market panel, then the catalog.
      await page.goto(`/${lang}/products`);
      await ui.marketButton.click();
      await ui.countrySelect.selectOption('AU');
      await ui.doneButton.click();
      await expect(ui.marketButton).toContainText('AUD');
      for (const [apply, name, value, expected] of [
        [() => ui.makerSelect.selectOption(maker.key), 'maker', maker.key, maker.count],
        [() => ui.originSelect.selectOption(origin.key), 'origin', origin.key, origin.count],
        [() => ui.arrivesSelect.selectOption(day.date), 'arrives_by', day.date, day.count],
        [() => ui.nothingAtDoor.check(), 'ddp', '1', facets.ddp!],
      ] as [() => Promise<unknown>, string, string, number][]) {
        await page.goto(`/${lang}/products`);
        await expect(ui.resultCards.first()).toBeVisible();
        await showFilters(page, lang);
        await apply();
        await expect(page).toHaveURL(new RegExp(`[?&]${name}=${value}(&|$)`));
        const narrowed = await listProducts(request, au, { [name]: value });
        expect(narrowed.total, name).toBe(expected);
        expect(narrowed.total, name).toBeLessThan(everything.total);
        await hideFilters(page, lang);
        await expect(ui.resultCards).toHaveCount(Math.min(expected, 24));
        await page.reload();
        await expect(ui.resultCards).toHaveCount(Math.min(expected, 24));
        await showFilters(page, lang);
        if (name === 'ddp') {
          await expect(ui.nothingAtDoor).toBeChecked();
        } else {
          const select = { maker: ui.makerSelect, origin: ui.originSelect, arrives_by: ui.arrivesSelect }[name]!;
          await expect(select).toHaveValue(value);
          // The choice says how many it leaves, in the buyer's digits.
          const digits = await page.evaluate(
            ([locale, count]) => new Intl.NumberFormat(locale as string).format(count as number),
            [lang, expected],
          );
          await expect(select.locator('option:checked')).toContainText(digits);
        }
        await hideFilters(page, lang);
      }
    });

    test('on a phone the filters wait behind a button, in a dialog that keeps focus', async ({
      page,
      isMobile,
    }) => {
      test.skip(!isMobile, 'the filters are in the page on a wider screen');
      const ui = store(page, lang);
      await page.goto(`/${lang}/products`);
      // Products on the first screen, not the filters.
      await expect(ui.resultCards.first()).toBeInViewport();
      await expect(ui.categorySelect).toBeHidden();
      await ui.filtersButton.click();
      await expect(ui.filtersDialog).toBeVisible();
      await expect(ui.filtersButton).toHaveAttribute('aria-expanded', 'true');
      await expect(ui.categorySelect).toBeFocused();
      // Focus stays inside: back from the first control goes to the last, on from the last
      // to the first.
      const done = ui.filtersDialog.getByRole('button').last();
      await page.keyboard.press('Shift+Tab');
      await expect(done).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(ui.categorySelect).toBeFocused();
      // A choice applies at once and the dialog stays open for the next.
      await ui.categorySelect.selectOption('kitchen');
      await expect(page).toHaveURL(/[?&]category=kitchen(&|$)/);
      await expect(ui.filtersDialog).toBeVisible();
      // Escape closes it and gives focus back to the button.
      await page.keyboard.press('Escape');
      await expect(ui.filtersDialog).toBeHidden();
      await expect(ui.filtersButton).toBeFocused();
      await expect(ui.filtersButton).toHaveAttribute('aria-expanded', 'false');
      // The button at its end shows the products too.
      await ui.filtersButton.click();
      await done.click();
      await expect(ui.filtersDialog).toBeHidden();
      await expect(ui.resultCards.first()).toBeInViewport();
    });

    test('nothing found: each filter can be removed in turn', async ({ page, request }) => {
      const ui = store(page, lang);
      const market: Market = { lang, country: 'DE', currency: 'EUR' };
      const none = await listProducts(request, market, { q: 'matcha', category: 'toys' });
      expect(none.total).toBe(0);
      const bowls = await listProducts(request, market, { q: 'matcha' });
      await page.goto(`/${lang}/products?q=matcha&category=toys`);
      const removals = ui.main.locator('.empty-state__actions').getByRole('link');
      await expect(removals).toHaveCount(2);
      if (lang === 'en') {
        await expect(removals).toHaveText(['Remove “matcha”', 'Remove “Toys”']);
      }
      await removals.last().click();
      await expect(page).toHaveURL(`/${lang}/products?q=matcha`);
      await expect(ui.resultCards).toHaveCount(bowls.items.length);
    });

    test('an address without a language opens in the browser language', async ({
      page,
      request,
    }) => {
      const syrup = await productDetail(request, { lang, country: 'DE', currency: 'EUR' }, 'maple-syrup');
      await page.goto('/products/maple-syrup');
      await expect(page).toHaveURL(`/${lang}/products/maple-syrup`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(syrup.name);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      // Replaced, not pushed: Back leaves the store rather than redirecting again.
      await page.goBack();
      expect(page.url()).toBe('about:blank');
    });

    test('a shared search link without a language keeps its search', async ({ page }) => {
      const ui = store(page, lang);
      await page.goto('/products?q=tea&category=kitchen');
      await expect(page).toHaveURL(`/${lang}/products?q=tea&category=kitchen`);
      await expect(ui.searchBox).toHaveValue('tea');
      await showFilters(page, lang);
      await expect(ui.categorySelect).toHaveValue('kitchen');
    });

    test(`switching to ${other} keeps the page and is remembered`, async ({ page, request }) => {
      const ui = store(page, lang);
      const market = { country: 'AU', currency: 'AUD' };
      const here = await productDetail(request, { lang, ...market }, 'maple-syrup');
      const there = await productDetail(request, { lang: other, ...market }, 'maple-syrup');
      expect(there.name).not.toBe(here.name);
      await page.goto(`/${lang}/products/maple-syrup`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(here.name);
      await page.evaluate(() => ((window as { sameDocument?: boolean }).sameDocument = true));

      await ui.marketButton.click();
      await ui.countrySelect.selectOption('AU');
      await expect(ui.languageSelect).toHaveValue(lang);
      await ui.languageSelect.selectOption(other);

      await expect(page).toHaveURL(`/${other}/products/maple-syrup`);
      await expect(page.locator('html')).toHaveAttribute('lang', other);
      await expect(page.locator('html')).toHaveAttribute('dir', other === 'ar' ? 'rtl' : 'ltr');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(there.name);
      // Same document: the language changed without a reload.
      expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
      const switched = store(page, other);
      const australia = await regionName(page, other, 'AU');
      await expect(switched.marketButton).toContainText(`${australia} · AUD`);

      // The next visit to / opens in the chosen language, shipping to the chosen country.
      await page.goto('/');
      await expect(page).toHaveURL(`/${other}`);
      await expect(page.locator('html')).toHaveAttribute('lang', other);
      await expect(switched.marketButton).toContainText(`${australia} · AUD`);
      expect(
        await page.evaluate(() =>
          ['market.language', 'market.country', 'market.currency'].map((key) => localStorage.getItem(key)),
        ),
      ).toEqual([other, 'AU', 'AUD']);
    });

    test('the market panel closes on a click outside and on moving to another page', async ({
      page,
      request,
    }) => {
      const ui = store(page, lang);
      const { items } = await listProducts(request, { lang, country: 'DE', currency: 'EUR' });
      await page.goto(`/${lang}/products`);
      await ui.main.getByRole('link', { name: items[0].name, exact: true }).click();
      await expect(page).toHaveURL(`/${lang}/products/${items[0].slug}`);

      // A click inside keeps it open; a click anywhere else closes it.
      await ui.marketButton.click();
      await expect(ui.marketPanel).toBeVisible();
      await ui.marketPanel.click({ position: { x: 4, y: 4 } });
      await expect(ui.marketPanel).toBeVisible();
      // (The footer: the open panel itself covers what lies under it on a phone.)
      await page.getByRole('contentinfo').getByText('Caravan').click();
      await expect(ui.marketPanel).toBeHidden();
      await expect(ui.marketButton).toHaveAttribute('aria-expanded', 'false');

      // Moving to another page closes it: here back in history, with no click at all.
      await ui.marketButton.click();
      await expect(ui.marketPanel).toBeVisible();
      await page.goBack();
      await expect(page).toHaveURL(`/${lang}/products`);
      await expect(ui.marketPanel).toBeHidden();
      await expect(ui.marketButton).toHaveAttribute('aria-expanded', 'false');
    });

    test(`switching to ${other} keeps the search`, async ({ page }) => {
      const ui = store(page, lang);
      await page.goto(`/${lang}/products?q=tea&category=kitchen`);
      await expect(ui.searchBox).toHaveValue('tea');
      await ui.marketButton.click();
      await ui.languageSelect.selectOption(other);
      await expect(page).toHaveURL(`/${other}/products?q=tea&category=kitchen`);
      const switched = store(page, other);
      // The same page in another language: the panel stays open for the next choice.
      await expect(switched.marketPanel).toBeVisible();
      await expect(switched.searchBox).toHaveValue('tea');
      // Closed first (a click outside it): on a phone it lies over the Filters button.
      await page.getByRole('contentinfo').getByText('Caravan').click();
      await expect(switched.marketPanel).toBeHidden();
      await showFilters(page, other);
      await expect(switched.categorySelect).toHaveValue('kitchen');
    });
  });
}

test.describe('with the keyboard alone', () => {
  test.use(browserIn('en-US', 'DE'));

  test('from the skip link into the catalog, a product, and the market panel', async ({
    page,
    request,
    isMobile,
  }) => {
    test.skip(isMobile, 'no keyboard on the phone profile');
    const ui = store(page, 'en');
    const catalog = await listProducts(request, { lang: 'en', country: 'DE', currency: 'EUR' });
    const first = catalog.items[0];

    await page.goto('/en/products');
    await expect(ui.resultCards.first()).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(ui.main).toBeFocused();
    // Every control of the form in reading order, then the first product.
    const germany = await regionName(page, 'en', 'DE');
    for (const control of [
      ui.categorySelect,
      ui.makerSelect,
      ui.originSelect,
      ui.arrivesSelect,
      ui.main.getByRole('textbox', { name: 'Lowest price' }),
      ui.main.getByRole('textbox', { name: 'Highest price' }),
      ui.sortSelect,
      ui.shipsTo(germany),
      ui.nothingAtDoor,
      ui.main.getByRole('link', { name: first.name, exact: true }),
    ]) {
      await page.keyboard.press('Tab');
      await expect(control).toBeFocused();
    }
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(`/en/products/${first.slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(first.name);
    // The new page takes focus, as a page load would.
    await expect(ui.main).toBeFocused();

    // Back up through the header to the market button and the search; Enter opens the
    // market panel, Escape closes it and returns focus to the button.
    await page.keyboard.press('Shift+Tab');
    await expect(ui.cartLink).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(ui.marketButton).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(ui.searchButton).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(ui.searchBox).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(ui.marketButton).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(ui.marketPanel).toBeVisible();
    await expect(ui.marketButton).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('Tab');
    await expect(ui.languageSelect).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(ui.marketPanel).toBeHidden();
    await expect(ui.marketButton).toHaveAttribute('aria-expanded', 'false');
    await expect(ui.marketButton).toBeFocused();
  });
});
