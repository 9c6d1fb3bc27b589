// Reconciliation per connected account, on both engines, against the sandbox: Stripe lists refunds
// per account, so a run lists the platform's and each known account's (Stripe-Account), counts and
// flags each on its account, looks a refund "missing at Stripe" up on its own account, records an
// external refund of a direct charge on the payment it belongs to, and counts the mirror refunds of
// transfer reversals apart. The API's report and the CLI's per-account lines say the same.
import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { paymentAmounts, registerFromStripe } from '../../src/payments/payments.ts';
import { createReconciler } from '../../src/reconciliation/reconcile.ts';
import { listDiscrepancies, listRunAccounts } from '../../src/reconciliation/runs.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { StripeGateway } from '../../src/stripe/gateway.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { connectedAccount, destinationCharge, directCharge } from './platform.ts';

const HOUR = 3_600_000;

describe.each(engines())('reconciliation per connected account on %s', (engine) => {
  let db: Db;
  let sb: TestSandbox;
  let stripe: Stripe;
  let gateway: StripeGateway;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await createTestDb(engine);
    sb = await startTestSandbox();
    stripe = sb.stripe;
    gateway = createStripeGateway(stripe);
    app = await createServiceApp({
      db,
      gateway,
      config: { policy: { refundWindowDays: 90, approvalThreshold: 1_000_000 } },
      logger: silentLogger(),
    });
  });
  afterAll(async () => {
    await app?.close();
    await sb?.close();
    await db?.close();
  });

  const run = async () => {
    const reconciler = createReconciler({ db, gateway, logger: silentLogger(), pollMs: 20 });
    const started = await reconciler.start({
      window: { start: new Date(Date.now() - HOUR), end: new Date(Date.now() + HOUR) },
      triggeredBy: 'test',
    });
    const done = await started!.done;
    await reconciler.stop();
    expect(done.status).toBe('completed');
    return done;
  };

  it('lists each account, counts and flags on the right account, and heals there', async () => {
    const alpha = await connectedAccount(stripe, 'Alpha');
    const beta = await connectedAccount(stripe, 'Beta');

    // Alpha: a registered direct charge refunded in Stripe's dashboard (missing here: recorded).
    const known = await directCharge(stripe, alpha, { amount: 5_000, fee: 500 });
    const { payment: knownPayment } = await registerFromStripe(
      db,
      (await gateway.retrievePayment(known, alpha))!,
    );
    const outside = await stripe.refunds.create(
      { payment_intent: known, amount: 1_000 },
      { stripeAccount: alpha },
    );
    // Alpha: a direct charge Refundry never registered, refunded there (unknown payment: flagged).
    const stranger = await directCharge(stripe, alpha, { amount: 3_000 });
    const unknown = await stripe.refunds.create({ payment_intent: stranger }, { stripeAccount: alpha });
    // Beta: a refund recorded here as sent, whose Stripe id Beta does not have (missing at Stripe),
    // and one Refundry sent on Beta that matches.
    const onBeta = await directCharge(stripe, beta, { amount: 2_000 });
    const { payment: betaPayment } = await registerFromStripe(
      db,
      (await gateway.retrievePayment(onBeta, beta))!,
    );
    const sent = await stripe.refunds.create(
      { payment_intent: onBeta, amount: 300, metadata: { refundry_refund_id: `rf_beta_${engine}` } },
      { stripeAccount: beta },
    );
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key,
         stripe_refund_id, sent_at, attempts)
       VALUES ($1, $3, 300, 'usd', 'duplicate', 'succeeded', 'test', 'refundry_' || $1, $4, now(), 1),
              ($2, $3, 200, 'usd', 'duplicate', 'succeeded', 'test', 'refundry_' || $2, 're_ghost' || $2, now(), 1)`,
      [`rf_beta_${engine}`, `rf_ghost_${engine}`, betaPayment.id, sent.id],
    );
    // The platform: a destination charge to Beta, refunded with its transfer reversed at Stripe: a
    // refund on the platform (missing here: recorded) and its mirror on Beta (counted apart).
    const destination = await destinationCharge(stripe, beta, { amount: 4_000, fee: 400 });
    await registerFromStripe(db, (await gateway.retrievePayment(destination))!);
    await stripe.refunds.create({ payment_intent: destination, amount: 1_000, reverse_transfer: true });

    const first = await run();
    const accounts = await listRunAccounts(db, first.id);
    expect(accounts.map((a) => a.account)).toEqual(['platform', ...[alpha, beta].sort()]);
    const of = (account: string) => accounts.find((a) => a.account === account)!;
    expect(of('platform')).toMatchObject({ stripeRefunds: 1, counts: { missing_here: 1 } });
    expect(of(alpha)).toMatchObject({ stripeRefunds: 2, counts: { missing_here: 1, unknown_payment: 1 } });
    expect(of(beta)).toMatchObject({
      stripeRefunds: 2,
      counts: { matched: 1, transfer_reversal: 1, missing_at_stripe: 1 },
    });
    expect(first.flagged).toBe(2);

    // Each discrepancy names its account; the filter finds them.
    const onAlpha = await listDiscrepancies(db, first.id, { account: alpha, limit: 10 });
    expect(onAlpha.data.map((d) => [d.kind, d.stripeRefundId]).sort()).toEqual(
      [
        ['missing_here', outside.id],
        ['unknown_payment', unknown.id],
      ].sort(),
    );
    const onBetaFlags = await listDiscrepancies(db, first.id, { account: beta, open: true, limit: 10 });
    expect(onBetaFlags.data.map((d) => d.kind)).toEqual(['missing_at_stripe']);
    expect((await listDiscrepancies(db, first.id, { account: 'platform', limit: 10 })).data).toHaveLength(1);

    // The outside refund is recorded on the direct charge it belongs to (its account's payment).
    const [external] = await db.query<{ payment_id: string; origin: string; amount: number }>(
      'SELECT payment_id, origin, amount FROM refunds WHERE stripe_refund_id = $1',
      [outside.id],
    );
    expect(external).toMatchObject({ payment_id: knownPayment.id, origin: 'external' });
    expect((await paymentAmounts(db, knownPayment)).refunded).toBe(1_000);

    // The API report says the same per account.
    const key = (await createApiKey(db, { name: 'ops', scopes: ['admin'] })).key;
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/reconciliation/runs/${first.id}?account=${alpha}`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.statusCode).toBe(200);
    const report = res.json() as {
      accounts: Array<{ account: string; stripe_refunds: number; discrepancies: number }>;
      discrepancies: { data: Array<{ account: string | null }> };
    };
    expect(report.accounts.map((a) => [a.account, a.stripe_refunds, a.discrepancies])).toEqual([
      ['platform', 1, 1],
      ...[
        [alpha, 2, 2],
        [beta, 2, 1],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    ]);
    expect(report.discrepancies.data.map((d) => d.account)).toEqual([alpha, alpha]);

    // A second run: what was recorded now matches; only what needs a person is left.
    const second = await run();
    const again = await listRunAccounts(db, second.id);
    expect(again.find((a) => a.account === alpha)!.counts).toMatchObject({ matched: 1, unknown_payment: 1 });
    expect(again.find((a) => a.account === 'platform')!.counts).toEqual({ matched: 1 });
  });
});
