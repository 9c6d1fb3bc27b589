// Payments for tests are made where Refundry reads their facts: at Stripe (the sandbox), through
// the official SDK. Refundry then registers them by id; amount, currency and capture time are
// Stripe's, never the test's.
import type Stripe from 'stripe';

export interface SandboxPaymentOptions {
  amount: number;
  currency: string;
  /** A test payment method (pm_card_visa, pm_card_pendingRefund, pm_card_createDispute, …). */
  card?: string;
  /** Stripe's customer id on the payment. */
  customer?: string;
  metadata?: Record<string, string>;
  /** A legacy charge (ch_…) from a token instead of a payment intent (pi_…). */
  asCharge?: boolean;
}

/** Makes a captured payment in the sandbox and returns its Stripe id (pi_… or ch_…). */
export async function sandboxPayment(stripe: Stripe, options: SandboxPaymentOptions): Promise<string> {
  if (options.asCharge) {
    const token = (options.card ?? 'pm_card_visa').replace(/^pm_card_/, 'tok_');
    const charge = await stripe.charges.create({
      amount: options.amount,
      currency: options.currency,
      source: token,
      ...(options.customer ? { customer: options.customer } : {}),
      ...(options.metadata ? { metadata: options.metadata } : {}),
    });
    return charge.id;
  }
  const pi = await stripe.paymentIntents.create({
    amount: options.amount,
    currency: options.currency,
    payment_method: options.card ?? 'pm_card_visa',
    allowed_payment_method_types: ['card'],
    confirm: true,
    ...(options.customer ? { customer: options.customer } : {}),
    ...(options.metadata ? { metadata: options.metadata } : {}),
  });
  return pi.id;
}
