// Amounts and dates for people, in the browser's locale. Money arrives as integer minor units with
// the currency beside it; the minor-unit digits come from the service's own table (shared code).
import { minorUnitDigits, parseMajorAmount } from '../../src/shared/money.ts';

export { minorUnitDigits };

export const browserLocale = (): string =>
  (typeof navigator !== 'undefined' && navigator.languages?.[0]) || 'en-US';

/** 2145 usd → "$21.45" (en-US) or "21,45 $US" (fr-FR); 500 jpy → "¥500". */
export function formatMoney(amount: number, currency: string, locale = browserLocale()): string {
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount / 10 ** digits);
}

/** 2145 usd → "21.45" (en-US) / "21,45" (de-DE): the amount as a person would type it. */
export function formatMajorInput(amount: number, currency: string, locale = browserLocale()): string {
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  }).format(amount / 10 ** digits);
}

interface Separators {
  group: string;
  decimal: string;
}

export function separators(locale: string): Separators {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  return {
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
  };
}

const SPACES = /[\s\u00a0\u202f]/g;

/**
 * Parses an amount typed in the currency's normal notation for the locale ("1,234.50" in en-US,
 * "1.234,50" in de-DE, "500" yen) into minor units, exactly. Ambiguous input is refused rather than
 * guessed: the last group after a group separator must have three digits, so "21.45" typed in
 * de-DE is an error, never 2145 euros.
 */
export function parseAmount(text: string, currency: string, locale = browserLocale()): number | undefined {
  const { group, decimal } = separators(locale);
  const spaceGroup = /^[\s\u00a0\u202f]$/.test(group);
  const trimmed = text.trim().replace(SPACES, ' ');
  if (trimmed === '') return undefined;
  const groupChar = spaceGroup ? ' ' : group;
  if (!spaceGroup && trimmed.includes(' ')) return undefined;
  const [whole = '', frac, ...rest] = trimmed.split(decimal);
  if (rest.length > 0) return undefined;
  let digitsOnly = whole;
  if (whole.includes(groupChar)) {
    const groups = whole.split(groupChar);
    const [head = '', ...tail] = groups;
    // The last group has three digits (so it cannot be a mistyped decimal part); middle groups
    // have three, or two as in Indian grouping (1,23,456.50).
    const last = tail.pop() ?? '';
    if (!/^\d{1,3}$/.test(head) || !/^\d{3}$/.test(last) || !tail.every((g) => /^\d{2,3}$/.test(g))) {
      return undefined;
    }
    digitsOnly = groups.join('');
  }
  if (!/^\d+$/.test(digitsOnly)) return undefined;
  if (frac !== undefined && !/^\d*$/.test(frac)) return undefined;
  return parseMajorAmount(frac === undefined ? digitsOnly : `${digitsOnly}.${frac}`, currency);
}

export function formatDateTime(iso: string | null | undefined, locale = browserLocale()): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(d);
}

export function formatDate(iso: string | null | undefined, locale = browserLocale()): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(d);
}

/** 93_500 ms → "1 min 34 s"; used for time from request to final. */
export function formatDuration(ms: number | null | undefined, locale = browserLocale()): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const unit = (value: number, u: 'second' | 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: u,
      unitDisplay: 'short',
      maximumFractionDigits: 1,
    }).format(value);
  const s = ms / 1000;
  if (s < 60) return unit(s, 'second');
  if (s < 3600) return unit(s / 60, 'minute');
  if (s < 86_400) return unit(s / 3600, 'hour');
  return unit(s / 86_400, 'day');
}

export function formatNumber(n: number, locale = browserLocale()): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** "requested_by_customer" → "Requested by customer". */
export function humanize(code: string | null | undefined): string {
  if (!code) return '';
  const s = code.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
