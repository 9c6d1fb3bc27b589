import { describe, expect, it } from 'vitest';
import { formatMoney, minorUnitDigits, parseMajorAmount } from './money.ts';

describe('money', () => {
  it('knows zero- and three-decimal currencies', () => {
    expect(minorUnitDigits('jpy')).toBe(0);
    expect(minorUnitDigits('KRW')).toBe(0);
    expect(minorUnitDigits('kwd')).toBe(3);
    expect(minorUnitDigits('usd')).toBe(2);
  });

  it('formats minor units in the currency notation', () => {
    expect(formatMoney(2145, 'usd')).toBe('$21.45');
    expect(formatMoney(500, 'jpy')).toBe('¥500');
    expect(formatMoney(1005, 'kwd')).toMatch(/^KWD\s1\.005$/);
  });

  it('parses typed amounts exactly', () => {
    expect(parseMajorAmount('21.45', 'usd')).toBe(2145);
    expect(parseMajorAmount('0.1', 'usd')).toBe(10);
    expect(parseMajorAmount('1000', 'jpy')).toBe(1000);
    // Separators are the caller's to read: a comma is not guessed at here.
    expect(parseMajorAmount('1,000', 'jpy')).toBeUndefined();
    expect(parseMajorAmount('1_000', 'usd')).toBeUndefined();
    expect(parseMajorAmount('19.99', 'usd')).toBe(1999); // 19.99 * 100 is 1998.9999… in floating point
    expect(parseMajorAmount('1.5', 'jpy')).toBeUndefined();
    expect(parseMajorAmount('-1', 'usd')).toBeUndefined();
    expect(parseMajorAmount('abc', 'usd')).toBeUndefined();
  });
});
