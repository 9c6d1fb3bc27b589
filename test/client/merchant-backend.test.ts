// A merchant's backend on the typed client (`refundry/client`), against a running service (HTTP on
// a loopback port) with the sandbox as Stripe and the workers sending refunds: a signed-in
// customer asks for a refund of their order, the backend requests it on their behalf and reads
// the outcome; another customer is refused by the policy with typed violations; a response lost
// on the way back is retried with the same Idempotency-Key and makes one refund, not two.
import type { FastifyInstance } from 'fastify';
import { type Refund, Refundry, RefundryError, verifyRefundrySignature } from 'refundry/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { signRefundryPayload } from '../../src/notifications/signature.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { startWorkers, type Workers } from '../../src/worker/workers.ts';
import { createTestDb } from '../support/databases.ts';
import { sandboxPayment } from '../support/payments.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

describe('a merchant backend on refundry/client', () => {
  let db: Db;
  let sandbox: TestSandbox;
  let app: FastifyInstance;
  let workers: Workers;
  let baseUrl: string;
  let apiKey: string;

  beforeAll(async () => {
    db = await createTestDb('pglite');
    sandbox = await startTestSandbox({ settleDelayMs: 0 });
    const gateway = createStripeGateway(sandbox.stripe);
    app = await createServiceApp({
      db,
      gateway,
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      dashboardDir: false,
    });
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    workers = await startWorkers({
      db,
      gateway,
      logger: silentLogger(),
      pollIntervalMs: 50,
      budget: { maxRate: 100 },
    });
    apiKey = (
      await createApiKey(db, {
        name: 'shop backend',
        scopes: ['payments:write', 'payments:read', 'refunds:read', 'refunds:write'],
      })
    ).key;
  });
  afterAll(async () => {
    await workers?.stop();
    await app?.close();
    await sandbox?.close();
    await db?.close();
  });

  /** The RefundryError a call is refused with. */
  async function refusal(call: Promise<unknown>): Promise<RefundryError> {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RefundryError);
    return error as RefundryError;
  }

  /** The shop's own record of an order: its Stripe payment and its customer. */
  async function shopOrder(orderId: string, customer: string, amount = 8_000) {
    const stripeId = await sandboxPayment(sandbox.stripe, {
      amount,
      currency: 'eur',
      customer,
      metadata: { order_id: orderId },
    });
    return { orderId, customer, stripeId };
  }

  it('requests a refund for an order on behalf of the signed-in customer and reads the outcome', async () => {
    const refundry = new Refundry({ baseUrl, apiKey });
    const order = await shopOrder('ord_42', 'cus_ada');

    // What the backend does when the customer clicks "refund this sweater" (signed in as cus_ada).
    const eligibility = await refundry.payments.eligibility(
      (await refundry.payments.search({ q: order.stripeId })).data[0]!.id,
      { customer_id: 'cus_ada', amount: '2500' },
    );
    expect(eligibility).toMatchObject({
      eligible: true,
      amount: 2_500,
      refundable_amount: 8_000,
      currency: 'eur',
    });
    const refund: Refund = await refundry.refunds.create({
      order_id: order.orderId,
      amount: 2_500,
      reason: 'requested_by_customer',
      customer_id: 'cus_ada',
      note: 'Sweater too small',
    });
    expect(refund).toMatchObject({ status: 'queued', amount: 2_500, currency: 'eur' });

    // Someone else's session cannot refund it: a typed policy refusal, nothing written.
    const error = await refusal(
      refundry.refunds.create({
        order_id: order.orderId,
        reason: 'requested_by_customer',
        customer_id: 'cus_mallory',
      }),
    );
    expect([error.status, error.code]).toEqual([422, 'policy_violation']);
    expect(error.violations?.map((v) => v.code)).toContain('not_payment_owner');
    const missing = await refusal(refundry.refunds.retrieve('rf_nope'));
    expect([missing.status, missing.code, missing.param]).toEqual([404, 'not_found', 'id']);

    // The outcome: the workers send it to Stripe, and the backend reads it back.
    let detail = await refundry.refunds.retrieve(refund.id);
    for (let i = 0; i < 200 && detail.status !== 'succeeded'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      detail = await refundry.refunds.retrieve(refund.id);
    }
    expect(detail.status).toBe('succeeded');
    expect(detail.stripe_refund_id).toMatch(/^re_/);
    expect(detail.history.map((h) => h.to)).toEqual(expect.arrayContaining(['queued', 'succeeded']));
    expect(detail.payment).toMatchObject({ order_id: 'ord_42', amount_refunded: 2_500 });
  });

  it('retries a lost response with the same Idempotency-Key: one refund, not two', async () => {
    const order = await shopOrder('ord_43', 'cus_bob');
    const seen: Array<{ key: string | null; status: number | 'lost' }> = [];
    let lose = 1;
    // The first answer to the refund request is lost on the way back (after Refundry committed).
    const flaky: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const res = await fetch(request);
      const key = request.headers.get('idempotency-key');
      if (request.method === 'POST' && lose-- > 0) {
        seen.push({ key, status: 'lost' });
        throw new TypeError('fetch failed: socket hang up');
      }
      if (request.method === 'POST') seen.push({ key, status: res.status });
      return res;
    };
    const refundry = new Refundry({ baseUrl, apiKey, fetch: flaky, retryDelayMs: () => 10 });
    const refund = await refundry.refunds.create({
      stripe_id: order.stripeId,
      amount: 1_000,
      reason: 'duplicate',
      customer_id: 'cus_bob',
    });
    expect(seen).toHaveLength(2);
    expect(seen[0]!.key).toBeTruthy();
    expect(seen[1]).toEqual({ key: seen[0]!.key, status: 201 });
    const rows = await db.query<{ id: string }>(
      `SELECT r.id FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.order_id = 'ord_43'`,
    );
    expect(rows.map((r) => r.id)).toEqual([refund.id]);

    // No answer at all, ever: a RefundryError with code network_error after the retries.
    const down = new Refundry({
      baseUrl: 'http://127.0.0.1:9',
      apiKey,
      maxRetries: 1,
      retryDelayMs: () => 1,
    });
    const failure = await refusal(down.refunds.list());
    expect([failure.status, failure.code]).toEqual([0, 'network_error']);
  });

  it('exports verifyRefundrySignature for webhook deliveries', () => {
    const body = JSON.stringify({ id: 'evt_1', type: 'refund.succeeded' });
    const now = 1_780_000_000;
    const header = signRefundryPayload(body, 'whsec_shop', now);
    expect(verifyRefundrySignature(body, header, 'whsec_shop', 300, now)).toBe(true);
    expect(verifyRefundrySignature(`${body} `, header, 'whsec_shop', 300, now)).toBe(false);
    expect(verifyRefundrySignature(body, header, 'whsec_other', 300, now)).toBe(false);
  });
});
