import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { latestSlot, parseDate, parseTimeOfDay, windowFrom } from './window.ts';

const NOW = new Date('2026-06-10T13:45:00Z');

describe('reconciliation windows', () => {
  it('reads a day as UTC midnight, and as the next midnight when it ends a window', () => {
    expect(parseDate('2026-06-01')).toEqual(new Date('2026-06-01T00:00:00Z'));
    expect(parseDate('2026-06-01', true)).toEqual(new Date('2026-06-02T00:00:00Z'));
    expect(parseDate('2026-06-01T10:00:00+02:00')).toEqual(new Date('2026-06-01T08:00:00Z'));
    expect(parseDate('2026-02-30')).toBeUndefined();
    expect(parseDate('2026-06-01T10:00')).toBeUndefined(); // no offset: ambiguous
    expect(parseDate('yesterday')).toBeUndefined();
    // Year 0 once reached the database (a 500); before 1970 nothing exists at Stripe anyway.
    expect(parseDate('0000-01-01')).toBeUndefined();
    expect(parseDate('0000-01-01T00:00:00Z')).toBeUndefined();
    expect(parseDate('1969-12-31')).toBeUndefined();
    expect(parseDate('1970-01-01')).toEqual(new Date(0));
  });

  it('defaults to the given number of days up to now; --to alone moves the end', () => {
    expect(windowFrom({}, NOW, 3)).toEqual({
      ok: true,
      window: { start: new Date('2026-06-07T13:45:00Z'), end: NOW },
    });
    expect(windowFrom({ from: '2026-06-01', to: '2026-06-01' }, NOW, 3)).toEqual({
      ok: true,
      window: { start: new Date('2026-06-01T00:00:00Z'), end: new Date('2026-06-02T00:00:00Z') },
    });
    expect(windowFrom({ to: '2026-06-05' }, NOW, 1)).toMatchObject({
      window: { start: new Date('2026-06-05T00:00:00Z'), end: new Date('2026-06-06T00:00:00Z') },
    });
  });

  it('refuses malformed dates and empty windows, naming the flag', () => {
    expect(windowFrom({ from: 'x' }, NOW, 3)).toMatchObject({ ok: false, param: 'from' });
    expect(windowFrom({ to: '2026-13-01' }, NOW, 3)).toMatchObject({ ok: false, param: 'to' });
    expect(windowFrom({ from: '2026-06-02', to: '2026-06-01' }, NOW, 3)).toMatchObject({
      ok: false,
      message: '--from must be before --to',
    });
  });

  it('the daily slot is the latest HH:MM at or before now, keyed by its day', () => {
    const at = { hour: 2, minute: 0 };
    expect(latestSlot(NOW, at, 3)).toEqual({
      key: 'daily:2026-06-10',
      due: new Date('2026-06-10T02:00:00Z'),
      window: { start: new Date('2026-06-07T02:00:00Z'), end: new Date('2026-06-10T02:00:00Z') },
    });
    // Before today's slot: yesterday's is the latest.
    expect(latestSlot(new Date('2026-06-10T01:59:59Z'), at, 1).key).toBe('daily:2026-06-09');
    expect(latestSlot(new Date('2026-06-10T02:00:00Z'), at, 1).key).toBe('daily:2026-06-10');
  });

  it('parses HH:MM times of day', () => {
    expect(parseTimeOfDay('02:00')).toEqual({ hour: 2, minute: 0 });
    expect(parseTimeOfDay('23:59')).toEqual({ hour: 23, minute: 59 });
    expect(parseTimeOfDay('24:00')).toBeUndefined();
    expect(parseTimeOfDay('2am')).toBeUndefined();
  });
});

describe('reconciliation configuration', () => {
  it('schedules daily at 02:00 UTC over 3 days by default; off turns it off', () => {
    expect(loadConfig({}).reconcile).toEqual({ at: { hour: 2, minute: 0 }, windowDays: 3 });
    expect(loadConfig({ RECONCILE_AT: '23:30', RECONCILE_WINDOW_DAYS: '1' }).reconcile).toEqual({
      at: { hour: 23, minute: 30 },
      windowDays: 1,
    });
    expect(loadConfig({ RECONCILE_AT: 'off' }).reconcile.at).toBeNull();
    expect(loadConfig({ STRIPE_API_BASE: 'http://127.0.0.1:12111' }).stripeApiBase).toBe(
      'http://127.0.0.1:12111',
    );
  });

  it('names a bad schedule, window or Stripe base', () => {
    expect(() => loadConfig({ RECONCILE_AT: '2am' })).toThrow(/RECONCILE_AT must be a UTC time HH:MM/);
    expect(() => loadConfig({ RECONCILE_WINDOW_DAYS: '0' })).toThrow(/RECONCILE_WINDOW_DAYS/);
    expect(() => loadConfig({ STRIPE_API_BASE: 'localhost:12111' })).toThrow(/STRIPE_API_BASE/);
  });
});
