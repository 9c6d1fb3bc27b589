// The StripeGateway over the official SDK. Retries are the worker's job (it knows about leases,
// backoff and the shared budget), so the SDK's own retries are turned off here. Objects of a
// connected account are reached with the Stripe-Account header (the SDK's `stripeAccount` option);
// application fees and transfers are the platform's own objects.
import type Stripe from 'stripe';
import {
  type CreatedWindow,
  type CreateRefundInput,
  type PaymentConnectFacts,
  REFUNDRY_METADATA_KEY,
  type StripeGateway,
  type StripePayment,
} from './gateway.ts';

const PAGE = 100;
const noRetry = { maxNetworkRetries: 0 };

/** Request options for an object on `account` (null: the platform). */
const on = (account: string | null | undefined, extra: Stripe.RequestOptions = noRetry) =>
  account ? { ...extra, stripeAccount: account } : extra;

export function createStripeGateway(stripe: Stripe): StripeGateway {
  return {
    async createRefund(input: CreateRefundInput) {
      // The idempotency key is scoped to the account at Stripe, as is the refund.
      return stripe.refunds.create(
        refundParams(input),
        on(input.account, { ...noRetry, idempotencyKey: input.idempotencyKey }),
      );
    },

    async retrieveRefund(stripeRefundId: string, account?: string | null) {
      // The reversal expanded: its amount is recorded with the refund (a platform's destination charge).
      return stripe.refunds.retrieve(stripeRefundId, { expand: ['transfer_reversal'] }, on(account));
    },

    async findRefundByRefundryId(payment, refundId) {
      const filter: Stripe.RefundListParams = { limit: 100, expand: ['data.transfer_reversal'] };
      if (payment.paymentIntentId) filter.payment_intent = payment.paymentIntentId;
      else if (payment.chargeId) filter.charge = payment.chargeId;
      else return undefined;
      for await (const refund of stripe.refunds.list(filter, on(payment.account))) {
        if (refund.metadata?.[REFUNDRY_METADATA_KEY] === refundId) return refund;
      }
      return undefined;
    },

    async *listRefunds(window: CreatedWindow, account?: string | null) {
      const created = {
        gte: Math.floor(window.gte.getTime() / 1000),
        lt: Math.ceil(window.lt.getTime() / 1000),
      };
      // Reads are safe to repeat: the SDK retries a page on network errors, 429s and 5xx.
      yield* pagesOf(stripe.refunds.list({ created, limit: PAGE }, on(account, { maxNetworkRetries: 3 })));
    },

    async listFeeRefunds(feeId: string) {
      const page = await stripe.applicationFees.listRefunds(feeId, { limit: 100 }, noRetry);
      return page.data.map((r) => ({ id: r.id, amount: r.amount, created: r.created }));
    },

    async retrieveAccount(accountId: string) {
      try {
        const a = await stripe.accounts.retrieve(accountId, undefined, noRetry);
        return {
          id: a.id,
          name: a.business_profile?.name ?? null,
          country: a.country ?? null,
          defaultCurrency: a.default_currency ?? null,
        };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async retrievePayment(stripeId: string, account?: string | null) {
      const scope = account ?? null;
      try {
        return stripeId.startsWith('pi_')
          ? await paymentOfIntent(stripe, stripeId, scope)
          : await paymentOfCharge(stripe, stripeId, scope);
      } catch (error) {
        // No such payment, or (with Stripe-Account) no such account for this platform.
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
  };
}

/** The parameters of a refund: Refundry's id in its metadata, and what it asks of Connect. */
function refundParams(input: CreateRefundInput): Stripe.RefundCreateParams {
  const params: Stripe.RefundCreateParams = {
    amount: input.amount,
    metadata: { ...(input.metadata ?? {}), [REFUNDRY_METADATA_KEY]: input.refundId },
  };
  if (input.paymentIntentId) params.payment_intent = input.paymentIntentId;
  else if (input.chargeId) params.charge = input.chargeId;
  // Refundry's 'other' has no Stripe counterpart: sent as no reason.
  if (input.reason) params.reason = input.reason;
  if (input.reverseTransfer) {
    params.reverse_transfer = true;
    params.expand = ['transfer_reversal'];
  }
  if (input.refundApplicationFee) params.refund_application_fee = true;
  return params;
}

/** A list's items in pages of PAGE (the last one shorter). */
async function* pagesOf<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  let page: T[] = [];
  for await (const item of items) {
    page.push(item);
    if (page.length === PAGE) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** A payment intent's facts, from its latest charge (expanded in the same request) when it has one. */
async function paymentOfIntent(stripe: Stripe, id: string, scope: string | null): Promise<StripePayment> {
  const pi = await stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] }, on(scope));
  const charge = pi.latest_charge && typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
  const amount = charge ? charge.amount_captured : pi.amount_received;
  return {
    paymentIntentId: pi.id,
    chargeId: charge?.id ?? (typeof pi.latest_charge === 'string' ? pi.latest_charge : null),
    amount,
    amountRefunded: charge?.amount_refunded ?? 0,
    currency: pi.currency,
    customerId: idOf(pi.customer),
    customerEmail: charge?.billing_details?.email ?? pi.receipt_email ?? null,
    capturedAt: new Date((charge?.created ?? pi.created) * 1000),
    captured: pi.status === 'succeeded' && amount > 0,
    disputed: charge?.disputed ?? false,
    metadata: { ...pi.metadata },
    connect: charge
      ? await connectOf(stripe, charge, scope)
      : { account: scope, applicationFee: null, transfer: null },
  };
}

/** A charge's facts; the platform's own charges expand their fee and transfer in the same request. */
async function paymentOfCharge(stripe: Stripe, id: string, scope: string | null): Promise<StripePayment> {
  const charge = await stripe.charges.retrieve(
    id,
    scope ? undefined : { expand: ['application_fee', 'transfer'] },
    on(scope),
  );
  return {
    paymentIntentId: idOf(charge.payment_intent),
    chargeId: charge.id,
    amount: charge.amount_captured,
    amountRefunded: charge.amount_refunded,
    currency: charge.currency,
    customerId: idOf(charge.customer),
    customerEmail: charge.billing_details?.email ?? charge.receipt_email ?? null,
    capturedAt: new Date(charge.created * 1000),
    captured: charge.status === 'succeeded' && charge.captured && charge.amount_captured > 0,
    disputed: charge.disputed,
    metadata: { ...charge.metadata },
    connect: await connectOf(stripe, charge, scope),
  };
}

/** The fee and transfer of a charge, fetched from the platform unless already expanded. */
async function connectOf(
  stripe: Stripe,
  charge: Stripe.Charge,
  account: string | null,
): Promise<PaymentConnectFacts> {
  const fee =
    typeof charge.application_fee === 'string'
      ? await stripe.applicationFees.retrieve(charge.application_fee, undefined, noRetry)
      : charge.application_fee;
  const transfer =
    typeof charge.transfer === 'string'
      ? await stripe.transfers.retrieve(charge.transfer, undefined, noRetry)
      : charge.transfer;
  const destination = transfer ? idOf(transfer.destination) : null;
  return {
    account,
    applicationFee: fee ? { id: fee.id, amount: fee.amount, amountRefunded: fee.amount_refunded } : null,
    transfer:
      transfer && destination
        ? {
            id: transfer.id,
            destination,
            amount: transfer.amount,
            amountReversed: transfer.amount_reversed,
          }
        : null,
  };
}

/** Stripe's answer for no such object, or (with Stripe-Account) no such account for this platform. */
function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'resource_missing' || code === 'account_invalid';
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}
