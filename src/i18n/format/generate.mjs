// Writes `data.rs` and `names.rs` beside this file: the locale data of the native formatter
// (`native.rs`), read from Chromium's own `Intl`, so the server writes what the browser writes.
//
//   cd tests/e2e && npm ci && cd ../.. && node src/i18n/format/generate.mjs
//
// Uses Playwright's `playwright-core` from tests/e2e and Debian's /usr/bin/chromium (override
// with CHROMIUM=/path). Every assumption `native.rs` makes about the data (one template per
// format, plural rules by last two digits and millions, ...) is checked here, and the script
// fails instead of writing data that would format differently. Then run the wasm test
// `format::parity` to compare the two implementations value by value.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = new URL('../../../', import.meta.url);
const require = createRequire(new URL('tests/e2e/package.json', root));
const { chromium } = require('playwright-core');

/** The app's locales, in `Locale::ALL` order: the column order of every table. */
const LOCALES = ['en', 'de', 'fr', 'es', 'zh', 'ja', 'ar'];

// Languages to name: the app's own and every market's (`languages: &["es", "ca"]` in market.rs).
const market = readFileSync(new URL('crates/domain/src/market.rs', root), 'utf8');
const marketLanguages = [...market.matchAll(/languages: &\[([^\]]*)\]/g)].flatMap((m) =>
  [...m[1].matchAll(/"([a-z]+)"/g)].map((tag) => tag[1]),
);
const LANGUAGES = [...new Set([...LOCALES, ...marketLanguages])].sort();

/** Runs in Chromium: everything `native.rs` needs, per locale, from `Intl`. */
function collect({ locales, languages }) {
  const fail = (message) => {
    throw new Error(message);
  };
  const NUMBER = new Set(['integer', 'group', 'decimal', 'fraction']);
  // The formatted text with the number as `#`.
  const template = (parts) => {
    let text = '';
    parts.forEach((part, i) => {
      if (!NUMBER.has(part.type)) text += part.value;
      else if (!NUMBER.has(parts[i - 1]?.type)) text += '#';
    });
    if (text.split('#').length !== 2) fail(`not one number in ${JSON.stringify(parts)}`);
    return text;
  };
  const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
  const codes = (length) => (length === 0 ? [''] : codes(length - 1).flatMap((code) => letters.map((c) => code + c)));
  // Intl formats money in any three-letter code, and knows the decimals and symbols of more
  // currencies than it names (CLF has 4 decimals): every code is asked.
  const currencyCodes = codes(3);
  const utc = (month, day, hour = 0, minute = 0) => new Date(Date.UTC(2026, month - 1, day, hour, minute));

  const perLocale = locales.map((locale) => {
    const plain = new Intl.NumberFormat(locale);
    if (plain.resolvedOptions().locale !== locale) fail(`Chromium lacks ${locale}`);
    // Digits: the numbering system's ten digits are consecutive code points from its zero.
    const zero = plain.format(0);
    for (let d = 0; d <= 9; d++) {
      if (plain.format(d) !== String.fromCodePoint(zero.codePointAt(0) + d)) fail(`${locale} digits`);
    }
    const localize = (ascii) =>
      [...ascii].map((c) => String.fromCodePoint(zero.codePointAt(0) + Number(c))).join('');

    const parts = new Intl.NumberFormat(locale, { minimumFractionDigits: 1 }).formatToParts(1234567890.5);
    const value = (type) => parts.find((part) => part.type === type).value;
    const integers = parts.filter((part) => part.type === 'integer').map((part) => part.value.length);
    const grouping = [integers.at(-1), integers.length > 2 ? integers.at(-2) : integers.at(-1)];
    const hasGroup = (n) => plain.formatToParts(n).some((part) => part.type === 'group');
    let minGrouping = 1;
    while (!hasGroup(10 ** (grouping[0] + minGrouping - 1))) minGrouping++;
    if (template(plain.formatToParts(1234)) !== '#') fail(`${locale} positive numbers have affixes`);
    const negative = template(new Intl.NumberFormat(locale, { minimumFractionDigits: 1 }).formatToParts(-1.5));
    const percent = template(new Intl.NumberFormat(locale, { style: 'percent' }).formatToParts(0.5));

    // Money: templates with the symbol in place; `¤` where the symbol is the ISO code.
    const money = currencyCodes.map((code) => {
      const format = new Intl.NumberFormat(locale, { style: 'currency', currency: code });
      const big = format.formatToParts(-1234567.5);
      for (const part of big) {
        if (['decimal', 'group'].includes(part.type) && part.value !== value(part.type)) fail(`${locale} ${code} ${part.type}`);
      }
      const withCode = (n) =>
        template(format.formatToParts(n).map((part) => (part.type === 'currency' && part.value === code ? { ...part, value: '¤' } : part)));
      const digits = format.resolvedOptions().maximumFractionDigits;
      return { code, positive: withCode(1), negative: withCode(-1), digits };
    });
    const counts = new Map();
    for (const { positive, negative } of money) {
      const key = JSON.stringify([positive, negative]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const moneyDefault = JSON.parse([...counts].sort((a, b) => b[1] - a[1])[0][0]);
    const moneySymbols = money
      .filter(({ positive, negative }) => positive !== moneyDefault[0] || negative !== moneyDefault[1])
      .map(({ code, positive, negative }) => [code, positive.replace('¤', code), negative.replace('¤', code)]);

    // Dates: templates of `{token}`s, written from a date whose parts tell their form apart.
    const dayPeriodFormat = new Intl.DateTimeFormat(locale, { hour: 'numeric', hourCycle: 'h12', timeZone: 'UTC' });
    const dayPeriod = (hour) => dayPeriodFormat.formatToParts(utc(1, 1, hour)).find((part) => part.type === 'dayPeriod').value;
    const dayPeriods = [dayPeriod(3), dayPeriod(15)];
    let months = null;
    const dateTemplate = (options) => {
      const format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
      const names = Array.from({ length: 12 }, (_, i) =>
        format.formatToParts(utc(i + 1, 9)).find((part) => part.type === 'month').value,
      );
      const hourCycle = format.resolvedOptions().hourCycle;
      const token = (part) => {
        const is = (ascii) => part.value === localize(ascii);
        switch (part.type) {
          case 'year':
            return is('2026') ? '{y}' : fail(`${locale} year ${part.value}`);
          case 'month':
            if (is('9')) return '{M}';
            if (is('09')) return '{MM}';
            months ??= names;
            return names.join() === months.join() ? '{MMM}' : fail(`${locale} month names differ`);
          case 'day':
            return is('9') ? '{d}' : is('09') ? '{dd}' : fail(`${locale} day ${part.value}`);
          case 'hour':
            if (is('15') && hourCycle === 'h23') return '{HH}';
            if (is('03') && hourCycle === 'h12') return '{hh}';
            return fail(`${locale} hour ${part.value} (${hourCycle})`);
          case 'minute':
            return is('04') ? '{mm}' : fail(`${locale} minute ${part.value}`);
          case 'dayPeriod':
            return part.value === dayPeriods[1] ? '{a}' : fail(`${locale} day period ${part.value}`);
          // Always UTC (see `date_time` in native.rs): its name is text like any other.
          case 'timeZoneName':
          case 'literal':
            return part.value.includes('{') ? fail(`${locale} brace in ${part.value}`) : part.value;
          default:
            return fail(`${locale} date part ${part.type}`);
        }
      };
      return format.formatToParts(utc(9, 9, 15, 4)).map(token).join('');
    };
    const date = dateTemplate({ dateStyle: 'medium' });
    const month = dateTemplate({ month: 'short', year: 'numeric' });
    const dateTime = dateTemplate({
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });

    // Plural categories of integers: n < 100 exactly, larger n by n % 100, except multiples of a
    // million (French and Spanish "many"). Checked below over many values.
    const rules = new Intl.PluralRules(locale);
    const ranges = (from) => {
      const found = [];
      for (let n = from; n < from + 100; n++) {
        const category = rules.select(n);
        const last = found.at(-1);
        if (category === 'other') continue;
        if (last && last[2] === category && last[1] === n - from - 1) last[1] = n - from;
        else found.push([n - from, n - from, category]);
      }
      return found;
    };
    const plurals = { below100: ranges(0), lastTwoDigits: ranges(100), millions: rules.select(1e6) };
    const predict = (n) => {
      if (n >= 100 && n % 1e6 === 0) return plurals.millions;
      const rest = n < 100 ? n : n % 100;
      const table = n < 100 ? plurals.below100 : plurals.lastTwoDigits;
      return table.find(([low, high]) => low <= rest && rest <= high)?.[2] ?? 'other';
    };
    const samples = [];
    for (let n = 0; n <= 1_200_000; n++) samples.push(n);
    for (let n = 1e6; n <= 4e9; n += 1e6) samples.push(n, n + 1, n + 2, n + 11, n + 100);
    for (let n = 1, i = 0; i < 100_000; i++) samples.push((n = (n * 48271) % 2147483647) * 2);
    for (const n of samples) {
      if (rules.select(n) !== predict(n)) fail(`${locale} plural of ${n}: ${rules.select(n)}`);
    }

    // Durations: one template per plural category; `#` for the number where it is written.
    const sampleOf = (category) => [...Array(200).keys(), 1e6].find((n) => rules.select(n) === category);
    const units = Object.fromEntries(
      ['minute', 'hour', 'day'].map((unit) => {
        const format = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' });
        const templates = rules.resolvedOptions().pluralCategories.map((category) => {
          const n = sampleOf(category);
          return [category, format.format(n).replace(plain.format(n), '#')];
        });
        for (const n of [...Array(200).keys(), 1000, 1234, 1e6, 2e6, 1234567]) {
          const [, text] = templates.find(([category]) => category === rules.select(n));
          if (text.replace('#', plain.format(n)) !== format.format(n)) fail(`${locale} ${n} ${unit}`);
        }
        return [unit, templates];
      }),
    );

    return {
      locale,
      digits: money.filter(({ digits }) => digits !== 2).map(({ code, digits }) => [code, digits]),
      zero,
      decimal: value('decimal'),
      group: value('group'),
      grouping,
      minGrouping,
      negative,
      percent,
      moneyDefault,
      moneySymbols,
      date,
      month,
      dateTime,
      // Empty where every template writes months as numbers.
      months: months ?? [],
      dayPeriods,
      plurals,
      units,
    };
  });

  // Decimals per currency, the same in every locale.
  const digits = perLocale[0].digits;
  for (const { locale, digits: own } of perLocale) {
    if (JSON.stringify(own) !== JSON.stringify(digits)) fail(`${locale} writes other currency decimals`);
  }

  const names = (type, codes) =>
    codes.map((code) => [code, locales.map((locale) => new Intl.DisplayNames(locale, { type }).of(code))]);
  const named = (type, code) => locales.some((locale) => new Intl.DisplayNames(locale, { type }).of(code) !== code);
  const regionCodes = codes(2).filter((code) => named('region', code));
  const regions = names('region', regionCodes);
  // Each locale's region names once each, in its collation order.
  const regionOrder = locales.map((locale, i) => {
    const collator = new Intl.Collator(locale);
    return [...new Set(regions.map(([, names]) => names[i]))].sort(collator.compare);
  });

  return {
    locales: perLocale,
    digits,
    regions,
    regionOrder,
    languages: names('language', languages),
    currencies: names('currency', currencyCodes.filter((code) => named('currency', code))),
  };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let data;
try {
  data = await (await browser.newPage()).evaluate(collect, { locales: LOCALES, languages: LANGUAGES });
  data.chromium = browser.version();
} finally {
  await browser.close();
}

// Rust string literals, with invisible characters (bidi marks, no-break spaces) spelled out.
const str = (text) =>
  '"' +
  [...text]
    .map((c) =>
      c === '"' || c === '\\'
        ? '\\' + c
        : c !== ' ' && /[\p{Cc}\p{Cf}\p{Z}]/u.test(c)
          ? `\\u{${c.codePointAt(0).toString(16)}}`
          : c,
    )
    .join('') +
  '"';
const list = (items) => `[${items.join(', ')}]`;
const header = (what) => `//! ${what}.
//!
//! Written by Chromium ${data.chromium}'s \`Intl\` through \`generate.mjs\` beside this file; do
//! not edit. Tables per locale, and columns, are in \`Locale::ALL\` order: ${LOCALES.join(' ')}.
//! To regenerate (after a Chromium update, or to name a new market's language):
//! \`cd tests/e2e && npm ci && cd ../.. && node src/i18n/format/generate.mjs\`, then run the
//! \`format\` wasm tests, which compare every function with the browser.
`;

const locale = (l) => `    LocaleData {
        tag: ${str(l.locale)},
        zero: '${l.zero}',
        decimal: ${str(l.decimal)},
        group: ${str(l.group)},
        grouping: (${l.grouping.join(', ')}),
        min_grouping: ${l.minGrouping},
        negative: ${str(l.negative)},
        percent: ${str(l.percent)},
        money: (${str(l.moneyDefault[0])}, ${str(l.moneyDefault[1])}),
        money_symbols: &[
${l.moneySymbols.map(([code, positive, negative]) => `            (${str(code)}, ${str(positive)}, ${str(negative)}),`).join('\n')}
        ],
        date: ${str(l.date)},
        month: ${str(l.month)},
        date_time: ${str(l.dateTime)},
        months: &${list(l.months.map(str))},
        day_periods: ${list(l.dayPeriods.map(str))},
        plurals: Plurals {
            below_100: &${list(l.plurals.below100.map(([low, high, category]) => `(${low}, ${high}, ${str(category)})`))},
            last_two_digits: &${list(l.plurals.lastTwoDigits.map(([low, high, category]) => `(${low}, ${high}, ${str(category)})`))},
            millions: ${str(l.plurals.millions)},
        },
${['minute', 'hour', 'day'].map((unit) => `        ${unit}s: &${list(l.units[unit].map(([category, text]) => `(${str(category)}, ${str(text)})`))},`).join('\n')}
    },`;

const dataRs = `${header('How the app\'s locales write numbers, money, dates, plurals and durations')}
use super::native::{LocaleData, Plurals};

/// The app's locales.
#[rustfmt::skip]
pub(super) static LOCALES: [LocaleData; ${data.locales.length}] = [
${data.locales.map(locale).join('\n')}
];

/// Digits after the decimal point \`Intl\` writes for a currency code, where not 2.
#[rustfmt::skip]
pub(super) const CURRENCY_DIGITS: &[(&str, u32)] = &[
${data.digits.map(([code, n]) => `    (${str(code)}, ${n}),`).join('\n')}
];
`;

const table = (doc, name, rows) => `/// ${doc}
#[rustfmt::skip]
pub(super) const ${name}: &[(&str, [&str; ${LOCALES.length}])] = &[
${rows.map(([code, names]) => `    (${str(code)}, ${list(names.map(str))}),`).join('\n')}
];
`;
const namesRs = `${header('Names of regions, languages and currencies, and how each locale orders region names')}
${table('Every region code (ISO 3166-1 alpha-2, and the others `Intl.DisplayNames` names) with its names.', 'REGIONS', data.regions)}
${table('Language tags with their names: the app\'s languages and every market\'s.', 'LANGUAGES', data.languages)}
${table('Every currency `Intl` names (ISO 4217) with its names.', 'CURRENCIES', data.currencies)}
/// Per locale, each name in [\`REGIONS\`] once, in the order \`Intl.Collator\` sorts them.
pub(super) const REGION_NAME_ORDER: [&[&str]; ${LOCALES.length}] = [
${data.regionOrder.map((names, i) => `    // ${LOCALES[i]}\n    &${list(names.map(str))},`).join('\n')}
];
`;

for (const [file, text] of [['data.rs', dataRs], ['names.rs', namesRs]]) {
  const path = fileURLToPath(new URL(file, import.meta.url));
  writeFileSync(path, text);
  execFileSync('rustfmt', ['--edition', '2024', path], { stdio: 'inherit' });
  console.log(`wrote ${path}`);
}
