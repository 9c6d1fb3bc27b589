// The StripeGateway over the official SDK. Retries are the worker's job (it knows about leases,
// backoff and the shared budget), so the SDK's own retries are turned off here.
import type Stripe from 'stripe';
import {
  type CreatedWindow,
  type CreateRefundInput,
  REFUNDRY_METADATA_KEY,
  type StripeGateway,
  type StripePayment,
} from './gateway.ts';

const PAGE = 100;

export function createStripeGateway(stripe: Stripe): StripeGateway {
  const noRetry = { maxNetworkRetries: 0 };
  return {
    async createRefund(input: CreateRefundInput) {
      const params: Stripe.RefundCreateParams = {
        amount: input.amount,
        metadata: { ...(input.metadata ?? {}), [REFUNDRY_METADATA_KEY]: input.refundId },
      };
      if (input.paymentIntentId) params.payment_intent = input.paymentIntentId;
      else if (input.chargeId) params.charge = input.chargeId;
      // Refundry's 'other' has no Stripe counterpart: sent as no reason.
      if (input.reason) params.reason = input.reason;
      return stripe.refunds.create(params, { ...noRetry, idempotencyKey: input.idempotencyKey });
    },

    async retrieveRefund(stripeRefundId: string) {
      return stripe.refunds.retrieve(stripeRefundId, undefined, noRetry);
    },

    async findRefundByRefundryId(payment, refundId) {
      const filter: Stripe.RefundListParams = { limit: 100 };
      if (payment.paymentIntentId) filter.payment_intent = payment.paymentIntentId;
      else if (payment.chargeId) filter.charge = payment.chargeId;
      else return undefined;
      for await (const refund of stripe.refunds.list(filter, noRetry)) {
        if (refund.metadata?.[REFUNDRY_METADATA_KEY] === refundId) return refund;
      }
      return undefined;
    },

    async *listRefunds(window: CreatedWindow) {
      const created = {
        gte: Math.floor(window.gte.getTime() / 1000),
        lt: Math.ceil(window.lt.getTime() / 1000),
      };
      // Reads are safe to repeat: the SDK retries a page on network errors, 429s and 5xx.
      const refunds = stripe.refunds.list({ created, limit: PAGE }, { maxNetworkRetries: 3 });
      let page: Stripe.Refund[] = [];
      for await (const refund of refunds) {
        page.push(refund);
        if (page.length === PAGE) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    },

    async retrievePayment(stripeId: string) {
      try {
        if (stripeId.startsWith('pi_')) {
          const pi = await stripe.paymentIntents.retrieve(stripeId, { expand: ['latest_charge'] }, noRetry);
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
          } satisfies StripePayment;
        }
        const charge = await stripe.charges.retrieve(stripeId, undefined, noRetry);
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
        } satisfies StripePayment;
      } catch (error) {
        if ((error as { code?: string }).code === 'resource_missing') return undefined;
        throw error;
      }
    },
  };
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}
