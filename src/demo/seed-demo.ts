// Demo data: a handful of payments made in the (sandbox) Stripe account and registered with
// Refundry, one for each thing worth showing (pending and failing refunds, policy refusals, JPY).
import type Stripe from 'stripe';
import type { Db } from '../db/db.ts';
import { findPaymentsByOrder, type Payment, registerPayment } from '../payments/payments.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import { createStripeGateway } from '../stripe/stripe-gateway.ts';

interface DemoPayment {
  card: string;
  amount: number;
  currency: string;
  order: string;
  customer: string;
  email: string;
  /** Days ago the payment was captured (the sandbox captures now, then moves it back). */
  ageDays?: number;
  fraud?: boolean;
}

export const DEMO_PAYMENTS: DemoPayment[] = [
  {
    card: 'pm_card_visa',
    amount: 4_999,
    currency: 'usd',
    order: 'ord_1001',
    customer: 'cus_ada',
    email: 'ada@example.com',
  },
  {
    card: 'pm_card_pendingRefund',
    amount: 12_000,
    currency: 'usd',
    order: 'ord_1002',
    customer: 'cus_bob',
    email: 'bob@example.com',
  },
  {
    card: 'pm_card_refundFail',
    amount: 2_500,
    currency: 'eur',
    order: 'ord_1003',
    customer: 'cus_cy',
    email: 'cy@example.com',
  },
  {
    card: 'pm_card_visa',
    amount: 8_000,
    currency: 'usd',
    order: 'ord_1004',
    customer: 'cus_ada',
    email: 'ada@example.com',
    ageDays: 120,
  },
  {
    card: 'pm_card_visa',
    amount: 30_000,
    currency: 'usd',
    order: 'ord_1005',
    customer: 'cus_eve',
    email: 'eve@example.com',
    fraud: true,
  },
  {
    card: 'pm_card_visa',
    amount: 5_400,
    currency: 'jpy',
    order: 'ord_1006',
    customer: 'cus_jun',
    email: 'jun@example.com',
  },
  {
    card: 'pm_card_visa',
    amount: 90_000,
    currency: 'usd',
    order: 'ord_1007',
    customer: 'cus_max',
    email: 'max@example.com',
  },
  {
    // Disputed at Stripe soon after (the sandbox's settle delay): refunds are refused.
    card: 'pm_card_createDispute',
    amount: 7_500,
    currency: 'usd',
    order: 'ord_1008',
    customer: 'cus_dee',
    email: 'dee@example.com',
  },
];

/**
 * Seeds the demo payments once: an order already registered (an earlier start on the same data)
 * is kept as it is, so restarts neither duplicate nor reset them. Each payment is made in the
 * sandbox and registered the way a merchant would: by its Stripe id, with Stripe's facts read
 * back and only the merchant's own (order, customer, email, fraud flag) given. `sandboxUrl` lets
 * the old payment be moved back in time (a sandbox control; without it, it is captured now).
 * The payments are seeded side by side (each its own requests, keyed by its order), so a new
 * data folder waits for the slowest one rather than for all eight in a row; returned in the
 * order of DEMO_PAYMENTS.
 */
export async function seedDemo(
  db: Db,
  stripe: Stripe,
  options: { sandboxUrl?: string | undefined; now?: Date } = {},
): Promise<Payment[]> {
  const now = options.now ?? new Date();
  const gateway = createStripeGateway(stripe);
  return Promise.all(DEMO_PAYMENTS.map((d) => seedOne(db, stripe, gateway, d, now, options.sandboxUrl)));
}

async function seedOne(
  db: Db,
  stripe: Stripe,
  gateway: StripeGateway,
  d: DemoPayment,
  now: Date,
  sandboxUrl: string | undefined,
): Promise<Payment> {
  const [seeded] = await findPaymentsByOrder(db, d.order);
  if (seeded) return seeded;
  const pi = await stripe.paymentIntents.create(
    {
      amount: d.amount,
      currency: d.currency,
      payment_method: d.card,
      confirm: true,
      metadata: { order_id: d.order },
    },
    // A start that stopped between Stripe and the database makes the same payment again.
    { idempotencyKey: `refundry-demo-${d.order}` },
  );
  const capturedAt = Math.floor(now.getTime() / 1000) - (d.ageDays ?? 0) * 86_400;
  // Moved back once: a replayed creation already carries the earlier time.
  if (d.ageDays && sandboxUrl && pi.created > capturedAt + 3_600) {
    const res = await fetch(`${sandboxUrl}/_sandbox/payments/${pi.id}/backdate`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `seconds=${pi.created - capturedAt}`,
    });
    if (!res.ok) throw new Error(`could not backdate the demo payment ${pi.id}: ${res.status}`);
  }
  const facts = await gateway.retrievePayment(pi.id);
  if (!facts?.captured) throw new Error(`the demo payment ${pi.id} was not captured`);
  const { payment } = await registerPayment(db, facts, {
    orderId: d.order,
    customerId: d.customer,
    customerEmail: d.email,
    fraudFlagged: d.fraud ?? false,
  });
  return payment;
}
