// GET /api/v1/stats/overview over known data (rows written with chosen timestamps), both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { createMetrics } from '../../src/metrics/metrics.ts';
import { authApp, type TestApp } from '../auth/helpers.ts';
import { createTestDb, engines } from '../support/databases.ts';

const NOW = new Date('2026-06-10T12:00:00Z');
const at = (iso: string) => new Date(iso);

describe.each(engines())('overview on %s', (engine) => {
  let db: Db;
  let t: TestApp;
  let key = '';
  let seq = 0;

  async function row(
    status: string,
    created: Date,
    extra: { finalAfterS?: number; failureCode?: string } = {},
  ) {
    seq++;
    const final =
      extra.finalAfterS !== undefined ? new Date(created.getTime() + extra.finalAfterS * 1000) : null;
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key,
         created_at, final_at, failure_code)
       VALUES ($1, 'pay_ov', 100, 'usd', 'duplicate', $2, 'test', $1, $3, $4, $5)`,
      [`rf_ov${seq}`, status, created, final, extra.failureCode ?? null],
    );
  }

  beforeAll(async () => {
    db = await createTestDb(engine);
    const metrics = createMetrics();
    metrics.webhookEvents.inc({ type: 'unknown', result: 'bad_signature' }, 2);
    metrics.webhookEvents.inc({ type: 'refund.updated', result: 'applied' }, 5);
    t = await authApp(db, { start: NOW, metrics });
    key = (await createApiKey(db, { name: 'reader', scopes: ['refunds:read'] })).key;
    await db.query(
      `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at) VALUES ('pay_ov', 'ch_ov', 1000000, 'usd', $1)`,
      [at('2026-06-01T00:00:00Z')],
    );
    // June 8: ten succeeded refunds taking 10, 20, … 100 s, one failed (no code), one canceled.
    for (let i = 1; i <= 10; i++) await row('succeeded', at('2026-06-08T10:00:00Z'), { finalAfterS: i * 10 });
    await row('failed', at('2026-06-08T11:00:00Z'), { finalAfterS: 5 });
    await row('canceled', at('2026-06-08T11:00:00Z'), { finalAfterS: 1 });
    // June 9: two failed with a code, one rejected, one pending, one awaiting approval (3 h old).
    await row('failed', at('2026-06-09T09:00:00Z'), {
      finalAfterS: 30,
      failureCode: 'expired_or_canceled_card',
    });
    await row('failed', at('2026-06-09T09:00:00Z'), {
      finalAfterS: 30,
      failureCode: 'expired_or_canceled_card',
    });
    await row('rejected', at('2026-06-09T09:00:00Z'), { finalAfterS: 2 });
    await row('pending', at('2026-06-09T10:00:00Z'));
    await row('awaiting_approval', at('2026-06-10T09:00:00Z'));
    // Queued: one an hour old, one a minute old. Outside the range: a refund on June 1.
    await row('queued', at('2026-06-10T11:00:00Z'));
    await row('queued', at('2026-06-10T11:59:00Z'));
    await row('succeeded', at('2026-06-01T10:00:00Z'), { finalAfterS: 9999 });
    await db.query(
      `INSERT INTO refund_rejections (payment_id, amount, currency, requested_by, violations, at)
       VALUES ('pay_ov', 1, 'usd', 'test', '[]', $1), ('pay_ov', 1, 'usd', 'test', '[]', $1)`,
      [at('2026-06-09T08:00:00Z')],
    );
    // Webhook events: three received in range (two applied, one errored), one received earlier.
    await db.query(
      `INSERT INTO stripe_events (id, type, created, payload, source, received_at, applied_at, result) VALUES
         ('evt_1', 'refund.updated', $1, '{}', 'webhook', $1, $1, 'applied'),
         ('evt_2', 'refund.updated', $1, '{}', 'webhook', $1, $1, 'noop'),
         ('evt_3', 'refund.failed', $1, '{}', 'webhook', $1, NULL, 'error: boom'),
         ('evt_0', 'refund.updated', $2, '{}', 'webhook', $2, $2, 'applied')`,
      [at('2026-06-09T12:00:00Z'), at('2026-05-01T00:00:00Z')],
    );
  });
  afterAll(async () => {
    await t?.app.close();
    await db?.close();
  });

  const get = (query: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/stats/overview${query}`,
      headers: { authorization: `Bearer ${key}` },
    });

  it('counts refunds per day by outcome, time to final, failure reasons, queue, approvals and webhooks', async () => {
    const res = await get('?from=2026-06-08T00:00:00Z&to=2026-06-11T00:00:00Z');
    expect(res.statusCode).toBe(200);
    const o = res.json();
    const zero = { succeeded: 0, failed: 0, in_flight: 0, canceled: 0, rejected: 0, blocked: 0 };
    expect(o.refunds_per_day).toEqual([
      { ...zero, day: '2026-06-08', succeeded: 10, failed: 1, canceled: 1 },
      { ...zero, day: '2026-06-09', failed: 2, rejected: 1, in_flight: 1, blocked: 2 },
      { ...zero, day: '2026-06-10', in_flight: 3 },
    ]);
    // Succeeded and failed only: 10…100 s, 5 s, 30 s, 30 s.
    expect(o.time_to_final.count).toBe(13);
    expect(o.time_to_final.p50_seconds).toBe(40);
    expect(o.time_to_final.p90_seconds).toBe(88); // sorted: 5 10 20 30 30 30 40 … 100
    expect(o.time_to_final.p99_seconds).toBe(98.8);
    expect(o.failure_reasons).toEqual([
      { code: 'expired_or_canceled_card', count: 2, text: expect.stringContaining('expired') },
      { code: 'unknown', count: 1, text: expect.any(String) },
    ]);
    expect(o.queue).toEqual({ depth: 2, oldest_age_seconds: 3600, sent_awaiting_stripe: 1 });
    expect(o.approvals).toEqual({ waiting: 1, oldest_age_seconds: 3 * 3600 });
    expect(o.webhooks).toEqual({
      available: true,
      received: 3,
      applied: 2,
      failed: 1,
      unapplied: 1,
      bad_signatures: null,
      bad_signatures_since_start: 2,
    });
  });

  it('defaults to the last 30 days, takes dates, and refuses a backwards or too long range', async () => {
    const d = (await get('')).json();
    expect(d.to).toBe(NOW.toISOString());
    expect(d.refunds_per_day).toHaveLength(31); // May 11 (partial) … June 10
    const dates = (await get('?from=2026-06-09&to=2026-06-10')).json();
    expect(dates.refunds_per_day.map((x: { day: string }) => x.day)).toEqual(['2026-06-09']);
    for (const q of ['?from=2026-06-10&to=2026-06-09', '?from=2024-01-01&to=2026-01-01', '?from=yesterday']) {
      const res = await get(q);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
  });
});
