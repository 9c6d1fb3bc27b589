// POST /webhooks/stripe: refusals (bad, missing or wrong-secret signatures, replayed timestamps,
// malformed JSON) are 400s with stable codes, counted, and change nothing; unknown types are
// stored as ignored; events are stored once, applied in order-insensitive fashion by the applier.
import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { createMetrics, type Metrics } from '../../src/metrics/metrics.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { applyStoredEvents } from '../../src/stripe-sync/event-applier.ts';
import { createTestDb, engines } from '../support/databases.ts';

const SECRET = 'whsec_test_refundry_secret';
const nowS = () => Math.floor(Date.now() / 1000);

function refundEvent(
  id: string,
  type: string,
  created: number,
  refund: Partial<Stripe.Refund> & { id: string },
): Record<string, unknown> {
  return {
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: {
      object: {
        object: 'refund',
        amount: 300,
        currency: 'usd',
        charge: 'ch_w1',
        payment_intent: null,
        created,
        metadata: {},
        reason: null,
        status: 'pending',
        ...refund,
      },
    },
  };
}

describe.each(engines())('Stripe webhook receiver on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let metrics: Metrics;

  beforeAll(async () => {
    db = await createTestDb(engine);
    metrics = createMetrics({ defaultMetrics: false });
    app = await createServiceApp({
      db,
      gateway: {} as never,
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      metrics,
      stripeWebhook: { secret: () => SECRET },
    });
    await db.query(
      `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at) VALUES ('pay_w1', 'ch_w1', 1000, 'usd', now())`,
    );
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, stripe_refund_id)
       VALUES ('rf_w1', 'pay_w1', 300, 'usd', 'duplicate', 'pending', 'test', 'k_w1', 're_w1'),
              ('rf_w2', 'pay_w1', 200, 'usd', 'duplicate', 'queued', 'test', 'k_w2', NULL)`,
    );
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const deliver = (body: string, signature?: string) =>
    app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        ...(signature === undefined ? {} : { 'stripe-signature': signature }),
      },
      payload: body,
    });
  const sign = (body: string, secret = SECRET, timestamp = nowS()) =>
    Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
  const send = (event: Record<string, unknown>) => {
    const body = JSON.stringify(event);
    return deliver(body, sign(body));
  };
  const counted = async (result: string) => {
    const values = (await metrics.webhookEvents.get()).values;
    return values.filter((v) => v.labels.result === result).reduce((n, v) => n + v.value, 0);
  };
  const status = async (id: string) =>
    (await db.query<{ status: string }>('SELECT status FROM refunds WHERE id = $1', [id]))[0]!.status;
  const apply = () => applyStoredEvents({ db, logger: silentLogger(), metrics });

  it('refuses bad, missing, wrong-secret and replayed signatures and malformed JSON, counts them, changes nothing', async () => {
    const event = refundEvent('evt_bad1', 'refund.updated', nowS(), { id: 're_w1', status: 'succeeded' });
    const body = JSON.stringify(event);
    const cases: Array<[string | undefined, string, string]> = [
      [`t=${nowS()},v1=${'0'.repeat(64)}`, body, 'invalid_signature'],
      [sign(body, 'whsec_someone_else'), body, 'invalid_signature'],
      [undefined, body, 'missing_signature'],
      ['garbage', body, 'invalid_signature_header'],
      [sign(body, SECRET, nowS() - 301), body, 'stale_signature'],
    ];
    for (const [signature, payload, code] of cases) {
      const res = await deliver(payload, signature);
      expect({ status: res.statusCode, code: res.json().error.code }).toEqual({ status: 400, code });
    }
    expect(await counted('bad_signature')).toBe(5);

    const broken = '{"id": "evt_broken", "type": ';
    const malformed = await deliver(broken, sign(broken));
    expect({ status: malformed.statusCode, code: malformed.json().error.code }).toEqual({
      status: 400,
      code: 'malformed_event',
    });
    const notEvent = JSON.stringify({ hello: 'world' });
    expect((await deliver(notEvent, sign(notEvent))).statusCode).toBe(400);
    expect(await counted('malformed')).toBe(2);

    await apply();
    expect(await status('rf_w1')).toBe('pending');
    expect(await db.query('SELECT id FROM stripe_events')).toEqual([]);
  });

  it('stores unknown event types as ignored with a 2xx and no state change', async () => {
    const res = await send({ ...refundEvent('evt_cust1', 'customer.created', nowS(), { id: 're_w1' }) });
    expect(res.statusCode).toBe(200);
    expect(await counted('ignored')).toBe(1);
    const [row] = await db.query<{ result: string; applied_at: Date | null }>(
      "SELECT result, applied_at FROM stripe_events WHERE id = 'evt_cust1'",
    );
    expect(row?.result).toBe('ignored');
    expect(row?.applied_at).not.toBeNull();
    expect((await apply()).claimed).toBe(0);
    expect(await status('rf_w1')).toBe('pending');
  });

  it('stores each event once, applies duplicated and reordered events right, and the late failure', async () => {
    const t = nowS();
    const succeeded = refundEvent('evt_s', 'refund.updated', t, { id: 're_w1', status: 'succeeded' });
    const stalePending = refundEvent('evt_p', 'refund.created', t - 5, { id: 're_w1', status: 'pending' });
    const failed = refundEvent('evt_f', 'refund.failed', t + 1, {
      id: 're_w1',
      status: 'failed',
      failure_reason: 'expired_or_canceled_card',
    });

    expect((await send(succeeded)).statusCode).toBe(200);
    const dup = await send(succeeded);
    expect(dup.json()).toEqual({ received: true, duplicate: true });
    expect(await counted('duplicate')).toBe(1);
    await apply();
    expect(await status('rf_w1')).toBe('succeeded');

    // Reordered: the older pending arrives after succeeded and is ignored as stale.
    await send(stalePending);
    await apply();
    expect(await status('rf_w1')).toBe('succeeded');
    expect(
      (await db.query<{ result: string }>("SELECT result FROM stripe_events WHERE id = 'evt_p'"))[0]?.result,
    ).toBe('stale');

    await send(failed);
    await apply();
    const [refund] = await db.query<{ status: string; failure_code: string }>(
      "SELECT status, failure_code FROM refunds WHERE id = 'rf_w1'",
    );
    expect(refund).toEqual({ status: 'failed', failure_code: 'expired_or_canceled_card' });
    expect(await counted('applied')).toBe(3);
  });

  it('matches an event that arrives before the worker stored the Stripe id by its metadata', async () => {
    await send(
      refundEvent('evt_m', 'refund.created', nowS(), {
        id: 're_w2',
        amount: 200,
        status: 'succeeded',
        metadata: { refundry_refund_id: 'rf_w2' },
      }),
    );
    await apply();
    const [row] = await db.query<{ status: string; stripe_refund_id: string }>(
      "SELECT status, stripe_refund_id FROM refunds WHERE id = 'rf_w2'",
    );
    expect(row).toEqual({ status: 'succeeded', stripe_refund_id: 're_w2' });
  });
});
