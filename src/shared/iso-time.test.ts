import { describe, expect, it } from 'vitest';
import { iso, isoOrNull } from './iso-time.ts';

describe('iso', () => {
  it('writes each time as toISOString does, whatever came before it', () => {
    const a = new Date('2026-12-02T14:00:00.123Z');
    const b = new Date('1999-01-01T00:00:00.000Z');
    const times: Array<Date | string | number> = [
      a,
      new Date(a.getTime()),
      a,
      b,
      a,
      '2026-12-02T15:00:00+01:00',
      a.getTime() + 1,
      a.getTime() + 1,
      b,
    ];
    for (const t of times) expect(iso(t)).toBe(new Date(t).toISOString());
  });

  it('follows a Date changed in place (it remembers the time, not the object)', () => {
    const d = new Date('2026-12-02T14:00:00.000Z');
    expect(iso(d)).toBe('2026-12-02T14:00:00.000Z');
    d.setTime(d.getTime() + 60_000);
    expect(iso(d)).toBe('2026-12-02T14:01:00.000Z');
  });

  it('refuses an invalid time every time, and isoOrNull gives null for none', () => {
    expect(() => iso('not a time')).toThrow(RangeError);
    expect(() => iso(new Date(Number.NaN))).toThrow(RangeError);
    expect(isoOrNull(null)).toBeNull();
    expect(isoOrNull(undefined)).toBeNull();
    expect(isoOrNull(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });
});
