import type { Sandbox } from '../context.ts';
import { fastId } from '../state/fast-id.ts';
import type { ChargeRecord } from '../state/records.ts';

// Disputes, as the `pm_card_createDispute` / `tok_createDispute` test card makes them at Stripe:
// the payment succeeds, and shortly after (the settle delay, or at once when the clock is
// advanced past it) a fraudulent dispute is opened. Stripe then sends `charge.dispute.created`
// and, as the funds leave the balance, `charge.dispute.funds_withdrawn`; the charge reads
// `disputed: true`, and a refund of it is refused with `charge_disputed`.

const EVIDENCE_DAYS = 21;

/** The Dispute object as Stripe's API returns it. */
export function disputeJson(c: ChargeRecord): Record<string, unknown> {
  const d = c.dispute!;
  return {
    id: d.id,
    object: 'dispute',
    amount: d.amount,
    balance_transactions: [],
    charge: c.id,
    created: d.created,
    currency: c.currency,
    enhanced_eligibility_types: [],
    evidence: {
      access_activity_log: null,
      billing_address: null,
      cancellation_policy: null,
      cancellation_policy_disclosure: null,
      cancellation_rebuttal: null,
      customer_communication: null,
      customer_email_address: null,
      customer_name: null,
      customer_purchase_ip: null,
      customer_signature: null,
      duplicate_charge_documentation: null,
      duplicate_charge_explanation: null,
      duplicate_charge_id: null,
      product_description: null,
      receipt: null,
      refund_policy: null,
      refund_policy_disclosure: null,
      refund_refusal_explanation: null,
      service_date: null,
      service_documentation: null,
      shipping_address: null,
      shipping_carrier: null,
      shipping_date: null,
      shipping_documentation: null,
      shipping_tracking_number: null,
      uncategorized_file: null,
      uncategorized_text: null,
    },
    evidence_details: {
      due_by: d.dueBy,
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: c.paymentIntent,
    payment_method_details: { card: { brand: c.card.brand, network_reason_code: '10.4' }, type: 'card' },
    reason: d.reason,
    status: d.status,
  };
}

/**
 * Schedules the dispute of a charge made with a disputing test card (after the settle delay), in
 * the account the charge belongs to (null: the platform).
 */
export function scheduleDispute(sandbox: Sandbox, chargeId: string, account: string | null = null): void {
  sandbox.settlement.schedule(() => openDispute(sandbox, chargeId, account));
}

/** Opens the charge's dispute now, with Stripe's events (once: a second call does nothing). */
export function openDispute(sandbox: Sandbox, chargeId: string, account: string | null = null): void {
  const { clock } = sandbox;
  const store = sandbox.store.scope(account);
  const charge = store?.charges.get(chargeId);
  if (!store) return;
  if (!charge || charge.dispute || charge.status !== 'succeeded' || !charge.card.dispute) return;
  const now = clock.now();
  charge.dispute = {
    id: fastId('dp'),
    created: now,
    amount: charge.amount - charge.amountRefunded,
    reason: charge.card.dispute.reason,
    status: 'needs_response',
    dueBy: now + EVIDENCE_DAYS * 86_400,
  };
  const automatic = { id: null, idempotency_key: null };
  store.events.record('charge.dispute.created', disputeJson(charge), automatic);
  store.events.record('charge.dispute.funds_withdrawn', disputeJson(charge), automatic);
}
