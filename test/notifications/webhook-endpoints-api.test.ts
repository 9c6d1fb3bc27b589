// /api/v1/webhook-endpoints (admin) and /api/v1/notifications over HTTP: the secret shown once,
// validation errors as ApiError bodies, scopes enforced, disabling keeps the endpoint.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { transitionRefund } from '../../src/refunds/transition.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { StripeGateway } from '../../src/stripe/gateway.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { fakeResolver } from '../support/fake-dns.ts';

describe.each(engines())('webhook endpoints API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let admin: string;
  let reader: string;

  beforeAll(async () => {
    db = await createTestDb(engine);
    app = await createServiceApp({
      db,
      gateway: {} as StripeGateway,
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      resolveHost: fakeResolver(),
    });
    admin = (await createApiKey(db, { name: 'admin', scopes: ['admin'] })).key;
    reader = (await createApiKey(db, { name: 'reader', scopes: ['refunds:read', 'payments:read'] })).key;
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, key = admin) =>
    app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${key}` },
      ...(body !== undefined ? { payload: body as object } : {}),
    });

  it('creates an endpoint and shows its signing secret once', async () => {
    const created = await call('POST', '/webhook-endpoints', {
      url: 'https://merchant.example/refundry',
      enabled_events: ['refund.succeeded', 'refund.failed', 'refund.succeeded'],
      description: 'order system',
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      object: 'webhook_endpoint',
      url: 'https://merchant.example/refundry',
      enabled_events: ['refund.succeeded', 'refund.failed'],
      status: 'enabled',
      description: 'order system',
    });
    expect(body.id).toMatch(/^we_/);
    expect(body.secret).toMatch(/^whsec_[0-9A-Za-z]{40}$/);
    const list = await call('GET', '/webhook-endpoints');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(body.secret);
    expect(list.json().data[0]).toMatchObject({
      id: body.id,
      deliveries: { pending: 0, sent: 0, failed: 0 },
    });
    const one = await call('GET', `/webhook-endpoints/${body.id}`);
    expect(one.json()).not.toHaveProperty('secret');
    // Defaults to every event type.
    const all = await call('POST', '/webhook-endpoints', { url: 'https://hooks.merchant.example/all' });
    expect(all.json().enabled_events).toEqual(['*']);
  });

  it('refuses bad input with a code and the field at fault', async () => {
    const cases: Array<[unknown, string]> = [
      [{ url: 'ftp://x.example/h' }, 'url'],
      [{ url: 'http://merchant.example/h' }, 'url'], // plain http only with WEBHOOK_ALLOW_PRIVATE
      [{ url: 'https://user:pw@merchant.example/h' }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{}, 'url'],
      [{ url: 'https://m.example/h', enabled_events: ['refund.exploded'] }, 'enabled_events.0'],
      [{ url: 'https://m.example/h', enabled_events: [] }, 'enabled_events'],
      [{ url: 'https://m.example/h', extra: 1 }, ''],
    ];
    for (const [body, param] of cases) {
      const res = await call('POST', '/webhook-endpoints', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
      if (param) expect(res.json().error.param).toBe(param);
    }
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/webhook-endpoints',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      payload: '{"url":',
    });
    expect(malformed.statusCode).toBe(400);
  });

  it('needs the admin scope', async () => {
    for (const [method, url] of [
      ['GET', '/webhook-endpoints'],
      ['POST', '/webhook-endpoints'],
      ['DELETE', '/webhook-endpoints/we_x'],
    ] as const) {
      const res = await call(
        method,
        url,
        method === 'POST' ? { url: 'https://m.example/h' } : undefined,
        reader,
      );
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'forbidden', required_scope: 'admin' });
    }
    expect((await call('GET', '/webhook-endpoints', undefined, 'rfk_nope')).statusCode).toBe(401);
  });

  it('disables an endpoint on DELETE: kept, no new deliveries for it', async () => {
    const { id } = (await call('POST', '/webhook-endpoints', { url: 'https://gone.example/h' })).json();
    const deleted = await call('DELETE', `/webhook-endpoints/${id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({ id, status: 'disabled' });
    expect(deleted.json().disabled_at).toMatch(/^\d{4}-/);
    expect((await call('DELETE', '/webhook-endpoints/we_missing')).json().error).toMatchObject({
      code: 'not_found',
      param: 'id',
    });
    await db.query(
      `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at) VALUES ('pay_w', 'ch_w', 1000, 'usd', now())`,
    );
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key)
       VALUES ('rf_w', 'pay_w', 100, 'usd', 'duplicate', 'queued', 't', 'kw')`,
    );
    await db.transaction((tx) => transitionRefund(tx, { refundId: 'rf_w', to: 'succeeded', actor: 't' }));
    const rows = await db.query<{ endpoint_id: string }>(
      'SELECT endpoint_id FROM notifications WHERE refund_id = $1',
      ['rf_w'],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.endpoint_id)).not.toContain(id);

    // The outbox is readable with refunds:read, and a given-up delivery can be put back by an admin.
    const list = await call('GET', '/notifications?refund_id=rf_w', undefined, reader);
    expect(list.statusCode).toBe(200);
    const first = list.json().data[0];
    expect(first).toMatchObject({
      refund_id: 'rf_w',
      channel: 'webhook',
      kind: 'refund.succeeded',
      status: 'pending',
    });
    expect(first.event_id).toMatch(/^evt_/);
    await db.query("UPDATE notifications SET status = 'failed', attempts = 12 WHERE id = $1", [first.id]);
    expect((await call('POST', `/notifications/${first.id}/retry`, {}, reader)).statusCode).toBe(403);
    const retried = await call('POST', `/notifications/${first.id}/retry`, {});
    expect(retried.json()).toMatchObject({ id: first.id, status: 'pending' });
    expect((await call('POST', `/notifications/${first.id}/retry`, {})).statusCode).toBe(404);
    expect((await call('GET', '/notifications?status=bogus', undefined, reader)).statusCode).toBe(400);
  });
});
