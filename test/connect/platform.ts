// A platform at the sandbox, made through the official SDK: connected accounts, destination charges
// (the platform's charge, its amount transferred to the account, with an application fee) and
// direct charges (made on the connected account with Stripe-Account, with an application fee).
import type Stripe from 'stripe';

export async function connectedAccount(stripe: Stripe, name: string, country = 'US'): Promise<string> {
  const account = await stripe.accounts.create({
    type: 'express',
    country,
    business_profile: { name },
  });
  return account.id;
}

export interface ChargeOptions {
  amount: number;
  currency?: string;
  fee?: number;
  /** A test payment method: pm_card_visa (default), pm_card_pendingRefund, … */
  card?: string;
  /** transfer_data[amount]: a part of the charge transferred instead of the whole. */
  transferAmount?: number;
  metadata?: Record<string, string>;
}

/** A destination charge to `account`: returns the platform's payment intent id. */
export async function destinationCharge(stripe: Stripe, account: string, o: ChargeOptions): Promise<string> {
  const pi = await stripe.paymentIntents.create({
    amount: o.amount,
    currency: o.currency ?? 'usd',
    payment_method: o.card ?? 'pm_card_visa',
    confirm: true,
    allowed_payment_method_types: ['card'],
    transfer_data: { destination: account, ...(o.transferAmount ? { amount: o.transferAmount } : {}) },
    ...(o.fee !== undefined ? { application_fee_amount: o.fee } : {}),
    ...(o.metadata ? { metadata: o.metadata } : {}),
  });
  return pi.id;
}

/** A direct charge on `account` (Stripe-Account): returns its payment intent id there. */
export async function directCharge(stripe: Stripe, account: string, o: ChargeOptions): Promise<string> {
  const pi = await stripe.paymentIntents.create(
    {
      amount: o.amount,
      currency: o.currency ?? 'usd',
      payment_method: o.card ?? 'pm_card_visa',
      confirm: true,
      allowed_payment_method_types: ['card'],
      ...(o.fee !== undefined ? { application_fee_amount: o.fee } : {}),
      ...(o.metadata ? { metadata: o.metadata } : {}),
    },
    { stripeAccount: account },
  );
  return pi.id;
}
