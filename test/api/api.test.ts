// HTTP tests of the service API (fastify.inject) on both engines, with a fake StripeGateway.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey, type Scope } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { StripeGateway, StripePayment } from '../../src/stripe/gateway.ts';
import { createTestDb, engines } from '../support/databases.ts';

const NOW = new Date('2026-06-01T12:00:00Z');

function fakeGateway(remote: Record<string, StripePayment>): StripeGateway {
  return {
    createRefund: async () => {
      throw new Error('not used');
    },
    retrieveRefund: async () => {
      throw new Error('not used');
    },
    findRefundByRefundryId: async () => undefined,
    retrievePayment: async (id) => remote[id],
    async *listRefunds() {},
  };
}

describe.each(engines())('service API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  const keys: Record<string, string> = {};
  let counter = 0;

  beforeAll(async () => {
    db = await createTestDb(engine);
    app = await createServiceApp({
      db,
      gateway: fakeGateway({
        pi_remote1: {
          paymentIntentId: 'pi_remote1',
          chargeId: 'ch_remote1',
          amount: 4_200,
          currency: 'eur',
          amountRefunded: 0,
          customerId: 'cus_r',
          customerEmail: 'r@example.com',
          capturedAt: new Date('2026-05-30T00:00:00Z'),
          metadata: { order_id: 'ord_remote' },
        },
      }),
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      now: () => NOW,
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
    await db?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, body?: unknown, key = 'writer', headers = {}) =>
    app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${keys[key] ?? key}`, ...headers },
      ...(body !== undefined ? { payload: body as object } : {}),
    });

  async function payment(over: Record<string, unknown> = {}) {
    counter++;
    const res = await call('POST', '/payments', {
      stripe_id: `pi_test${engine}${counter}`,
      order_id: `ord_${counter}`,
      customer_id: 'cus_1',
      customer_email: 'a@example.com',
      amount: 10_000,
      currency: 'usd',
      captured_at: '2026-05-20T00:00:00Z',
      ...over,
    });
    expect(res.statusCode).toBe(201);
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
    it('registers idempotently by Stripe id and shows amounts', async () => {
      const p = await payment({ stripe_id: `ch_idem${engine}` });
      expect(p).toMatchObject({ amount_captured: 10_000, amount_refundable: 10_000, amount_in_flight: 0 });
      const again = await call('POST', '/payments', {
        stripe_id: `ch_idem${engine}`,
        amount: 10_000,
        currency: 'usd',
        captured_at: '2026-05-20T00:00:00Z',
      });
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(p.id);
      const got = await call('GET', `/payments/${p.id}`);
      expect(got.json().stripe_charge_id).toBe(`ch_idem${engine}`);
      const byOrder = await call('GET', `/payments?order_id=${p.order_id}`);
      expect(byOrder.json().data.map((x: { id: string }) => x.id)).toEqual([p.id]);
    });

    it.each([
      [{ stripe_id: 'xx_1', amount: 1, currency: 'usd', captured_at: '2026-05-20T00:00:00Z' }, 'stripe_id'],
      [{ stripe_id: 'pi_1', amount: -1, currency: 'usd', captured_at: '2026-05-20T00:00:00Z' }, 'amount'],
      [{ stripe_id: 'pi_1', amount: 1.5, currency: 'usd', captured_at: '2026-05-20T00:00:00Z' }, 'amount'],
      [
        { stripe_id: 'pi_1', amount: 1, currency: 'dollars', captured_at: '2026-05-20T00:00:00Z' },
        'currency',
      ],
      [{ stripe_id: 'pi_1', amount: 1, currency: 'usd', captured_at: 'yesterday' }, 'captured_at'],
      [
        { stripe_id: 'pi_1', amount: 1, currency: 'usd', captured_at: '2026-05-20T00:00:00Z', extra: 1 },
        undefined,
      ],
    ])('400 invalid_request for %j', async (body, param) => {
      const res = await call('POST', '/payments', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
      if (param) expect(res.json().error.param).toBe(param);
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
      const fraud = await payment({ fraud_flagged: true, captured_at: '2025-01-01T00:00:00Z' });
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
      const p = await payment({ fraud_flagged: true, captured_at: '2025-01-01T00:00:00Z' });
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
      const res = await call('POST', '/refunds', {
        stripe_id: 'pi_remote1',
        amount: 200,
        reason: 'duplicate',
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ currency: 'eur', amount: 200 });
      const listed = (await call('GET', '/payments?order_id=ord_remote')).json().data;
      expect(listed).toMatchObject([{ stripe_payment_intent_id: 'pi_remote1', amount_in_flight: 200 }]);
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
});
