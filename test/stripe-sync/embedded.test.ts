// Embedded mode (no STRIPE_SECRET_KEY): run-service registers Refundry's receiver with the
// in-process sandbox, so a refund follows Stripe through signed webhooks with no configuration.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { registerFromStripe } from '../../src/payments/payments.ts';
import { type RunningService, runService } from '../../src/service/run-service.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import { insertPayment, insertQueuedRefund } from '../worker/helpers.ts';
import { statusOf, until } from './harness.ts';

describe('embedded mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refundry-embedded-'));
  let service: RunningService | undefined;
  afterAll(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers its webhook endpoints (platform and Connect) with the sandbox and follows refunds by webhook', async () => {
    const config = loadConfig({
      REFUNDRY_DATA_DIR: dir,
      // PostgreSQL when the run has one (PGlite on disk takes seconds to create); PGlite otherwise.
      DATABASE_URL: inject('postgresUrl') ? await createPostgresDatabase() : undefined,
      PORT: '0',
      LOG_LEVEL: 'silent',
      POLL_AFTER_S: '3600',
      BACKFILL_INTERVAL_S: '0',
      EVENT_APPLY_INTERVAL_MS: '50',
    });
    service = await runService(config, 'all', silentLogger());
    const { db, stripe } = service;
    const endpoints = await stripe.webhookEndpoints.list();
    // The platform's endpoint, and a Connect endpoint (connect=true) for connected accounts' events.
    expect(endpoints.data.map((e) => e.url).sort()).toEqual([
      service.apiUrl!.replace('/api/v1', '/webhooks/stripe'),
      service.apiUrl!.replace('/api/v1', '/webhooks/stripe/connect'),
    ]);

    const charge = await stripe.charges.create({
      amount: 2_000,
      currency: 'usd',
      source: 'tok_pendingRefund',
    });
    const id = await insertQueuedRefund(db, await insertPayment(db, charge), 2_000);
    await until(async () => (await statusOf(db, id)) === 'pending');
    const res = await fetch(`${service.sandboxUrl}/_sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'seconds=3600',
    });
    expect(res.status).toBe(200);
    await until(async () => (await statusOf(db, id)) === 'succeeded');
    const [last] = await db.query<{ actor: string; stripe_event_id: string | null }>(
      'SELECT actor, stripe_event_id FROM refund_history WHERE refund_id = $1 ORDER BY id DESC LIMIT 1',
      [id],
    );
    expect(last?.actor).toBe('webhook');
    expect(last?.stripe_event_id).toMatch(/^evt_/);

    // A direct charge on a connected account: refunded there (Stripe-Account), and followed through
    // the Connect endpoint's signed events.
    const shop = await stripe.accounts.create({ type: 'standard', country: 'US' });
    const direct = await stripe.charges.create(
      { amount: 3_000, currency: 'usd', source: 'tok_pendingRefund' },
      { stripeAccount: shop.id },
    );
    const { payment } = await registerFromStripe(
      db,
      (await service.gateway.retrievePayment(direct.id, shop.id))!,
    );
    expect(payment.connect.stripeAccount).toBe(shop.id);
    const directRefund = await insertQueuedRefund(db, payment.id, 3_000);
    await until(async () => (await statusOf(db, directRefund)) === 'pending');
    await fetch(`${service.sandboxUrl}/_sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'seconds=3600',
    });
    await until(async () => (await statusOf(db, directRefund)) === 'succeeded');
    const [viaConnect] = await db.query<{ actor: string; account: string | null }>(
      `SELECT h.actor, e.account FROM refund_history h JOIN stripe_events e ON e.id = h.stripe_event_id
       WHERE h.refund_id = $1 ORDER BY h.id DESC LIMIT 1`,
      [directRefund],
    );
    expect(viaConnect).toEqual({ actor: 'webhook', account: shop.id });
    const onShop = await stripe.refunds.list({ charge: direct.id }, { stripeAccount: shop.id });
    expect(onShop.data.map((r) => r.metadata?.refundry_refund_id)).toEqual([directRefund]);

    const unsigned = await fetch(service.apiUrl!.replace('/api/v1', '/webhooks/stripe'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unsigned.status).toBe(400);
    const metrics = await (await fetch(service.apiUrl!.replace('/api/v1', '/metrics'))).text();
    expect(metrics).toMatch(/refundry_webhook_events_total\{type="unknown",result="bad_signature"\} 1/);
    expect(metrics).toMatch(/refundry_webhook_events_total\{type="refund.updated",result="applied"\} [1-9]/);
  });
});
