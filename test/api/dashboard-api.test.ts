// The dashboard's read and admin endpoints through HTTP, on both engines: payment search, refund
// filters, CSV export, the refund timeline, the overview, policy settings (and their effect on
// refund requests), users and API keys.
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { transitionRefund } from '../../src/refunds/transition.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { asBrowser, authApp, type Browser, makeUser, signIn, type TestApp } from '../auth/helpers.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { sandboxPayment } from '../support/payments.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

const NOW = new Date();
type Json = Record<string, unknown> & { id: string };

describe.each(engines())('dashboard API on %s', (engine) => {
  let db: Db;
  let sb: TestSandbox;
  let t: TestApp;
  let key = '';
  let admin: Browser;
  let n = 0;

  beforeAll(async () => {
    db = await createTestDb(engine);
    sb = await startTestSandbox();
    t = await authApp(db, { start: NOW, gateway: createStripeGateway(sb.stripe) });
    key = (await createApiKey(db, { name: 'backend', scopes: ['admin'] })).key;
    admin = await signIn(t.app, (await makeUser(db, 'admin')).email);
  });
  afterAll(async () => {
    await t?.app.close();
    await sb?.close();
    await db?.close();
  });

  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${key}` },
      ...(body !== undefined ? { payload: body } : {}),
    });

  /** A payment made in the sandbox (100.00 USD unless `amount` says otherwise) and registered. */
  async function payment(
    over: Record<string, unknown> & { amount?: number; asCharge?: boolean } = {},
  ): Promise<Json> {
    n++;
    const { amount = 100_000, asCharge, ...merchant } = over;
    const stripeId = await sandboxPayment(sb.stripe, { amount, currency: 'usd', asCharge });
    const res = await api('POST', '/payments', {
      stripe_id: stripeId,
      order_id: `ord_dash${engine}${n}`,
      customer_email: `Buyer${n}@Example.com`,
      ...merchant,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  async function refund(body: Record<string, unknown>): Promise<Json> {
    const res = await api('POST', '/refunds', { reason: 'requested_by_customer', ...body });
    expect(res.statusCode).toBe(201);
    return res.json();
  }
  const ids = (res: { json(): { data: Json[] } }) => res.json().data.map((x) => x.id);

  describe('payment search', () => {
    it('finds by order id, customer email in any case, pi_/ch_ and pay_ id, with amounts', async () => {
      const p = await payment({ asCharge: true });
      await refund({ payment_id: p.id, amount: 1_000 });
      for (const q of [p.order_id, `BUYER${n}@example.COM`, String(p.stripe_charge_id), p.id]) {
        const res = await api('GET', `/payments?q=${encodeURIComponent(String(q))}`);
        expect(res.statusCode).toBe(200);
        expect(ids(res)).toEqual([p.id]);
        expect(res.json().data[0]).toMatchObject({
          amount_captured: 100_000,
          amount_refunded: 0,
          amount_in_flight: 1_000,
          amount_refundable: 99_000,
        });
      }
      expect(ids(await api('GET', `/payments?order_id=${p.order_id}`))).toEqual([p.id]);
      expect(ids(await api('GET', '/payments?q=nothing-like-this'))).toEqual([]);
      const missing = await api('GET', '/payments');
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.param).toBe('q');
    });

    it('an unknown Stripe id is looked up at Stripe and registered', async () => {
      const remote = await sandboxPayment(sb.stripe, {
        amount: 4_200,
        currency: 'eur',
        metadata: { order_id: `ord_remote7${engine}` },
      });
      const res = await api('GET', `/payments?q=${remote}`);
      expect(res.json().data).toHaveLength(1);
      expect(res.json().data[0]).toMatchObject({
        stripe_payment_intent_id: remote,
        order_id: `ord_remote7${engine}`,
        amount: 4_200,
        currency: 'eur',
      });
      expect(ids(await api('GET', `/payments?q=ord_remote7${engine}`))).toEqual([res.json().data[0].id]);
    });
  });

  describe('refund list, export and timeline', () => {
    let p: Json;
    let small: Json;
    let big: Json;
    let dup: Json;
    let failed: Json;

    beforeAll(async () => {
      p = await payment();
      small = await refund({ payment_id: p.id, amount: 500 });
      big = await refund({ payment_id: p.id, amount: 60_000 }); // over the threshold: waits
      dup = await refund({ payment_id: p.id, amount: 700, reason: 'duplicate', note: '=HYPERLINK("x")' });
      failed = await refund({ payment_id: p.id, amount: 800, reason: 'other', note: 'card closed' });
      await db.transaction(async (tx) => {
        await transitionRefund(tx, {
          refundId: failed.id,
          to: 'pending',
          actor: 'worker',
          stripeRefundId: `re_fail${engine}`,
        });
        await transitionRefund(tx, {
          refundId: failed.id,
          to: 'failed',
          actor: 'webhook',
          stripeEventId: `evt_fail${engine}`,
          stripeRefundId: `re_fail${engine}`,
          failureCode: 'expired_or_canceled_card',
        });
      });
    });

    it('filters by reason, needs approval, failed and q, newest first, cursor-paginated', async () => {
      const base = `/refunds?payment_id=${p.id}`;
      expect(ids(await api('GET', base))).toEqual([failed.id, dup.id, big.id, small.id]);
      expect(ids(await api('GET', `${base}&reason=duplicate`))).toEqual([dup.id]);
      expect(ids(await api('GET', `${base}&needs_approval=true`))).toEqual([big.id]);
      expect(ids(await api('GET', `${base}&needs_approval=false`))).toEqual([failed.id, dup.id, small.id]);
      expect(ids(await api('GET', `${base}&failed=true`))).toEqual([failed.id]);
      expect(ids(await api('GET', `/refunds?q=re_fail${engine}`))).toEqual([failed.id]);
      expect(ids(await api('GET', `/refunds?q=${small.id}`))).toEqual([small.id]);
      expect(ids(await api('GET', `/refunds?q=${p.order_id}&limit=2`))).toEqual([failed.id, dup.id]);
      const email = String(p.customer_email).toUpperCase();
      const page2 = await api(
        'GET',
        `/refunds?q=${encodeURIComponent(email)}&limit=2&starting_after=${dup.id}`,
      );
      expect(ids(page2)).toEqual([big.id, small.id]);
      expect(page2.json().has_more).toBe(false);
      expect(
        ids(await api('GET', `${base}&created_gte=2026-01-01T00:00:00Z&created_lte=2026-01-02T00:00:00Z`)),
      ).toEqual([]);
      expect((await api('GET', '/refunds?failed=maybe')).statusCode).toBe(400);
      const expanded = await api('GET', `${base}&expand=payment&limit=1`);
      expect(expanded.json().data[0].payment).toMatchObject({ id: p.id, order_id: p.order_id });
    });

    it('exports the same filters as CSV, escaping formulas, with amounts in the currency notation', async () => {
      const res = await api('GET', `/refunds/export.csv?payment_id=${p.id}&needs_approval=false`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="refunds-${NOW.toISOString().slice(0, 10)}.csv"`,
      );
      const rows: Record<string, string>[] = parseCsv(res.body, { columns: true });
      expect(rows.map((r) => r.id)).toEqual([failed.id, dup.id, small.id]);
      expect(rows[1]).toMatchObject({
        amount: '7.00',
        amount_minor: '700',
        currency: 'usd',
        reason: 'duplicate',
        note: `'=HYPERLINK("x")`,
        order_id: String(p.order_id),
        customer_email: String(p.customer_email),
      });
      expect(rows[0]).toMatchObject({ status: 'failed', failure_code: 'expired_or_canceled_card' });
    });

    it('exports every row of a large result, page after page', async () => {
      const big = await payment({ amount: 10_000_000 });
      await db.query(
        `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, created_at)
         SELECT 'rf_bulk${engine}_' || i, $1, 1, 'usd', 'duplicate', 'succeeded', 'test', 'k${engine}_' || i,
                $2::timestamptz - i * interval '1 second'
           FROM generate_series(1, 1205) AS i`,
        [big.id, NOW],
      );
      const res = await api('GET', `/refunds/export.csv?payment_id=${big.id}`);
      const rows: Record<string, string>[] = parseCsv(res.body, { columns: true });
      expect(rows).toHaveLength(1205);
      expect(new Set(rows.map((r) => r.id)).size).toBe(1205);
      expect(rows[0]!.id).toBe(`rf_bulk${engine}_1`);
      expect(rows.at(-1)!.id).toBe(`rf_bulk${engine}_1205`);
    });

    it('the refund page has the timeline with actors, Stripe ids and event ids, the payment and the failure in words', async () => {
      const res = await asBrowser(t.app, admin, 'GET', `/api/v1/refunds/${failed.id}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.history).toEqual([
        expect.objectContaining({
          from: null,
          to: 'queued',
          actor: expect.stringMatching(/^key:/),
          actor_name: 'API key backend',
        }),
        expect.objectContaining({
          from: 'queued',
          to: 'pending',
          actor: 'worker',
          stripe_refund_id: `re_fail${engine}`,
          stripe_event_id: null,
        }),
        expect.objectContaining({
          from: 'pending',
          to: 'failed',
          actor: 'webhook',
          actor_name: 'Stripe event',
          stripe_event_id: `evt_fail${engine}`,
        }),
      ]);
      expect(body.history.every((h: { at: string }) => !Number.isNaN(Date.parse(h.at)))).toBe(true);
      expect(body.payment).toMatchObject({ id: p.id, amount_captured: 100_000, amount_in_flight: 61_200 });
      expect(body.failure_code).toBe('expired_or_canceled_card');
      expect(body.failure_text).toContain('expired or was canceled');
      expect(body.requested_by_name).toBe('API key backend');
    });
  });

  describe('policy settings', () => {
    it('starts from the configured defaults, stores changes, and null returns a field to its default', async () => {
      const initial = (await api('GET', '/settings/policy')).json();
      expect(initial).toMatchObject({
        refund_window_days: 90,
        approval_threshold: 50_000,
        blocked_reasons: [],
        overridden: { refund_window_days: false, approval_threshold: false, blocked_reasons: false },
        updated_by: null,
      });
      const put = await asBrowser(t.app, admin, 'PUT', '/api/v1/settings/policy', {
        approval_threshold: 1_000,
        blocked_reasons: ['other'],
      });
      expect(put.statusCode).toBe(200);
      expect(put.json()).toMatchObject({
        refund_window_days: 90,
        approval_threshold: 1_000,
        blocked_reasons: ['other'],
        defaults: { approval_threshold: 50_000 },
        overridden: { refund_window_days: false, approval_threshold: true, blocked_reasons: true },
        updated_by: expect.stringMatching(/^user:usr_/),
      });

      // Every refund request now follows the stored settings.
      const p = await payment();
      const blocked = await api('POST', '/refunds', {
        payment_id: p.id,
        amount: 100,
        reason: 'other',
        note: 'x',
      });
      expect(blocked.statusCode).toBe(422);
      expect(blocked.json().error.violations.map((v: { code: string }) => v.code)).toEqual([
        'reason_blocked',
      ]);
      const eligibility = (
        await api('GET', `/payments/${p.id}/eligibility?amount=2000&reason=duplicate`)
      ).json();
      expect(eligibility).toMatchObject({
        eligible: true,
        needs_approval: true,
        needs_approval_above: 1_000,
      });
      const blockedAnswer = (
        await api('GET', `/payments/${p.id}/eligibility?amount=100&reason=other`)
      ).json();
      expect(blockedAnswer.violations.map((v: { code: string }) => v.code)).toEqual(['reason_blocked']);
      const waits = await refund({ payment_id: p.id, amount: 2_000, reason: 'duplicate' });
      expect(waits.status).toBe('awaiting_approval');

      const reset = await api('PUT', '/settings/policy', { approval_threshold: null, blocked_reasons: null });
      expect(reset.json()).toMatchObject({ approval_threshold: 50_000, blocked_reasons: [] });
      expect((await refund({ payment_id: p.id, amount: 2_000, reason: 'duplicate' })).status).toBe('queued');
      for (const bad of [
        {},
        { approval_threshold: 0 },
        { blocked_reasons: ['because'] },
        { refund_window_days: -1 },
      ]) {
        const res = await api('PUT', '/settings/policy', bad);
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe('invalid_request');
      }
    });
  });

  describe('users and API keys', () => {
    it('creates a user with a generated password shown once, which signs in; never returns a hash', async () => {
      const res = await asBrowser(t.app, admin, 'POST', '/api/v1/users', {
        email: `New.Agent.${engine}@example.com`,
        name: 'New Agent',
        role: 'agent',
      });
      expect(res.statusCode).toBe(201);
      const created = res.json();
      expect(created).toMatchObject({
        object: 'user',
        role: 'agent',
        disabled: false,
        scopes: ['payments:read', 'refunds:read', 'refunds:write'],
      });
      expect(created.password).toMatch(/^[0-9A-Za-z]{20}$/);
      expect(JSON.stringify(created)).not.toContain('scrypt');
      await signIn(t.app, `new.agent.${engine}@example.com`, created.password);
      const list = await asBrowser(t.app, admin, 'GET', '/api/v1/users');
      expect(list.body).not.toContain(created.password);
      expect(list.body).not.toContain('scrypt');
      expect(list.json().data.map((u: Json) => u.id)).toContain(created.id);
      const taken = await asBrowser(t.app, admin, 'POST', '/api/v1/users', {
        email: `NEW.AGENT.${engine}@EXAMPLE.COM`,
        role: 'viewer',
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error.code).toBe('email_taken');
      const weak = await asBrowser(t.app, admin, 'POST', '/api/v1/users', {
        email: `weak.${engine}@example.com`,
        role: 'viewer',
        password: 'short',
      });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error).toMatchObject({ code: 'invalid_password', param: 'password' });
    });

    it('changes a role, disables (ending sessions), resets a password; keeps one enabled admin', async () => {
      const user = await makeUser(db, 'viewer');
      const b = await signIn(t.app, user.email);
      const promoted = await asBrowser(t.app, admin, 'POST', `/api/v1/users/${user.id}`, {
        role: 'approver',
      });
      expect(promoted.json()).toMatchObject({ role: 'approver' });
      const reset = await asBrowser(t.app, admin, 'POST', `/api/v1/users/${user.id}/password`, {});
      expect(reset.json().password).toMatch(/^[0-9A-Za-z]{20}$/);
      expect((await asBrowser(t.app, b, 'GET', '/auth/me')).statusCode).toBe(401);
      const b2 = await signIn(t.app, user.email, reset.json().password);
      const disabled = await asBrowser(t.app, admin, 'POST', `/api/v1/users/${user.id}`, { disabled: true });
      expect(disabled.json()).toMatchObject({ disabled: true });
      expect((await asBrowser(t.app, b2, 'GET', '/auth/me')).statusCode).toBe(401);
      expect(
        (await asBrowser(t.app, admin, 'POST', `/api/v1/users/usr_missing`, { role: 'admin' })).statusCode,
      ).toBe(404);

      // Demoting or disabling the only enabled admin is refused.
      const me = (await asBrowser(t.app, admin, 'GET', '/auth/me')).json();
      const admins = (await asBrowser(t.app, admin, 'GET', '/api/v1/users'))
        .json()
        .data.filter((u: Json) => u.role === 'admin' && !u.disabled);
      expect(admins.map((u: Json) => u.id)).toEqual([me.user.id]);
      const demote = await asBrowser(t.app, admin, 'POST', `/api/v1/users/${me.user.id}`, { role: 'viewer' });
      expect(demote.statusCode).toBe(409);
      expect(demote.json().error.code).toBe('last_admin');
    });

    it('creates an API key shown once, lists it without the secret, revokes it', async () => {
      const res = await asBrowser(t.app, admin, 'POST', '/api/v1/api-keys', {
        name: 'shop backend',
        scopes: ['refunds:write', 'refunds:read'],
      });
      expect(res.statusCode).toBe(201);
      const created = res.json();
      expect(created.key).toMatch(/^rfk_[0-9A-Za-z]{32}$/);
      const use = () =>
        t.app.inject({
          method: 'GET',
          url: '/api/v1/refunds',
          headers: { authorization: `Bearer ${created.key}` },
        });
      expect((await use()).statusCode).toBe(200);
      const list = await asBrowser(t.app, admin, 'GET', '/api/v1/api-keys');
      expect(list.body).not.toContain(created.key);
      expect(list.json().data.find((k: Json) => k.id === created.id)).toMatchObject({
        name: 'shop backend',
        prefix: created.key.slice(0, 8),
        revoked: false,
      });
      const revoked = await asBrowser(t.app, admin, 'DELETE', `/api/v1/api-keys/${created.id}`);
      expect(revoked.json()).toMatchObject({ revoked: true });
      expect((await use()).statusCode).toBe(401);
      expect((await asBrowser(t.app, admin, 'DELETE', '/api/v1/api-keys/key_missing')).statusCode).toBe(404);
      const bad = await asBrowser(t.app, admin, 'POST', '/api/v1/api-keys', {
        name: 'x',
        scopes: ['everything'],
      });
      expect(bad.statusCode).toBe(400);
    });
  });
});
