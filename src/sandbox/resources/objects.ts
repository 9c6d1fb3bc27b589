import { newestList } from '../http/lists.ts';
import type { ChargeRecord, PaymentIntentRecord, RefundRecord } from '../state/records.ts';
import type { AccountScope } from '../state/store.ts';

// The API shapes, field for field as in Stripe's fixtures (../shared/stripe/fixtures.json), built
// fresh on every call so that events keep snapshots that later changes do not touch.

const NULL_ADDRESS = Object.freeze({
  city: null,
  country: null,
  line1: null,
  line2: null,
  postal_code: null,
  state: null,
});

export function refundJson(r: RefundRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: r.id,
    object: 'refund',
    amount: r.amount,
    balance_transaction: r.balanceTransaction,
    charge: r.charge,
    created: r.created,
    currency: r.currency,
    customer: r.customer,
    customer_account: null,
    destination_details: {
      // No `reference` until the acquirer reference number is known: Stripe omits the field.
      card: { type: 'refund', reference_status: 'pending', reference_type: 'acquirer_reference_number' },
      type: 'card',
    },
    metadata: { ...r.metadata },
    payment_intent: r.paymentIntent,
    payment_method: r.paymentMethod || null,
    reason: r.reason,
    receipt_number: null,
    source_transfer_reversal: r.sourceTransferReversal ?? null,
    status: r.status,
    transfer_reversal: r.transferReversal ?? null,
  };
  // The refund of a destination payment (by a transfer reversal) goes to no card.
  if (r.sourceTransferReversal) delete out.destination_details;
  if (r.failureReason !== undefined) out.failure_reason = r.failureReason;
  if (r.failureBalanceTransaction !== undefined)
    out.failure_balance_transaction = r.failureBalanceTransaction;
  if (r.instructionsEmail !== undefined) out.instructions_email = r.instructionsEmail;
  if (r.nextAction !== undefined) out.next_action = structuredClone(r.nextAction);
  if (r.pendingReason !== undefined) out.pending_reason = r.pendingReason;
  return out;
}

/** Deep-freezes a value (the parts shared between a charge's snapshots must never change). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

interface ChargeStatic {
  billing_details: unknown;
  outcome: unknown;
  payment_method_details: unknown;
  fraud_details: unknown;
}

/**
 * The nested parts of a charge that never change after it is created, built once and shared
 * (frozen) by every response and event snapshot of that charge: a charge.refunded event per
 * refund would otherwise copy them each time, which dominates memory at 200k refunds.
 */
const chargeStatics = new WeakMap<ChargeRecord, ChargeStatic>();

function chargeStatic(c: ChargeRecord): ChargeStatic {
  let cached = chargeStatics.get(c);
  if (cached) return cached;
  if (c.connect?.sourceTransfer) {
    // A destination payment (`py_`): the platform's transfer, not a card, paid it.
    cached = deepFreeze({
      billing_details: { address: { ...NULL_ADDRESS }, email: null, name: null, phone: null, tax_id: null },
      fraud_details: {},
      outcome: null,
      payment_method_details: { stripe_account: {}, type: 'stripe_account' },
    });
    chargeStatics.set(c, cached);
    return cached;
  }
  const failed = c.status === 'failed';
  cached = deepFreeze({
    billing_details: { address: { ...NULL_ADDRESS }, email: null, name: null, phone: null, tax_id: null },
    fraud_details: {},
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: failed ? 'declined_by_network' : 'approved_by_network',
      reason: failed ? (c.card.decline?.declineCode ?? 'generic_decline') : null,
      risk_level: 'normal',
      seller_message: failed
        ? 'The bank did not return any further details with this decline.'
        : 'Payment complete.',
      type: failed ? 'issuer_declined' : 'authorized',
    },
    payment_method_details: {
      card: {
        amount_authorized: failed ? null : c.amount,
        brand: c.card.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        country: 'US',
        electronic_commerce_indicator: null,
        exp_month: 12,
        exp_year: 2034,
        extended_authorization: { status: 'disabled' },
        fingerprint: `fp${c.card.last4}SandboxCard`,
        funding: c.card.funding,
        incremental_authorization: { status: 'unavailable' },
        installments: null,
        last4: c.card.last4,
        mandate: null,
        multicapture: { status: 'unavailable' },
        network: c.card.brand,
        network_token: { used: false },
        overcapture: { maximum_amount_capturable: c.amount, status: 'unavailable' },
        three_d_secure: null,
        wallet: null,
        authorization_code: null,
        regulated_status: 'unregulated',
        network_transaction_id: null,
        transaction_link_id: null,
      },
      type: 'card',
    },
  });
  chargeStatics.set(c, cached);
  return cached;
}

export function chargeJson(c: ChargeRecord): Record<string, unknown> {
  const failed = c.status === 'failed';
  const fixed = chargeStatic(c);
  const connect = c.connect;
  const payment = Boolean(connect?.sourceTransfer);
  return {
    id: c.id,
    object: 'charge',
    amount: c.amount,
    amount_captured: failed ? 0 : c.amount,
    amount_refunded: c.amountRefunded,
    application: connect?.application ?? null,
    application_fee: connect?.applicationFee ?? null,
    application_fee_amount: connect?.applicationFeeAmount ?? null,
    balance_transaction: c.balanceTransaction,
    billing_details: fixed.billing_details,
    calculated_statement_descriptor: payment ? null : 'REFUNDRY SANDBOX',
    captured: !failed,
    created: c.created,
    currency: c.currency,
    customer: c.customer,
    description: c.description,
    disputed: c.dispute !== undefined,
    failure_balance_transaction: null,
    failure_code: failed ? (c.card.decline?.code ?? 'card_declined') : null,
    failure_message: failed ? (c.card.decline?.message ?? 'Your card was declined.') : null,
    fraud_details: fixed.fraud_details,
    livemode: false,
    metadata: { ...c.metadata },
    on_behalf_of: connect?.onBehalfOf ?? null,
    outcome: fixed.outcome,
    paid: !failed,
    payment_intent: c.paymentIntent,
    payment_method: payment ? null : c.paymentMethod,
    payment_method_details: fixed.payment_method_details,
    receipt_email: c.receiptEmail ?? null,
    receipt_number: null,
    receipt_url: payment ? null : `https://pay.stripe.com/receipts/payment/sandbox_${c.id}`,
    refunded: c.amountRefunded >= c.amount && c.amount > 0,
    review: null,
    shipping: null,
    source: null,
    source_transfer: connect?.sourceTransfer ?? null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: c.status,
    // Present on destination charges only.
    ...(connect?.transfer ? { transfer: connect.transfer } : {}),
    transfer_data: connect?.transferData
      ? { amount: connect.transferData.amount, destination: connect.transferData.destination }
      : null,
    transfer_group: connect?.transferGroup ?? null,
  };
}

export function paymentIntentJson(p: PaymentIntentRecord): Record<string, unknown> {
  const succeeded = p.status === 'succeeded';
  return {
    id: p.id,
    object: 'payment_intent',
    allowed_payment_method_types: p.allowedPaymentMethodTypes ? [...p.allowedPaymentMethodTypes] : null,
    amount: p.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: succeeded ? p.amount : 0,
    application: p.connect?.application ?? null,
    application_fee_amount: p.connect?.applicationFeeAmount ?? null,
    automatic_payment_methods: p.automaticPaymentMethods ? { ...p.automaticPaymentMethods } : null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: p.clientSecret,
    confirmation_method: 'automatic',
    created: p.created,
    currency: p.currency,
    customer: p.customer,
    customer_account: null,
    description: p.description,
    excluded_payment_method_types: null,
    last_payment_error: p.lastPaymentError ? structuredClone(p.lastPaymentError) : null,
    latest_charge: p.latestCharge,
    livemode: false,
    managed_payments: null,
    metadata: { ...p.metadata },
    next_action: null,
    on_behalf_of: p.connect?.onBehalfOf ?? null,
    payment_method: p.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: [...p.paymentMethodTypes],
    payment_record: null,
    processing: null,
    receipt_email: p.receiptEmail ?? null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: p.status,
    transfer_data: p.connect?.transferData
      ? {
          ...(p.connect.transferData.amount !== null ? { amount: p.connect.transferData.amount } : {}),
          destination: p.connect.transferData.destination,
        }
      : null,
    transfer_group: p.connect?.transferGroup ?? null,
  };
}

/**
 * The PaymentMethod of an intent, as Stripe embeds it in a card error's `payment_method`. Only
 * intents carry one: charges made from a token have a `card_` source instead.
 */
export function paymentMethodJson(p: PaymentIntentRecord): Record<string, unknown> {
  const card = p.paymentMethodCard;
  return {
    id: p.paymentMethod,
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: {
      address: { ...NULL_ADDRESS },
      email: null,
      name: null,
      phone: null,
      tax_id: null,
    },
    card: {
      brand: card?.brand ?? 'visa',
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'unchecked' },
      country: 'US',
      display_brand: card?.brand ?? 'visa',
      exp_month: 12,
      exp_year: 2034,
      fingerprint: `fp${card?.last4 ?? '4242'}SandboxCard`,
      funding: card?.funding ?? 'credit',
      generated_from: null,
      last4: card?.last4 ?? '4242',
      networks: { available: [card?.brand ?? 'visa'], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: p.paymentMethodCreated ?? p.created,
    customer: p.customer,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
}

/** A list object as embedded in `charge.refunds` when expanded. */
export function chargeRefundsList(store: AccountScope, c: ChargeRecord): Record<string, unknown> {
  return newestList(c.refunds, `/v1/charges/${c.id}/refunds`, (p) => refundJson(store.refunds.items[p]!));
}
