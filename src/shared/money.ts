// Money is an integer in the currency's minor unit with the currency beside it. Most currencies
// have 2 decimals; these have none (Stripe's list), and a few have 3.

export const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

export const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** Currencies Refundry and its sandbox accept (ISO 4217 codes Stripe supports for card payments). */
export const SUPPORTED_CURRENCIES: ReadonlySet<string> = new Set([
  ...ZERO_DECIMAL_CURRENCIES,
  ...THREE_DECIMAL_CURRENCIES,
  'usd',
  'eur',
  'gbp',
  'aud',
  'cad',
  'chf',
  'cny',
  'czk',
  'dkk',
  'hkd',
  'huf',
  'ils',
  'inr',
  'mxn',
  'myr',
  'nok',
  'nzd',
  'php',
  'pln',
  'ron',
  'sek',
  'sgd',
  'thb',
  'try',
  'twd',
  'zar',
  'brl',
  'aed',
  'sar',
  'idr',
]);

export function isSupportedCurrency(currency: string): boolean {
  return SUPPORTED_CURRENCIES.has(currency);
}

/** Digits after the decimal point in the currency's usual notation. */
export function minorUnitDigits(currency: string): number {
  const c = currency.toLowerCase();
  if (ZERO_DECIMAL_CURRENCIES.has(c)) return 0;
  if (THREE_DECIMAL_CURRENCIES.has(c)) return 3;
  return 2;
}

/** A safe, non-negative integer number of minor units. */
export function isMinorAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Formats minor units for people, e.g. formatMoney(2145, 'usd') → "$21.45", (500, 'jpy') → "¥500". */
export function formatMoney(amount: number, currency: string, locale = 'en-US'): string {
  const digits = minorUnitDigits(currency);
  return formatter(locale, currency.toUpperCase(), digits).format(amount / 10 ** digits);
}

/** Formatters by locale and currency: making one costs far more than formatting with it. */
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string, digits: number): Intl.NumberFormat {
  const key = `${locale}\u0000${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    // Bounded, whatever locales callers pass.
    if (formatters.size >= 256) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

/**
 * Parses a plain decimal ("21.45", "500") in the currency's major unit into minor units, exactly
 * (no floating point). Separators are the caller's business (they differ by locale and source):
 * anything but digits and one decimal point gives undefined, as do more decimals than the
 * currency has.
 */
export function parseMajorAmount(text: string, currency: string): number | undefined {
  const digits = minorUnitDigits(currency);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, whole = '', frac = ''] = match;
  if (frac.length > digits) return undefined;
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0') || '0');
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : undefined;
}
