// The service against the sandbox through the real gateway: an unknown payment is fetched from
// Stripe, refunds are accepted by the API and sent once by the workers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { startWorkers } from '../../src/worker/workers.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

describe.each(engines())('service with the sandbox on %s', (engine) => {
  let db: Db;
  let sandbox: TestSandbox;
  let app: Awaited<ReturnType<typeof createServiceApp>>;
  let key: string;

  beforeAll(async () => {
    db = await createTestDb(engine);
    sandbox = await startTestSandbox();
    app = await createServiceApp({
      db,
      gateway: createStripeGateway(sandbox.stripe),
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
    });
    key = (await createApiKey(db, { name: 't', scopes: ['admin'] })).key;
  });
  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
    await db?.close();
  });

  const post = (url: string, body: object) =>
    app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${key}` },
      payload: body,
    });

  it('fetches an unknown payment from Stripe, and the workers send full and partial refunds once', async () => {
    const pi = await sandbox.stripe.paymentIntents.create({
      amount: 5_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const first = await post('/refunds', {
      stripe_id: pi.id,
      amount: 1_500,
      reason: 'requested_by_customer',
    });
    expect(first.statusCode).toBe(201);
    const second = await post('/refunds', { payment_id: first.json().payment_id, reason: 'duplicate' });
    expect(second.json()).toMatchObject({ amount: 3_500, status: 'queued' });
    const over = await post('/refunds', { stripe_id: pi.id, amount: 1, reason: 'duplicate' });
    expect(over.statusCode).toBe(422);

    const workers = await startWorkers({
      db,
      gateway: createStripeGateway(sandbox.stripe),
      logger: silentLogger(),
      pollIntervalMs: 50,
      budget: { maxRate: 100 },
    });
    try {
      const deadline = Date.now() + 10_000;
      let statuses: string[] = [];
      while (Date.now() < deadline) {
        const rows = await db.query<{ status: string }>('SELECT status FROM refunds WHERE payment_id = $1', [
          first.json().payment_id,
        ]);
        statuses = rows.map((r) => r.status);
        if (statuses.every((s) => s === 'succeeded')) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(statuses).toEqual(['succeeded', 'succeeded']);
    } finally {
      await workers.stop();
    }
    const atStripe = await sandbox.stripe.refunds.list({ payment_intent: pi.id, limit: 10 });
    expect(atStripe.data.map((r) => r.amount).sort()).toEqual([1_500, 3_500]);
    expect(new Set(atStripe.data.map((r) => r.metadata?.refundry_refund_id))).toEqual(
      new Set([first.json().id, second.json().id]),
    );
  });

  it('an id Stripe does not know is a 404', async () => {
    const res = await post('/refunds', { stripe_id: 'pi_doesnotexist', reason: 'duplicate' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'not_found', param: 'stripe_id' });
  });
});
