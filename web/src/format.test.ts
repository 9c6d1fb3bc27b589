// Amounts typed and shown in the browser's locale: exact minor units, ambiguous input refused.
import { describe, expect, it } from 'vitest';
import { formatMajorInput, formatMoney, parseAmount } from './format.ts';

describe('parseAmount', () => {
  it('reads amounts as people write them in en-US', () => {
    expect(parseAmount('21.45', 'usd', 'en-US')).toBe(2145);
    expect(parseAmount('1,234.50', 'usd', 'en-US')).toBe(123_450);
    expect(parseAmount(' 12 ', 'usd', 'en-US')).toBe(1200);
    expect(parseAmount('12.5', 'usd', 'en-US')).toBe(1250);
    expect(parseAmount('0.01', 'usd', 'en-US')).toBe(1);
  });

  it('reads the decimal comma and dot grouping of de-DE', () => {
    expect(parseAmount('21,45', 'eur', 'de-DE')).toBe(2145);
    expect(parseAmount('1.234,50', 'eur', 'de-DE')).toBe(123_450);
  });

  it('reads French space grouping, including the narrow no-break space browsers insert', () => {
    expect(parseAmount('1 234,50', 'eur', 'fr-FR')).toBe(123_450);
    expect(parseAmount('1\u202f234,50', 'eur', 'fr-FR')).toBe(123_450);
  });

  it('reads Indian grouping', () => {
    expect(parseAmount('1,23,456.50', 'inr', 'en-IN')).toBe(12_345_650);
  });

  it('refuses ambiguous or malformed input instead of guessing', () => {
    // "21.45" in German would be 2145 euros if the dot were taken as grouping.
    expect(parseAmount('21.45', 'eur', 'de-DE')).toBeUndefined();
    expect(parseAmount('1,23', 'usd', 'en-US')).toBeUndefined();
    expect(parseAmount('12.345', 'usd', 'en-US')).toBeUndefined();
    expect(parseAmount('1.2.3', 'usd', 'en-US')).toBeUndefined();
    expect(parseAmount('-5', 'usd', 'en-US')).toBeUndefined();
    expect(parseAmount('5e3', 'usd', 'en-US')).toBeUndefined();
    expect(parseAmount('$5', 'usd', 'en-US')).toBeUndefined();
    expect(parseAmount('', 'usd', 'en-US')).toBeUndefined();
    expect(parseAmount('1 000', 'usd', 'en-US')).toBeUndefined();
  });

  it('uses the currency’s minor-unit digits: none for yen, three for dinar', () => {
    expect(parseAmount('5,400', 'jpy', 'en-US')).toBe(5400);
    expect(parseAmount('5.5', 'jpy', 'en-US')).toBeUndefined();
    expect(parseAmount('1.250', 'kwd', 'en-US')).toBe(1250);
  });

  it('is exact for large amounts (no floating point)', () => {
    expect(parseAmount('90,071,992,547,409.91', 'usd', 'en-US')).toBe(9_007_199_254_740_991);
    expect(parseAmount('90071992547409.92', 'usd', 'en-US')).toBeUndefined();
  });
});

describe('formatMoney and formatMajorInput', () => {
  it('format with the currency and the locale', () => {
    expect(formatMoney(2145, 'usd', 'en-US')).toBe('$21.45');
    expect(formatMoney(5400, 'jpy', 'en-US')).toBe('¥5,400');
    expect(formatMoney(2145, 'eur', 'de-DE')).toBe('21,45\u00a0€');
    expect(formatMajorInput(123_450, 'eur', 'de-DE')).toBe('1234,50');
    expect(formatMajorInput(5400, 'jpy', 'en-US')).toBe('5400');
  });

  it('round-trips what it formats for input', () => {
    for (const locale of ['en-US', 'de-DE', 'fr-FR', 'en-IN', 'de-CH', 'ja-JP']) {
      for (const [amount, currency] of [
        [1, 'usd'],
        [123_456_789, 'eur'],
        [5400, 'jpy'],
        [1250, 'kwd'],
      ] as const) {
        expect(
          parseAmount(formatMajorInput(amount, currency, locale), currency, locale),
          `${locale} ${currency}`,
        ).toBe(amount);
      }
    }
  });
});
