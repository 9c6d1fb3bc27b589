// Demo data: a handful of payments made in the (sandbox) Stripe account and registered with
// Refundry, one for each thing worth showing (pending and failing refunds, policy refusals, JPY).
import type Stripe from 'stripe';
import type { Db } from '../db/db.ts';
import { findPaymentsByOrder, type Payment, registerPayment } from '../payments/payments.ts';

interface DemoPayment {
  card: string;
  amount: number;
  currency: string;
  order: string;
  customer: string;
  email: string;
  /** Days before now to record as captured (the sandbox captures now). */
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
];

/**
 * Seeds the demo payments once: an order already registered (an earlier start on the same data)
 * is kept as it is, so restarts neither duplicate nor reset them. Returns the demo payments.
 */
export async function seedDemo(db: Db, stripe: Stripe, now = new Date()): Promise<Payment[]> {
  const payments: Payment[] = [];
  for (const d of DEMO_PAYMENTS) {
    const [seeded] = await findPaymentsByOrder(db, d.order);
    if (seeded) {
      payments.push(seeded);
      continue;
    }
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
    const { payment } = await registerPayment(db, {
      stripeId: pi.id,
      orderId: d.order,
      customerId: d.customer,
      customerEmail: d.email,
      amount: d.amount,
      currency: d.currency,
      capturedAt: new Date(now.getTime() - (d.ageDays ?? 0) * 86_400_000),
      fraudFlagged: d.fraud ?? false,
    });
    payments.push(payment);
  }
  return payments;
}
