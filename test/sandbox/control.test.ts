import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

// The /_sandbox/ control API.
let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.close());

describe('control API', () => {
  it('advances the clock that created timestamps use, and resets all state', async () => {
    const before = await t.stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
    const res = await fetch(`${t.url}/_sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'seconds=86400',
    });
    expect(res.status).toBe(200);
    const after = await t.stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
    expect(after.created - before.created).toBeGreaterThanOrEqual(86400);
    const bad = await fetch(`${t.url}/_sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'seconds=-5',
    });
    expect(bad.status).toBe(400);
    const reset = await fetch(`${t.url}/_sandbox/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect((await t.stripe.charges.list()).data).toEqual([]);
    expect((await t.stripe.events.list()).data).toEqual([]);
    const clock = (await (await fetch(`${t.url}/_sandbox/clock`)).json()) as { offset_seconds: number };
    expect(clock.offset_seconds).toBe(0);
  });
});
