import { describe, expect, it } from 'vitest';
import { afterFailure, emailThrottleKey, lockedUntil, type ThrottleRule } from './login-throttle.ts';

const rule: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
const at = (minutes: number) => new Date(Date.UTC(2026, 5, 1, 12, minutes));

describe('login throttle', () => {
  it('locks at the fifth failure within the window, for the lock time', () => {
    let s = afterFailure(undefined, at(0), rule);
    for (let i = 1; i < 4; i++) s = afterFailure(s, at(i), rule);
    expect(s.failures).toBe(4);
    expect(lockedUntil(s, at(4))).toBeUndefined();
    s = afterFailure(s, at(4), rule);
    expect(lockedUntil(s, at(4))).toEqual(at(19));
    expect(lockedUntil(s, at(18))).toEqual(at(19));
    expect(lockedUntil(s, at(19))).toBeUndefined();
    expect(s.failures).toBe(0);
  });

  it('failures older than the window start a new count', () => {
    let s = afterFailure(undefined, at(0), rule);
    for (let i = 1; i < 4; i++) s = afterFailure(s, at(i), rule);
    s = afterFailure(s, at(15), rule);
    expect(s.failures).toBe(1);
    expect(s.windowStartedAt).toEqual(at(15));
    expect(lockedUntil(s, at(15))).toBeUndefined();
  });

  it('keys addresses by a hash of the lowercased address', () => {
    expect(emailThrottleKey(' Ann@Example.com ')).toBe(emailThrottleKey('ann@example.com'));
    expect(emailThrottleKey('ann@example.com')).toMatch(/^email:[0-9a-f]{64}$/);
    expect(emailThrottleKey('ann@example.com')).not.toContain('ann');
  });
});
