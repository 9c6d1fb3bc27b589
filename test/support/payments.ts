// Payments for tests are made where Refundry reads their facts: at Stripe (the sandbox), through
// the official SDK. Refundry then registers them by id; amount, currency and capture time are
// Stripe's, never the test's.
import type Stripe from 'stripe';
import type { Queryable } from '../../src/db/db.ts';
import { type MerchantFacts, type Payment, registerPayment } from '../../src/payments/payments.ts';
import type { StripePayment } from '../../src/stripe/gateway.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';

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

/**
 * Moves a sandbox payment `seconds` back in time (a sandbox control: Stripe has none), so a test
 * has a payment captured long ago.
 */
export async function backdate(sandboxUrl: string, stripeId: string, seconds: number): Promise<void> {
  const res = await fetch(`${sandboxUrl}/_sandbox/payments/${stripeId}/backdate`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `seconds=${seconds}`,
  });
  if (res.status !== 200) throw new Error(`backdate failed: ${res.status} ${await res.text()}`);
}

/**
 * Registers a payment made in the sandbox directly in the database (for tests below the API):
 * Stripe's facts are read back through the gateway, as POST /payments does; `merchant` adds the
 * merchant's own.
 */
export async function registerSandboxPayment(
  db: Queryable,
  stripe: Stripe,
  options: SandboxPaymentOptions & { ageSeconds?: number; sandboxUrl?: string },
  merchant: MerchantFacts = {},
): Promise<Payment> {
  const stripeId = await sandboxPayment(stripe, options);
  if (options.ageSeconds) {
    if (!options.sandboxUrl) throw new Error('ageSeconds needs sandboxUrl');
    await backdate(options.sandboxUrl, stripeId, options.ageSeconds);
  }
  return registerStripeId(db, stripe, stripeId, merchant);
}

/** Registers a payment Stripe (the sandbox) already has, with its facts read from there. */
export async function registerStripeId(
  db: Queryable,
  stripe: Stripe,
  stripeId: string,
  merchant: MerchantFacts = {},
): Promise<Payment> {
  const facts = await createStripeGateway(stripe).retrievePayment(stripeId);
  if (!facts?.captured) throw new Error(`${stripeId} is not a captured payment at the sandbox`);
  return (await registerPayment(db, facts, merchant)).payment;
}

/** A payment as a test says Stripe told it (for tests below the API, with no sandbox behind them). */
export interface StoredPaymentInput extends MerchantFacts {
  stripeId: string;
  amount: number;
  currency: string;
  capturedAt: Date;
  stripeCustomerId?: string | null;
  amountRefunded?: number;
  disputed?: boolean;
}

/**
 * Stores a payment with facts the test gives in Stripe's place (registerPayment, as if just read
 * from Stripe). Tests of the API register through POST /payments, whose facts come from the sandbox.
 */
export async function storePayment(db: Queryable, input: StoredPaymentInput): Promise<Payment> {
  const { stripeId, amount, currency, capturedAt, stripeCustomerId, amountRefunded, disputed, ...merchant } =
    input;
  const pi = stripeId.startsWith('pi_');
  const facts: StripePayment = {
    paymentIntentId: pi ? stripeId : null,
    chargeId: pi ? null : stripeId,
    amount,
    amountRefunded: amountRefunded ?? 0,
    currency,
    customerId: stripeCustomerId ?? null,
    customerEmail: null,
    capturedAt,
    captured: true,
    disputed: disputed ?? false,
    metadata: {},
  };
  return (await registerPayment(db, facts, merchant)).payment;
}
