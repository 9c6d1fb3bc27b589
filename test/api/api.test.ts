// HTTP tests of the service API (fastify.inject) on both engines, against the Stripe sandbox:
// payments are made there and registered by id, so their money and time facts are Stripe's.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey, type Scope } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { backdate, sandboxPayment } from '../support/payments.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

const DAY_S = 86_400;

describe.each(engines())('service API on %s', (engine) => {
  let db: Db;
  let sb: TestSandbox;
  let app: FastifyInstance;
  const keys: Record<string, string> = {};
  let counter = 0;

  beforeAll(async () => {
    db = await createTestDb(engine);
    sb = await startTestSandbox();
    app = await createServiceApp({
      db,
      gateway: createStripeGateway(sb.stripe),
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      // The service's clock is the sandbox's, so a payment moved back there is old here too.
      now: () => new Date(sb.sandbox.clock.nowMs()),
      dashboardDir: false,
    });
    const make = async (name: string, scopes: Scope[]) => {
      keys[name] = (await createApiKey(db, { name, scopes })).key;
    };
    await make('admin', ['admin']);
    await make('writer', ['payments:write', 'payments:read', 'refunds:read', 'refunds:write']);
    await make('reader', ['refunds:read']);
  });
  afterAll(async () => {
    await app?.close();
    await sb?.close();
    await db?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, body?: unknown, key = 'writer', headers = {}) =>
    app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${keys[key] ?? key}`, ...headers },
      ...(body !== undefined ? { payload: body as object } : {}),
    });

  /**
   * A payment made in the sandbox and registered with the merchant's facts. `amount`, `currency`,
   * `customer` and `ageDays` shape the payment at Stripe; the rest is what the merchant sends.
   */
  async function payment(
    over: Record<string, unknown> & {
      amount?: number;
      currency?: string;
      ageDays?: number;
      asCharge?: boolean;
    } = {},
  ) {
    counter++;
    const { amount = 10_000, currency = 'usd', ageDays, asCharge, ...merchant } = over;
    const stripeId = await sandboxPayment(sb.stripe, { amount, currency, asCharge });
    if (ageDays) await backdate(sb.url, stripeId, ageDays * DAY_S);
    const res = await call('POST', '/payments', {
      stripe_id: stripeId,
      order_id: `ord_${engine}_${counter}`,
      customer_id: 'cus_1',
      customer_email: 'a@example.com',
      ...merchant,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  describe('auth', () => {
    it('401 without a key, with an unknown key and with a revoked key', async () => {
      const none = await app.inject({ method: 'GET', url: '/api/v1/refunds' });
      expect(none.statusCode).toBe(401);
      expect(none.json().error.code).toBe('unauthenticated');
      const unknown = await call('GET', '/refunds', undefined, `rfk_${'x'.repeat(32)}`);
      expect(unknown.statusCode).toBe(401);
      const created = await createApiKey(db, { name: 'tmp', scopes: ['refunds:read'] });
      expect((await call('GET', '/refunds', undefined, created.key)).statusCode).toBe(200);
      await revokeApiKey(db, created.apiKey.id);
      const revoked = await call('GET', '/refunds', undefined, created.key);
      expect(revoked.statusCode).toBe(401);
      expect(revoked.json().error.code).toBe('unauthenticated');
    });

    it('403 with the scope required', async () => {
      const res = await call('POST', '/refunds', { payment_id: 'pay_x', reason: 'duplicate' }, 'reader');
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'forbidden', required_scope: 'refunds:write' });
    });

    it('stores only the hash', async () => {
      const rows = await db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys');
      for (const key of Object.values(keys)) {
        expect(rows.some((r) => r.key_hash === key)).toBe(false);
        expect(key).toMatch(/^rfk_[0-9A-Za-z]{32}$/);
      }
    });
  });

  describe('payments', () => {
    it('registers by Stripe id with Stripe’s facts; again by the same id refreshes, 200', async () => {
      const stripeId = await sandboxPayment(sb.stripe, { amount: 4_321, currency: 'eur', asCharge: true });
      const res = await call('POST', '/payments', { stripe_id: stripeId, order_id: `ord_idem_${engine}` });
      expect(res.statusCode).toBe(201);
      const p = res.json();
      const charge = await sb.stripe.charges.retrieve(stripeId);
      expect(p).toMatchObject({
        stripe_charge_id: stripeId,
        amount: 4_321,
        currency: 'eur',
        captured_at: new Date(charge.created * 1000).toISOString(),
        amount_captured: 4_321,
        amount_refundable: 4_321,
        amount_in_flight: 0,
        disputed: false,
      });
      const again = await call('POST', '/payments', {
        stripe_id: stripeId,
        customer_email: 'later@example.com',
      });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({
        id: p.id,
        order_id: `ord_idem_${engine}`,
        customer_email: 'later@example.com',
      });
      const got = await call('GET', `/payments/${p.id}`);
      expect(got.json().stripe_charge_id).toBe(stripeId);
      const byOrder = await call('GET', `/payments?order_id=${p.order_id}`);
      expect(byOrder.json().data.map((x: { id: string }) => x.id)).toEqual([p.id]);
    });

    it.each([
      [{ stripe_id: 'xx_1' }, 'stripe_id'],
      [{ stripe_id: 'pi_1', order_id: '' }, 'order_id'],
      [{ stripe_id: 'pi_1', customer_email: 'not an email' }, 'customer_email'],
      [{ stripe_id: 'pi_1', fraud_flagged: 'yes' }, 'fraud_flagged'],
      [{ stripe_id: 'pi_1', extra: 1 }, 'extra'],
    ])('400 invalid_request for %j', async (body, param) => {
      const res = await call('POST', '/payments', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_request', param });
    });

    it('400 for malformed JSON, 404 for unknown payment and route', async () => {
      const bad = await call('POST', '/payments', undefined, 'writer', {
        'content-type': 'application/json',
      });
      const raw = await app.inject({
        method: 'POST',
        url: '/api/v1/payments',
        headers: { authorization: `Bearer ${keys.writer}`, 'content-type': 'application/json' },
        payload: '{nope',
      });
      expect([bad.statusCode, raw.statusCode]).toEqual([400, 400]);
      expect(raw.json().error.code).toBe('invalid_request');
      const missing = await call('GET', '/payments/pay_missing');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error).toMatchObject({ code: 'not_found', param: 'id' });
      expect((await call('GET', '/payments')).statusCode).toBe(400);
      expect((await call('GET', '/payments/pay_missing/eligibility')).statusCode).toBe(404);
    });

    it('eligibility says what remains and which rules say no', async () => {
      const p = await payment();
      const ok = (await call('GET', `/payments/${p.id}/eligibility`)).json();
      expect(ok).toMatchObject({ eligible: true, refundable_amount: 10_000, violations: [] });
      const other = (await call('GET', `/payments/${p.id}/eligibility?customer_id=cus_2`)).json();
      expect(other.eligible).toBe(false);
      expect(other.violations.map((v: { code: string }) => v.code)).toEqual(['not_payment_owner']);
      const fraud = await payment({ fraud_flagged: true, ageDays: 500 });
      const no = (await call('GET', `/payments/${fraud.id}/eligibility`)).json();
      expect(no.refundable_amount).toBe(0);
      expect(no.violations.map((v: { code: string }) => v.code).sort()).toEqual([
        'fraud_flagged',
        'outside_refund_window',
      ]);
    });
  });

  describe('refunds', () => {
    it('full refund by default, queued with fixed idempotency key and history', async () => {
      const p = await payment();
      const res = await call('POST', '/refunds', { payment_id: p.id, reason: 'requested_by_customer' });
      expect(res.statusCode).toBe(201);
      const r = res.json();
      expect(r).toMatchObject({ amount: 10_000, currency: 'usd', status: 'queued', payment_id: p.id });
      expect(r.customer_token).toMatch(/^[0-9A-Za-z]{32}$/);
      const [row] = await db.query<{ stripe_idempotency_key: string; next_attempt_at: Date | null }>(
        'SELECT stripe_idempotency_key, next_attempt_at FROM refunds WHERE id = $1',
        [r.id],
      );
      expect(row!.stripe_idempotency_key).toBe(`refundry_${r.id}`);
      expect(row!.next_attempt_at).not.toBeNull();
      const got = (await call('GET', `/refunds/${r.id}`)).json();
      expect(got.history).toMatchObject([{ from: null, to: 'queued' }]);
      const after = (await call('GET', `/payments/${p.id}`)).json();
      expect(after).toMatchObject({ amount_in_flight: 10_000, amount_refundable: 0 });
    });

    it('several partial refunds, then over the remaining amount is a policy violation recorded', async () => {
      const p = await payment({ order_id: `ord_partial_${engine}` });
      for (const amount of [3_000, 3_000]) {
        expect(
          (await call('POST', '/refunds', { order_id: p.order_id, amount, reason: 'duplicate' })).statusCode,
        ).toBe(201);
      }
      const res = await call('POST', '/refunds', { payment_id: p.id, amount: 4_001, reason: 'duplicate' });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('policy_violation');
      expect(res.json().error.violations).toMatchObject([
        { code: 'amount_exceeds_remaining', param: 'amount' },
      ]);
      const rejections = await db.query('SELECT * FROM refund_rejections WHERE payment_id = $1', [p.id]);
      expect(rejections).toHaveLength(1);
    });

    it('every policy rule broken at once is reported', async () => {
      const p = await payment({ fraud_flagged: true, ageDays: 500 });
      const res = await call('POST', '/refunds', {
        payment_id: p.id,
        amount: 20_000,
        currency: 'eur',
        reason: 'fraudulent',
        customer_id: 'cus_someone_else',
      });
      expect(res.statusCode).toBe(422);
      expect(
        res
          .json()
          .error.violations.map((v: { code: string }) => v.code)
          .sort(),
      ).toEqual([
        'amount_exceeds_remaining',
        'currency_mismatch',
        'fraud_flagged',
        'not_payment_owner',
        'outside_refund_window',
      ]);
    });

    it("a customer cannot refund someone else's payment", async () => {
      const p = await payment();
      const res = await call('POST', '/refunds', {
        payment_id: p.id,
        reason: 'requested_by_customer',
        customer_id: 'cus_2',
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.violations).toMatchObject([
        { code: 'not_payment_owner', param: 'customer_id' },
      ]);
      const own = await call('POST', '/refunds', {
        payment_id: p.id,
        reason: 'requested_by_customer',
        customer_id: 'cus_1',
      });
      expect(own.statusCode).toBe(201);
    });

    it.each([
      [{ reason: 'duplicate' }, 'payment_id'],
      [{ payment_id: 'pay_x', reason: 'because' }, 'reason'],
      [{ payment_id: 'pay_x', reason: 'other' }, 'note'],
      [{ payment_id: 'pay_x', reason: 'duplicate', amount: '100' }, 'amount'],
      [{ payment_id: 'pay_x', reason: 'duplicate', amount: 0 }, 'amount'],
      [{ payment_id: 'pay_x', reason: 'duplicate', metadata: { a: 1 } }, 'metadata.a'],
    ])('400 for %j', async (body, param) => {
      const res = await call('POST', '/refunds', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_request', param });
    });

    it('404 for unknown payment, order and refund; 400 for an ambiguous order', async () => {
      expect(
        (await call('POST', '/refunds', { payment_id: 'pay_nope', reason: 'duplicate' })).json().error,
      ).toMatchObject({
        code: 'not_found',
        param: 'payment_id',
      });
      expect((await call('POST', '/refunds', { order_id: 'ord_nope', reason: 'duplicate' })).statusCode).toBe(
        404,
      );
      expect(
        (await call('POST', '/refunds', { stripe_id: 'pi_nowhere', reason: 'duplicate' })).statusCode,
      ).toBe(404);
      expect((await call('GET', '/refunds/rf_nope')).statusCode).toBe(404);
      expect((await call('POST', '/refunds/rf_nope/cancel')).statusCode).toBe(404);
      await payment({ order_id: `ord_twice_${engine}` });
      await payment({ order_id: `ord_twice_${engine}` });
      const amb = await call('POST', '/refunds', { order_id: `ord_twice_${engine}`, reason: 'duplicate' });
      expect(amb.statusCode).toBe(400);
      expect(amb.json().error).toMatchObject({ code: 'ambiguous_order', param: 'order_id' });
    });

    it('an unknown payment that exists at Stripe is fetched and registered', async () => {
      const remote = await sandboxPayment(sb.stripe, {
        amount: 4_200,
        currency: 'eur',
        metadata: { order_id: `ord_remote_${engine}` },
      });
      const res = await call('POST', '/refunds', { stripe_id: remote, amount: 200, reason: 'duplicate' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ currency: 'eur', amount: 200 });
      const listed = (await call('GET', `/payments?order_id=ord_remote_${engine}`)).json().data;
      expect(listed).toMatchObject([
        { stripe_payment_intent_id: remote, amount: 4_200, amount_in_flight: 200 },
      ]);
    });

    it('Idempotency-Key: same body replays, other body conflicts', async () => {
      const p = await payment();
      const key = { 'idempotency-key': `k-${engine}-1` };
      const body = { payment_id: p.id, amount: 100, reason: 'duplicate' };
      const first = await call('POST', '/refunds', body, 'writer', key);
      const second = await call('POST', '/refunds', body, 'writer', key);
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(201);
      expect(second.json().id).toBe(first.json().id);
      expect(second.headers['idempotent-replayed']).toBe('true');
      const other = await call('POST', '/refunds', { ...body, amount: 200 }, 'writer', key);
      expect(other.statusCode).toBe(422);
      expect(other.json().error.code).toBe('idempotency_conflict');
      const count = await db.query('SELECT id FROM refunds WHERE payment_id = $1', [p.id]);
      expect(count).toHaveLength(1);
    });

    it('approval flow: over the threshold waits; approve needs refunds:approve; reject', async () => {
      const p = await payment({ amount: 100_000 });
      const big = (
        await call('POST', '/refunds', { payment_id: p.id, amount: 60_000, reason: 'duplicate' })
      ).json();
      expect(big.status).toBe('awaiting_approval');
      expect(big.approval_reasons).toEqual(['above_threshold']);
      const denied = await call('POST', `/refunds/${big.id}/approve`);
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error.required_scope).toBe('refunds:approve');
      const approved = await call('POST', `/refunds/${big.id}/approve`, undefined, 'admin');
      expect(approved.statusCode).toBe(200);
      expect(approved.json()).toMatchObject({ status: 'queued' });
      expect(approved.json().approved_by).toMatch(/^key:/);
      const twice = await call('POST', `/refunds/${big.id}/approve`, undefined, 'admin');
      expect(twice.statusCode).toBe(409);
      expect(twice.json().error.code).toBe('not_approvable');
      const other = (
        await call('POST', '/refunds', { payment_id: p.id, amount: 40_000, reason: 'other', note: 'x' })
      ).json();
      expect(other.status).toBe('queued');
      const p2 = await payment({ amount: 100_000 });
      const big2 = (await call('POST', '/refunds', { payment_id: p2.id, reason: 'duplicate' })).json();
      const rejected = await call('POST', `/refunds/${big2.id}/reject`, { reason: 'too much' }, 'admin');
      expect(rejected.json().status).toBe('rejected');
      const hist = (await call('GET', `/refunds/${big2.id}`)).json().history;
      expect(hist.map((h: { to: string }) => h.to)).toEqual(['awaiting_approval', 'rejected']);
      expect((await call('GET', `/payments/${p2.id}`)).json().amount_refundable).toBe(100_000);
    });

    it('cancel: queued or awaiting approval only, not while leased', async () => {
      const p = await payment();
      const r = (
        await call('POST', '/refunds', { payment_id: p.id, amount: 100, reason: 'duplicate' })
      ).json();
      const canceled = await call('POST', `/refunds/${r.id}/cancel`);
      expect(canceled.json().status).toBe('canceled');
      const again = await call('POST', `/refunds/${r.id}/cancel`);
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('not_cancelable');
      const leased = (
        await call('POST', '/refunds', { payment_id: p.id, amount: 100, reason: 'duplicate' })
      ).json();
      await db.query(
        "UPDATE refunds SET lease_owner = 'w1', lease_expires_at = now() + interval '1 minute' WHERE id = $1",
        [leased.id],
      );
      expect((await call('POST', `/refunds/${leased.id}/cancel`)).statusCode).toBe(409);
    });

    it('lists with filters and cursor pagination', async () => {
      const p = await payment({ customer_id: `cus_list_${engine}` });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push(
          (await call('POST', '/refunds', { payment_id: p.id, amount: 10, reason: 'duplicate' })).json().id,
        );
      }
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = (
          await call(
            'GET',
            `/refunds?payment_id=${p.id}&limit=2${after ? `&starting_after=${after}` : ''}`,
            undefined,
            'reader',
          )
        ).json();
        seen.push(...page.data.map((r: { id: string }) => r.id));
        if (!page.has_more) break;
        after = page.data.at(-1).id;
      }
      expect(seen.sort()).toEqual([...ids].sort());
      const byCustomer = (await call('GET', `/refunds?customer_id=cus_list_${engine}&status=queued`)).json();
      expect(byCustomer.data).toHaveLength(5);
      const none = (await call('GET', `/refunds?payment_id=${p.id}&created_gte=2099-01-01T00:00:00Z`)).json();
      expect(none.data).toHaveLength(0);
      expect((await call('GET', '/refunds?status=bogus')).json().error).toMatchObject({
        code: 'invalid_request',
        param: 'status',
      });
      expect((await call('GET', '/refunds?limit=1000')).statusCode).toBe(400);
      expect((await call('GET', '/refunds?starting_after=rf_nope')).statusCode).toBe(404);
    });

    it('50 simultaneous partial refunds never exceed the captured amount', async () => {
      const p = await payment({ amount: 1_000 });
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          call('POST', '/refunds', { payment_id: p.id, amount: 30, reason: 'duplicate' }),
        ),
      );
      const accepted = results.filter((r) => r.statusCode === 201).length;
      const refused = results.filter((r) => r.statusCode === 422).length;
      expect(accepted).toBe(33);
      expect(refused).toBe(17);
      const [sum] = await db.query<{ total: string | number }>(
        'SELECT SUM(amount) AS total FROM refunds WHERE payment_id = $1',
        [p.id],
      );
      expect(Number(sum!.total)).toBe(990);
    });
  });

  describe('the facts come from Stripe (issue #10)', () => {
    it.each([
      ['amount', 999_999],
      ['currency', 'usd'],
      ['captured_at', '2026-05-20T00:00:00Z'],
      ['amount_refunded', 0],
      ['disputed', false],
    ])('a caller who sends %s gets a 400 naming it, and nothing is stored', async (field, value) => {
      const stripeId = await sandboxPayment(sb.stripe, { amount: 1_000, currency: 'eur' });
      const res = await call('POST', '/payments', { stripe_id: stripeId, [field]: value });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'field_from_stripe', param: field });
      expect(res.json().error.message).toMatch(/read from Stripe/);
      expect(
        await db.query('SELECT 1 FROM payments WHERE stripe_payment_intent_id = $1', [stripeId]),
      ).toEqual([]);
    });

    it('a Stripe id Stripe does not know is refused (404 naming stripe_id); a payment not captured is refused', async () => {
      const res = await call('POST', '/payments', { stripe_id: `pi_nowhere${engine}` });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'not_found', param: 'stripe_id' });
      const unconfirmed = await sb.stripe.paymentIntents.create({ amount: 500, currency: 'usd' });
      const open = await call('POST', '/payments', { stripe_id: unconfirmed.id });
      expect(open.statusCode).toBe(400);
      expect(open.json().error).toMatchObject({ code: 'payment_not_captured', param: 'stripe_id' });
      expect(
        await db.query('SELECT 1 FROM payments WHERE stripe_payment_intent_id = ANY($1)', [
          [`pi_nowhere${engine}`, unconfirmed.id],
        ]),
      ).toEqual([]);
    });

    it('the refund window counts from Stripe’s capture time: no caller can move a payment into it', async () => {
      const old = await payment({ ageDays: 120 });
      const res = await call('POST', '/refunds', { payment_id: old.id, amount: 100, reason: 'duplicate' });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.violations.map((v: { code: string }) => v.code)).toEqual([
        'outside_refund_window',
      ]);
      // Re-registering with a fresh capture time is refused, not applied.
      const again = await call('POST', '/payments', {
        stripe_id: old.stripe_payment_intent_id,
        captured_at: new Date().toISOString(),
      });
      expect(again.statusCode).toBe(400);
      expect((await call('GET', `/payments/${old.id}`)).json().captured_at).toBe(old.captured_at);
    });

    it('what Stripe already refunded (before registration) is not refundable again', async () => {
      const stripeId = await sandboxPayment(sb.stripe, { amount: 10_000, currency: 'usd' });
      await sb.stripe.refunds.create({ payment_intent: stripeId, amount: 2_500 });
      const p = (await call('POST', '/payments', { stripe_id: stripeId })).json();
      expect(p).toMatchObject({
        stripe_amount_refunded: 2_500,
        amount_refunded: 2_500,
        amount_refundable: 7_500,
      });
      const over = await call('POST', '/refunds', { payment_id: p.id, amount: 7_501, reason: 'duplicate' });
      expect(over.statusCode).toBe(422);
      expect(over.json().error.violations).toMatchObject([{ code: 'amount_exceeds_remaining' }]);
      expect(
        (await call('POST', '/refunds', { payment_id: p.id, reason: 'duplicate' })).json(),
      ).toMatchObject({
        amount: 7_500,
      });
    });

    it('a disputed payment is refused (Stripe would refuse it too)', async () => {
      const stripeId = await sandboxPayment(sb.stripe, {
        amount: 3_000,
        currency: 'usd',
        card: 'pm_card_createDispute',
      });
      await sb.advance(3_600 * 2); // the sandbox opens the dispute after its settle delay
      const p = (await call('POST', '/payments', { stripe_id: stripeId })).json();
      expect(p.disputed).toBe(true);
      const res = await call('POST', '/refunds', { payment_id: p.id, reason: 'fraudulent' });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.violations.map((v: { code: string }) => v.code)).toEqual(['payment_disputed']);
    });
  });

  describe('a request that names a payment two ways that disagree is refused (issue #10)', () => {
    it('payment_id with another payment’s order_id or stripe_id: 400 payment_mismatch, nothing refunded', async () => {
      const a = await payment();
      const b = await payment();
      const byOrder = await call('POST', '/refunds', {
        payment_id: a.id,
        order_id: b.order_id,
        reason: 'duplicate',
      });
      expect(byOrder.statusCode).toBe(400);
      expect(byOrder.json().error).toMatchObject({ code: 'payment_mismatch', param: 'order_id' });
      const byStripe = await call('POST', '/refunds', {
        payment_id: a.id,
        stripe_id: b.stripe_payment_intent_id,
        reason: 'duplicate',
      });
      expect(byStripe.statusCode).toBe(400);
      expect(byStripe.json().error).toMatchObject({ code: 'payment_mismatch', param: 'stripe_id' });
      const orderAndStripe = await call('POST', '/refunds', {
        order_id: a.order_id,
        stripe_id: b.stripe_payment_intent_id,
        reason: 'duplicate',
      });
      expect(orderAndStripe.json().error).toMatchObject({ code: 'payment_mismatch', param: 'order_id' });
      expect(await db.query('SELECT 1 FROM refunds WHERE payment_id = ANY($1)', [[a.id, b.id]])).toEqual([]);
      // Naming it consistently three ways is fine.
      const same = await call('POST', '/refunds', {
        payment_id: a.id,
        order_id: a.order_id,
        stripe_id: a.stripe_payment_intent_id,
        amount: 100,
        reason: 'duplicate',
      });
      expect(same.statusCode).toBe(201);
      expect(same.json().payment_id).toBe(a.id);
    });

    it('a payment only Stripe knows, named with another order: refused before anything is registered', async () => {
      const b = await payment();
      const remote = await sandboxPayment(sb.stripe, { amount: 1_000, currency: 'usd' });
      const res = await call('POST', '/refunds', {
        stripe_id: remote,
        order_id: b.order_id,
        reason: 'duplicate',
      });
      expect(res.json().error).toMatchObject({ code: 'payment_mismatch', param: 'order_id' });
      expect(await db.query('SELECT 1 FROM payments WHERE stripe_payment_intent_id = $1', [remote])).toEqual(
        [],
      );
    });
  });

  describe('four eyes (issue #10)', () => {
    it('whoever requested a refund cannot approve it; another approver can; both are named', async () => {
      const approverA = (
        await createApiKey(db, {
          name: `approver-a-${engine}`,
          scopes: ['refunds:write', 'refunds:approve', 'refunds:read'],
        })
      ).key;
      const approverB = (
        await createApiKey(db, { name: `approver-b-${engine}`, scopes: ['refunds:approve', 'refunds:read'] })
      ).key;
      const p = await payment({ amount: 100_000 });
      const r = (
        await call('POST', '/refunds', { payment_id: p.id, amount: 60_000, reason: 'duplicate' }, approverA)
      ).json();
      expect(r.status).toBe('awaiting_approval');
      const own = await call('POST', `/refunds/${r.id}/approve`, undefined, approverA);
      expect(own.statusCode).toBe(403);
      expect(own.json().error).toMatchObject({ code: 'self_approval_forbidden', param: 'id' });
      expect((await call('GET', `/refunds/${r.id}`)).json().status).toBe('awaiting_approval');
      const other = await call('POST', `/refunds/${r.id}/approve`, undefined, approverB);
      expect(other.statusCode).toBe(200);
      const got = (await call('GET', `/refunds/${r.id}`)).json();
      expect(got).toMatchObject({
        status: 'queued',
        requested_by_name: `API key approver-a-${engine}`,
        approved_by_name: `API key approver-b-${engine}`,
      });
      expect(got.requested_by).not.toBe(got.approved_by);
      expect(got.history.map((h: { actor_name: string }) => h.actor_name)).toEqual([
        `API key approver-a-${engine}`,
        `API key approver-b-${engine}`,
      ]);
      // The requester may still withdraw (reject) a request of their own.
      const p2 = await payment({ amount: 100_000 });
      const r2 = (
        await call('POST', '/refunds', { payment_id: p2.id, amount: 55_000, reason: 'duplicate' }, approverA)
      ).json();
      expect(r2.status).toBe('awaiting_approval');
      const withdrawn = await call('POST', `/refunds/${r2.id}/reject`, { reason: 'asked twice' }, approverA);
      expect(withdrawn.statusCode).toBe(200);
      expect(withdrawn.json().status).toBe('rejected');
    });

    it('self-approval is off by default; an admin can allow it for a one-person shop', async () => {
      expect((await call('GET', '/settings/policy', undefined, 'admin')).json()).toMatchObject({
        allow_self_approval: false,
        defaults: { allow_self_approval: false },
      });
      const p = await payment({ amount: 100_000 });
      const r = (
        await call('POST', '/refunds', { payment_id: p.id, amount: 70_000, reason: 'duplicate' }, 'admin')
      ).json();
      expect((await call('POST', `/refunds/${r.id}/approve`, undefined, 'admin')).statusCode).toBe(403);
      const saved = await app.inject({
        method: 'PUT',
        url: '/api/v1/settings/policy',
        headers: { authorization: `Bearer ${keys.admin}` },
        payload: { allow_self_approval: true },
      });
      expect(saved.json()).toMatchObject({
        allow_self_approval: true,
        overridden: { allow_self_approval: true },
      });
      try {
        const approved = await call('POST', `/refunds/${r.id}/approve`, undefined, 'admin');
        expect(approved.statusCode).toBe(200);
        expect(approved.json()).toMatchObject({
          status: 'queued',
          requested_by: approved.json().approved_by,
        });
      } finally {
        await app.inject({
          method: 'PUT',
          url: '/api/v1/settings/policy',
          headers: { authorization: `Bearer ${keys.admin}` },
          payload: { allow_self_approval: null },
        });
      }
    });
  });

  describe('fraud-flagged payments (issue #10)', () => {
    it('refused by default; refunded after approval when an admin allows it, whatever the amount', async () => {
      const p = await payment({ fraud_flagged: true, amount: 2_000 });
      const refused = await call('POST', '/refunds', { payment_id: p.id, amount: 500, reason: 'fraudulent' });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.violations).toMatchObject([{ code: 'fraud_flagged' }]);
      const put = (body: object) =>
        app.inject({
          method: 'PUT',
          url: '/api/v1/settings/policy',
          headers: { authorization: `Bearer ${keys.admin}` },
          payload: body,
        });
      expect((await put({ fraud_flagged_refunds: 'with_approval' })).json()).toMatchObject({
        fraud_flagged_refunds: 'with_approval',
      });
      try {
        const eligibility = (
          await call('GET', `/payments/${p.id}/eligibility?amount=500&reason=fraudulent`)
        ).json();
        expect(eligibility).toMatchObject({
          eligible: true,
          needs_approval: true,
          approval_reasons: ['fraud_flagged'],
        });
        const waiting = await call('POST', '/refunds', {
          payment_id: p.id,
          amount: 500,
          reason: 'fraudulent',
        });
        expect(waiting.statusCode).toBe(201);
        expect(waiting.json().status).toBe('awaiting_approval');
        expect(waiting.json().approval_reasons).toEqual(['fraud_flagged']);
        const approved = await call('POST', `/refunds/${waiting.json().id}/approve`, undefined, 'admin');
        expect(approved.json().status).toBe('queued');
      } finally {
        await put({ fraud_flagged_refunds: null });
      }
      expect(
        (await call('POST', '/refunds', { payment_id: p.id, amount: 100, reason: 'fraudulent' })).statusCode,
      ).toBe(422);
    });
  });
});
