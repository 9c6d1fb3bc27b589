import { describe, expect, it } from 'vitest';
import { toPostgresText } from './param-text.ts';

describe('toPostgresText (node-postgres semantics)', () => {
  it('writes scalars, dates and bytes as PostgreSQL reads them', () => {
    expect(toPostgresText(null)).toBeNull();
    expect(toPostgresText(undefined)).toBeNull();
    expect(toPostgresText(42)).toBe('42');
    expect(toPostgresText(9007199254740993n)).toBe('9007199254740993');
    expect(toPostgresText(true)).toBe('true');
    expect(toPostgresText('it\'s "x"')).toBe('it\'s "x"');
    expect(toPostgresText(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05.678Z');
    expect(toPostgresText(Buffer.from([0, 255]))).toBe('\\x00ff');
  });

  it('writes arrays as array literals with quoting, NULLs and nesting', () => {
    expect(toPostgresText([])).toBe('{}');
    expect(toPostgresText(['a', 'b,c', 'd"e', 'f\\g', null])).toBe('{"a","b,c","d\\"e","f\\\\g",NULL}');
    expect(toPostgresText([[1, 2], [3]])).toBe('{{"1","2"},{"3"}}');
  });

  it('writes other objects as JSON', () => {
    expect(toPostgresText({ a: 1, b: [true] })).toBe('{"a":1,"b":[true]}');
  });
});
