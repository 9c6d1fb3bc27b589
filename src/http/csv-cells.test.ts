import { describe, expect, it } from 'vitest';
import { majorAmount, safeCell } from './csv-cells.ts';

describe('CSV cells', () => {
  it('writes minor units exactly in the currency notation', () => {
    expect(majorAmount(2145, 'usd')).toBe('21.45');
    expect(majorAmount(5, 'usd')).toBe('0.05');
    expect(majorAmount(500, 'jpy')).toBe('500');
    expect(majorAmount(1234, 'kwd')).toBe('1.234');
    expect(majorAmount(9_007_199_254_740_991, 'usd')).toBe('90071992547409.91');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    for (const v of ['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx']) expect(safeCell(v)).toBe(`'${v}`);
    expect(safeCell('plain note')).toBe('plain note');
    expect(safeCell(null)).toBe('');
  });
});
