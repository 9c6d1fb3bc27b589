// Writing the notifications outbox, inside the transaction that changes the refund: the customer
// email and the merchant webhook deliveries that a status change calls for (planNotifications),
// each under a unique dedupe key, so a replayed or duplicated change never enqueues twice.
import type { Queryable } from '../db/db.ts';
import type { RefundStatus } from '../refunds/refund-states.ts';
import { newId } from '../shared/ids.ts';
import { type CustomerEmailKind, planNotifications, type RefundEventType } from './plan.ts';

/** The refund as it is after the change (columns of `refunds`). */
export interface RefundSnapshot {
  id: string;
  payment_id: string;
  amount: number | string;
  currency: string;
  status: RefundStatus;
  reason: string;
  origin: 'refundry' | 'external';
  metadata: Record<string, unknown>;
  customer_token: string | null;
  stripe_refund_id: string | null;
  failure_code: string | null;
  failure_message: string | null;
  created_at: Date;
  final_at: Date | null;
}

/** What the notifications need to know about the payment. */
export interface PaymentFacts {
  customer_email: string | null;
  order_id: string | null;
  stripe_payment_intent_id: string | null;
  stripe_charge_id: string | null;
}

/** Columns to select (as `r`/`p`) so that a row is a RefundSnapshot & PaymentFacts. */
export const SNAPSHOT_COLUMNS = `r.id, r.payment_id, r.amount, r.currency, r.status, r.reason, r.origin,
  r.metadata, r.customer_token, r.stripe_refund_id, r.failure_code, r.failure_message, r.created_at,
  r.final_at, p.customer_email, p.order_id, p.stripe_payment_intent_id, p.stripe_charge_id`;

export interface ChangeToAnnounce {
  from: RefundStatus | null;
  refund: RefundSnapshot;
  payment: PaymentFacts;
  /** The refund_history row of this change: makes each change's deliveries distinct. */
  historyId: string | number | null;
  at: Date;
}

/** The refund as merchants see it in webhook events (no internal queue fields). */
export function publicRefund(refund: RefundSnapshot, payment: PaymentFacts) {
  return {
    id: refund.id,
    object: 'refund' as const,
    amount: Number(refund.amount),
    currency: refund.currency,
    status: refund.status,
    reason: refund.reason,
    origin: refund.origin,
    payment_id: refund.payment_id,
    order_id: payment.order_id,
    stripe_payment_intent_id: payment.stripe_payment_intent_id,
    stripe_charge_id: payment.stripe_charge_id,
    stripe_refund_id: refund.stripe_refund_id,
    failure_code: refund.failure_code,
    failure_message: refund.failure_message,
    metadata: refund.metadata,
    customer_token: refund.customer_token,
    created_at: new Date(refund.created_at).toISOString(),
    final_at: refund.final_at ? new Date(refund.final_at).toISOString() : null,
  };
}

export interface RefundEvent {
  id: string;
  object: 'event';
  type: RefundEventType;
  created: number;
  data: { object: ReturnType<typeof publicRefund>; previous_attributes: { status: RefundStatus } | null };
}

/** What a customer email needs to be written at delivery time. */
export interface EmailPayload {
  refund_id: string;
  amount: number;
  currency: string;
  order_id: string | null;
  payment_reference: string | null;
  customer_token: string | null;
  failure_code: string | null;
  failure_message: string | null;
  /** Whether it had succeeded before failing (the late failure). */
  failed_after_success: boolean;
  at: string;
}

export interface EnqueueResult {
  emails: number;
  webhooks: number;
}

/** Enqueues what `change` calls for. Must run in the transaction that made the change. */
export async function enqueueNotifications(tx: Queryable, change: ChangeToAnnounce): Promise<EnqueueResult> {
  const { refund, payment } = change;
  const plan = planNotifications({
    from: change.from,
    to: refund.status,
    hasCustomerEmail: Boolean(payment.customer_email?.trim()),
    origin: refund.origin,
  });
  const result: EnqueueResult = { emails: 0, webhooks: 0 };
  if (plan.customerEmail) {
    result.emails = await enqueueEmail(tx, plan.customerEmail, change);
  }
  const changeKey = change.historyId === null ? 'created' : String(change.historyId);
  for (const type of plan.events) {
    const event: RefundEvent = {
      id: newId('evt'),
      object: 'event',
      type,
      created: Math.floor(change.at.getTime() / 1000),
      data: {
        object: publicRefund(refund, payment),
        previous_attributes: change.from === null ? null : { status: change.from },
      },
    };
    // One delivery per enabled endpoint subscribed to the type (or to '*'), in one statement.
    const rows = await tx.query(
      `INSERT INTO notifications (id, refund_id, channel, kind, dedupe_key, endpoint_id, payload)
       SELECT 'ntf_' || replace(gen_random_uuid()::text, '-', ''), $1, 'webhook', $2,
              'webhook:' || e.id || ':' || $1 || ':' || $3 || ':' || $2, e.id, $4::jsonb
       FROM webhook_endpoints e
       WHERE e.status = 'enabled' AND ($2 = ANY (e.enabled_events) OR '*' = ANY (e.enabled_events))
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [refund.id, type, changeKey, JSON.stringify(event)],
    );
    result.webhooks += rows.length;
  }
  return result;
}

async function enqueueEmail(tx: Queryable, kind: CustomerEmailKind, change: ChangeToAnnounce) {
  const { refund, payment } = change;
  const payload: EmailPayload = {
    refund_id: refund.id,
    amount: Number(refund.amount),
    currency: refund.currency,
    order_id: payment.order_id,
    payment_reference: payment.stripe_payment_intent_id ?? payment.stripe_charge_id,
    customer_token: refund.customer_token,
    failure_code: refund.failure_code,
    failure_message: refund.failure_message,
    failed_after_success: change.from === 'succeeded',
    at: change.at.toISOString(),
  };
  // One email per customer-visible outcome per refund, whatever replays the change.
  const rows = await tx.query(
    `INSERT INTO notifications (id, refund_id, channel, kind, dedupe_key, recipient, payload)
     VALUES ($1, $2, 'email', $3, $4, $5, $6::jsonb)
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id`,
    [
      newId('ntf'),
      refund.id,
      kind,
      `email:${refund.id}:${kind}`,
      payment.customer_email!.trim(),
      JSON.stringify(payload),
    ],
  );
  return rows.length;
}

/** Announces a refund that has just been inserted (by a request, or recorded from Stripe). */
export async function enqueueRefundCreated(tx: Queryable, refundId: string, at = new Date()) {
  const [row] = await tx.query<RefundSnapshot & PaymentFacts>(
    `SELECT ${SNAPSHOT_COLUMNS} FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE r.id = $1`,
    [refundId],
  );
  if (!row) return { emails: 0, webhooks: 0 };
  return enqueueNotifications(tx, { from: null, refund: row, payment: row, historyId: null, at });
}
