// A payment's Stripe facts stay fresh after registration, through the events Stripe (the sandbox)
// sends: charge.refunded keeps what Stripe counts as refunded, charge.dispute.created marks the
// payment disputed, a refund that fails gives its amount back. On both databases, end to end:
// sandbox → signed webhook → receiver → applier → the policy's answer.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { applyChargeFacts, getPayment, paymentAmounts } from '../../src/payments/payments.ts';
import { requestRefund } from '../../src/refunds/request-refund.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { registerSandboxPayment } from '../support/payments.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { type Harness, startHarness, statusOf, until } from './harness.ts';

const POLICY = { refundWindowDays: 90, approvalThreshold: 50_000 };

describe.each(engines())('payment facts from Stripe events on %s', (engine) => {
  let db: Db | undefined;
  let sandbox: TestSandbox | undefined;
  let harness: Harness | undefined;
  beforeAll(async () => {
    await (await createTestDb(engine)).close();
  });
  afterEach(async () => {
    await harness?.stop();
    await sandbox?.close();
    await db?.close();
    harness = undefined;
    sandbox = undefined;
    db = undefined;
  });

  async function setup(workers = false) {
    db = await createTestDb(engine);
    sandbox = await startTestSandbox();
    harness = await startHarness(db, sandbox, {
      webhooks: true,
      workers,
      parts: { poller: false, backfill: false },
    });
    return { db, sandbox };
  }
  const facts = async (db: Db, id: string) => {
    const p = (await getPayment(db, id))!;
    return { stripeRefunded: p.stripeAmountRefunded, disputed: p.disputed, ...(await paymentAmounts(db, p)) };
  };

  it('charge.refunded: what Stripe counts as refunded follows, without counting a refund twice', async () => {
    const { db, sandbox } = await setup();
    const p = await registerSandboxPayment(db, sandbox.stripe, { amount: 10_000, currency: 'usd' });
    await sandbox.stripe.refunds.create({ payment_intent: p.stripePaymentIntentId!, amount: 3_000 });
    await until(async () => (await facts(db, p.id)).stripeRefunded === 3_000, 15_000, 'charge.refunded');
    const [event] = await db.query<{ result: string }>(
      "SELECT result FROM stripe_events WHERE type = 'charge.refunded'",
    );
    expect(event?.result).toBe('payment_updated');
    // Recorded as an external refund too (refund.created): 3,000 refunded once, not twice.
    await until(async () => (await facts(db, p.id)).refunded === 3_000);
    expect(await facts(db, p.id)).toMatchObject({ refunded: 3_000, inFlight: 0, refundable: 7_000 });
  });

  it('charge.dispute.created: the payment is disputed and the policy refuses its refunds', async () => {
    const { db, sandbox } = await setup();
    const p = await registerSandboxPayment(db, sandbox.stripe, {
      amount: 5_000,
      currency: 'usd',
      card: 'pm_card_createDispute',
    });
    expect(p.disputed).toBe(false);
    await sandbox.advance(3_601); // the sandbox opens the dispute after its settle delay
    await until(async () => (await facts(db, p.id)).disputed, 15_000, 'charge.dispute.created');
    const outcome = await requestRefund(
      { db, gateway: createStripeGateway(sandbox.stripe), settings: POLICY },
      { paymentId: p.id, reason: 'fraudulent', actor: 'test' },
    );
    expect(outcome).toMatchObject({ kind: 'rejected', violations: [{ code: 'payment_disputed' }] });
  });

  it('a refund that fails at Stripe gives its amount back to what is refundable', async () => {
    const { db, sandbox } = await setup(true);
    const p = await registerSandboxPayment(db, sandbox.stripe, {
      amount: 4_000,
      currency: 'usd',
      card: 'pm_card_refundFail',
    });
    const outcome = await requestRefund(
      { db, gateway: createStripeGateway(sandbox.stripe), settings: POLICY },
      { paymentId: p.id, reason: 'requested_by_customer', actor: 'test' },
    );
    if (outcome.kind !== 'accepted') throw new Error('expected the refund to be accepted');
    const id = outcome.refund.id;
    await until(async () => (await statusOf(db, id)) === 'succeeded');
    await until(async () => (await facts(db, p.id)).stripeRefunded === 4_000, 15_000, 'charge.refunded');
    expect((await facts(db, p.id)).refundable).toBe(0);
    await sandbox.advance(3_601); // the late failure
    await until(async () => (await statusOf(db, id)) === 'failed', 15_000, 'refund.failed');
    expect(await facts(db, p.id)).toMatchObject({ stripeRefunded: 0, refunded: 0, refundable: 4_000 });
  });

  it('an older charge event never overwrites a newer fact (events arrive in any order)', async () => {
    db = await createTestDb(engine);
    sandbox = await startTestSandbox();
    const p = await registerSandboxPayment(db, sandbox.stripe, {
      amount: 9_000,
      currency: 'usd',
      asCharge: true,
    });
    const charge = { chargeId: p.stripeChargeId!, paymentIntentId: null, disputed: false, customerId: null };
    const now = Date.now();
    expect(await applyChargeFacts(db, { ...charge, amountRefunded: 2_000 }, new Date(now + 10_000))).toBe(
      true,
    );
    // Older than what is stored: ignored.
    expect(await applyChargeFacts(db, { ...charge, amountRefunded: 500 }, new Date(now + 5_000))).toBe(false);
    // The same second as the stored one: refunds only add up, so the larger sum stands.
    expect(await applyChargeFacts(db, { ...charge, amountRefunded: 1_000 }, new Date(now + 10_000))).toBe(
      true,
    );
    expect((await facts(db, p.id)).stripeRefunded).toBe(2_000);
    expect(await applyChargeFacts(db, { ...charge, amountRefunded: 3_000 }, new Date(now + 20_000))).toBe(
      true,
    );
    expect((await facts(db, p.id)).stripeRefunded).toBe(3_000);
    // A charge Refundry does not know: nothing to update.
    expect(
      await applyChargeFacts(
        db,
        { ...charge, chargeId: 'ch_unknown', amountRefunded: 1 },
        new Date(now + 30_000),
      ),
    ).toBe(false);
  });
});
