// Writing the notifications outbox, inside the transaction that changes the refund: the customer
// email and the merchant webhook deliveries that a status change calls for (planNotifications),
// each under a unique dedupe key, so a replayed or duplicated change never enqueues twice.
import type { Queryable } from '../db/db.ts';
import type { RefundStatus } from '../refunds/refund-states.ts';
import { newId } from '../shared/ids.ts';
import { iso, isoOrNull } from '../shared/iso-time.ts';
import { planNotifications, type RefundEventType } from './plan.ts';

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
    created_at: iso(refund.created_at),
    final_at: isoOrNull(refund.final_at),
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

/**
 * Enqueues what `change` calls for, in one statement (it runs inside every status change, so it
 * costs one round trip): the customer email if any, and one delivery per enabled endpoint
 * subscribed to each event type (or to '*'). Must run in the transaction that made the change.
 */
export function enqueueNotifications(tx: Queryable, change: ChangeToAnnounce): Promise<EnqueueResult> {
  return enqueueNotificationsMany(tx, [change]);
}

/** enqueueNotifications for many changes (a group of refunds accepted together), still one statement. */
export async function enqueueNotificationsMany(
  tx: Queryable,
  changes: readonly ChangeToAnnounce[],
): Promise<EnqueueResult> {
  const rows = outboxRows(changes);
  if (rows.emails.length === 0 && rows.events.length === 0) return { emails: 0, webhooks: 0 };
  const [row] = await tx.query<EnqueueResult>(
    `WITH ${OUTBOX_INSERTS}
     SELECT (SELECT count(*) FROM email)::int AS emails, (SELECT count(*) FROM hooks)::int AS webhooks`,
    outboxParams(rows),
  );
  return row ?? { emails: 0, webhooks: 0 };
}

/** The outbox rows some changes call for, planned here and inserted by OUTBOX_INSERTS. */
export interface OutboxRows {
  emails: Array<{ id: string; refund_id: string; kind: string; recipient: string; payload: EmailPayload }>;
  events: Array<{ refund_id: string; change_key: string; event: RefundEvent }>;
}

export function outboxRows(changes: readonly ChangeToAnnounce[]): OutboxRows {
  const rows: OutboxRows = { emails: [], events: [] };
  for (const change of changes) {
    const { refund, payment } = change;
    const plan = planNotifications({
      from: change.from,
      to: refund.status,
      hasCustomerEmail: Boolean(payment.customer_email?.trim()),
      origin: refund.origin,
    });
    if (plan.customerEmail) {
      rows.emails.push({
        id: newId('ntf'),
        refund_id: refund.id,
        kind: plan.customerEmail,
        recipient: payment.customer_email!.trim(),
        payload: emailPayload(change),
      });
    }
    const changeKey = change.historyId === null ? 'created' : String(change.historyId);
    for (const type of plan.events) {
      rows.events.push({
        refund_id: refund.id,
        change_key: changeKey,
        event: {
          id: newId('evt'),
          object: 'event',
          type,
          created: Math.floor(change.at.getTime() / 1000),
          data: {
            object: publicRefund(refund, payment),
            previous_attributes: change.from === null ? null : { status: change.from },
          },
        },
      });
    }
  }
  return rows;
}

/** OUTBOX_INSERTS's parameters $1 (emails) and $2 (webhook events). */
export const outboxParams = (rows: OutboxRows): [string, string] => [
  JSON.stringify(rows.emails),
  JSON.stringify(rows.events),
];

/**
 * Two data-modifying CTEs (`email`, `hooks`, each RETURNING 1 per row inserted) that write
 * OutboxRows given as $1 and $2 (outboxParams): the customer emails, and one delivery per enabled
 * endpoint subscribed to each event type (or to '*'). A statement that also writes other things
 * (the acceptance of a group of refunds) puts them after these and numbers its own parameters
 * from $3.
 */
export const OUTBOX_INSERTS = `email AS (
       INSERT INTO notifications (id, refund_id, channel, kind, dedupe_key, recipient, payload)
       SELECT m.id, m.refund_id, 'email', m.kind, 'email:' || m.refund_id || ':' || m.kind, m.recipient, m.payload
       FROM jsonb_to_recordset($1::jsonb) AS m(id text, refund_id text, kind text, recipient text, payload jsonb)
       -- One email per customer-visible outcome per refund, whatever replays the change.
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING 1
     ), hooks AS (
       INSERT INTO notifications (id, refund_id, channel, kind, dedupe_key, endpoint_id, payload)
       SELECT 'ntf_' || replace(gen_random_uuid()::text, '-', ''), ev.refund_id, 'webhook', ev.event->>'type',
              'webhook:' || e.id || ':' || ev.refund_id || ':' || ev.change_key || ':' || (ev.event->>'type'), e.id, ev.event
       FROM jsonb_to_recordset($2::jsonb) AS ev(refund_id text, change_key text, event jsonb)
       JOIN webhook_endpoints e ON e.status = 'enabled'
         AND ((ev.event->>'type') = ANY (e.enabled_events) OR '*' = ANY (e.enabled_events))
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING 1
     )`;

function emailPayload(change: ChangeToAnnounce): EmailPayload {
  const { refund, payment } = change;
  return {
    refund_id: refund.id,
    amount: Number(refund.amount),
    currency: refund.currency,
    order_id: payment.order_id,
    payment_reference: payment.stripe_payment_intent_id ?? payment.stripe_charge_id,
    customer_token: refund.customer_token,
    failure_code: refund.failure_code,
    failure_message: refund.failure_message,
    failed_after_success: change.from === 'succeeded',
    at: iso(change.at),
  };
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
