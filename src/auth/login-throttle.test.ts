import { describe, expect, it } from 'vitest';
import {
  accountDigest,
  afterClientFailure,
  afterPairFailure,
  type ClientRule,
  lockedUntil,
  type PairRule,
  pairDelayMs,
  pairThrottleKey,
} from './login-throttle.ts';

const MINUTE = 60_000;
const pair: PairRule = {
  freeFailures: 5,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * MINUTE,
  forgetAfterMs: 1_440 * MINUTE,
};
const client: ClientRule = { maxFailures: 100, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
const at = (minutes: number) => new Date(Date.UTC(2026, 5, 1, 12, 0) + minutes * MINUTE);

describe('login throttle: (account, client) pairs', () => {
  it('four failures are free; from the fifth each one waits 30 s, doubling, up to the cap', () => {
    expect([1, 2, 3, 4].map((f) => pairDelayMs(f, pair))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11, 50].map((f) => pairDelayMs(f, pair) / 1000)).toEqual([
      30, 60, 120, 240, 480, 900, 900, 900,
    ]);
  });

  it('counts consecutive failures and sets the delay of the last one', () => {
    let s = afterPairFailure(undefined, at(0), pair);
    for (let i = 1; i < 4; i++) s = afterPairFailure(s, at(i), pair);
    expect(s.failures).toBe(4);
    expect(lockedUntil(s, at(4))).toBeUndefined();
    s = afterPairFailure(s, at(4), pair);
    expect(lockedUntil(s, at(4))).toEqual(new Date(at(4).getTime() + 30_000));
    s = afterPairFailure(s, at(5), pair);
    expect(lockedUntil(s, at(5))).toEqual(at(6));
  });

  it('a pair quiet for a day starts again from zero', () => {
    let s = afterPairFailure(undefined, at(0), pair);
    for (let i = 1; i < 8; i++) s = afterPairFailure(s, at(i), pair);
    expect(s.failures).toBe(8);
    s = afterPairFailure(s, at(8 + 1_440), pair);
    expect(s.failures).toBe(1);
    expect(s.lockedUntil).toBeNull();
  });

  it('keys a pair by a hash of the lowercased address and the client address', () => {
    expect(pairThrottleKey(' Ann@Example.com ', '10.0.0.1')).toBe(
      pairThrottleKey('ann@example.com', '10.0.0.1'),
    );
    expect(pairThrottleKey('ann@example.com', '10.0.0.1')).not.toBe(
      pairThrottleKey('ann@example.com', '10.0.0.2'),
    );
    expect(pairThrottleKey('ann@example.com', '10.0.0.1')).toBe(
      `pair:${accountDigest('ann@example.com')}:10.0.0.1`,
    );
    expect(pairThrottleKey('ann@example.com', '10.0.0.1')).not.toContain('ann');
  });
});

describe('login throttle: clients', () => {
  it('locks a client at its cap within the window, for the lock time', () => {
    let s = afterClientFailure(undefined, at(0), client);
    for (let i = 1; i < 99; i++) s = afterClientFailure(s, at(i / 10), client);
    expect(lockedUntil(s, at(10))).toBeUndefined();
    s = afterClientFailure(s, at(10), client);
    expect(lockedUntil(s, at(10))).toEqual(at(25));
    expect(lockedUntil(s, at(25))).toBeUndefined();
  });

  it('failures older than the window start a new count', () => {
    let s = afterClientFailure(undefined, at(0), client);
    for (let i = 1; i < 99; i++) s = afterClientFailure(s, at(0), client);
    s = afterClientFailure(s, at(15), client);
    expect(s.failures).toBe(1);
    expect(lockedUntil(s, at(15))).toBeUndefined();
  });
});
