// Payments Refundry knows about, and what is refunded, in flight and still refundable on each.
import type { Queryable } from '../db/db.ts';
import { newId } from '../shared/ids.ts';
import type { StripePayment } from '../stripe/gateway.ts';

export interface Payment {
  id: string;
  stripePaymentIntentId: string | null;
  stripeChargeId: string | null;
  orderId: string | null;
  customerId: string | null;
  customerEmail: string | null;
  amount: number;
  currency: string;
  capturedAt: Date;
  fraudFlagged: boolean;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

export interface PaymentAmounts {
  refunded: number;
  inFlight: number;
  refundable: number;
}

export interface RegisterPaymentInput {
  stripeId: string;
  orderId?: string | null | undefined;
  customerId?: string | null | undefined;
  customerEmail?: string | null | undefined;
  amount: number;
  currency: string;
  capturedAt: Date;
  fraudFlagged?: boolean | undefined;
  metadata?: Record<string, unknown> | undefined;
}

interface PaymentRow {
  id: string;
  stripe_payment_intent_id: string | null;
  stripe_charge_id: string | null;
  order_id: string | null;
  customer_id: string | null;
  customer_email: string | null;
  amount: number;
  currency: string;
  captured_at: Date;
  fraud_flagged: boolean;
  metadata: Record<string, unknown>;
  created_at: Date;
}

function toPayment(r: PaymentRow): Payment {
  return {
    id: r.id,
    stripePaymentIntentId: r.stripe_payment_intent_id,
    stripeChargeId: r.stripe_charge_id,
    orderId: r.order_id,
    customerId: r.customer_id,
    customerEmail: r.customer_email,
    amount: Number(r.amount),
    currency: r.currency,
    capturedAt: r.captured_at,
    fraudFlagged: r.fraud_flagged,
    metadata: r.metadata,
    createdAt: r.created_at,
  };
}

export const isPaymentIntentId = (id: string) => id.startsWith('pi_');

/** Registers a payment; idempotent by Stripe id (returns the existing row, created=false). */
export async function registerPayment(
  db: Queryable,
  input: RegisterPaymentInput,
): Promise<{ payment: Payment; created: boolean }> {
  const pi = isPaymentIntentId(input.stripeId) ? input.stripeId : null;
  const ch = pi ? null : input.stripeId;
  const rows = await db.query<PaymentRow>(
    `INSERT INTO payments (id, stripe_payment_intent_id, stripe_charge_id, order_id, customer_id, customer_email,
       amount, currency, captured_at, fraud_flagged, metadata)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT DO NOTHING RETURNING *`,
    [
      newId('pay'),
      pi,
      ch,
      input.orderId ?? null,
      input.customerId ?? null,
      input.customerEmail ?? null,
      input.amount,
      input.currency.toLowerCase(),
      input.capturedAt,
      input.fraudFlagged ?? false,
      JSON.stringify(input.metadata ?? {}),
    ],
  );
  if (rows[0]) return { payment: toPayment(rows[0]), created: true };
  const existing = await findPaymentByStripeId(db, input.stripeId);
  if (!existing) throw new Error(`payment insert conflicted but ${input.stripeId} is not found`);
  return { payment: existing, created: false };
}

export function registerFromStripe(
  db: Queryable,
  p: StripePayment,
): Promise<{ payment: Payment; created: boolean }> {
  return registerPayment(db, {
    stripeId: (p.paymentIntentId ?? p.chargeId)!,
    orderId: p.metadata.order_id ?? null,
    customerId: p.customerId,
    customerEmail: p.customerEmail,
    amount: p.amount,
    currency: p.currency,
    capturedAt: p.capturedAt,
    metadata: p.metadata,
  });
}

export async function getPayment(db: Queryable, id: string, forUpdate = false): Promise<Payment | undefined> {
  const [row] = await db.query<PaymentRow>(
    `SELECT * FROM payments WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row ? toPayment(row) : undefined;
}

export async function findPaymentByStripeId(db: Queryable, stripeId: string): Promise<Payment | undefined> {
  const [row] = await db.query<PaymentRow>(
    'SELECT * FROM payments WHERE stripe_payment_intent_id = $1 OR stripe_charge_id = $1',
    [stripeId],
  );
  return row ? toPayment(row) : undefined;
}

export async function findPaymentsByOrder(db: Queryable, orderId: string): Promise<Payment[]> {
  const rows = await db.query<PaymentRow>(
    'SELECT * FROM payments WHERE order_id = $1 ORDER BY created_at, id',
    [orderId],
  );
  return rows.map(toPayment);
}

/** Shortest search text matched as a prefix; shorter text must match a whole value. */
export const MIN_PREFIX = 3;

/** Every searched field: [table, expression, what it gives]. Each has a lower() text_pattern_ops index. */
const SEARCH_FIELDS: ReadonlyArray<[table: 'payments' | 'refunds', column: string]> = [
  ['payments', 'id'],
  ['payments', 'stripe_payment_intent_id'],
  ['payments', 'stripe_charge_id'],
  ['payments', 'order_id'],
  ['payments', 'customer_id'],
  ['payments', 'customer_email'],
  ['refunds', 'id'],
  ['refunds', 'stripe_refund_id'],
];

/**
 * The first string after every string that starts with `prefix`, in byte order (text_pattern_ops
 * compares UTF-8 bytes, which sort as code points): `abc` → `abd`. So `x ~>=~ prefix AND x ~<~
 * next` is exactly "x starts with prefix", as an index range.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const chars = [...prefix];
  while (chars.length > 0) {
    const last = chars.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      const next = last + 1;
      // Skip the surrogate range, which UTF-8 cannot hold.
      return chars.join('') + String.fromCodePoint(next >= 0xd800 && next <= 0xdfff ? 0xe000 : next);
    }
  }
  return undefined;
}

/**
 * Payments matching what a support agent typed, as Stripe's dashboard search does: a payment's
 * Refundry id, Stripe payment intent or charge id, order id, customer id or email, or a refund's
 * Refundry or Stripe id; in any case; from three characters on by prefix. Exact matches first,
 * then newest first, at most `limit`. Each field is an index range scan with its own LIMIT, so a
 * prefix shared by a million payments costs no more than `limit` rows per field.
 */
export async function searchPayments(db: Queryable, q: string, limit = 50): Promise<Payment[]> {
  const term = q.trim().toLowerCase();
  if (!term) return [];
  const upper = term.length >= MIN_PREFIX ? prefixUpperBound(term) : undefined;
  const rows = await db.query<PaymentRow & { exact: boolean }>(
    searchSql(upper !== undefined),
    upper !== undefined ? [term, limit, upper] : [term, limit],
  );
  return rows.map(toPayment);
}

/** The search as SQL: $1 the lowercased term, $2 the limit, $3 (prefix search) its upper bound. */
export function searchSql(prefix: boolean): string {
  const branches = SEARCH_FIELDS.map(([table, column]) => {
    const key = `lower(${column})`;
    const match = prefix ? `${key} ~>=~ $1 AND ${key} ~<~ $3` : `${key} = $1`;
    const id = table === 'payments' ? 'id' : 'payment_id';
    // Ordered by the index's own operator (byte order, not the collation's), so even a prefix that
    // half the table shares reads only its first rows from the index.
    return `(SELECT ${id} AS id, ${key} = $1 AS exact FROM ${table} WHERE ${match} ORDER BY ${key} USING ~<~ LIMIT $2)`;
  });
  return `WITH hits AS (
  ${branches.join('\n  UNION ALL ')}
), found AS (SELECT id, bool_or(exact) AS exact FROM hits GROUP BY id)
SELECT p.*, f.exact FROM found f JOIN payments p ON p.id = f.id
ORDER BY f.exact DESC, p.created_at DESC, p.id DESC LIMIT $2`;
}

/** The ids of the payments searchPayments would find (for searching refunds by payment). */
export async function searchPaymentIds(db: Queryable, q: string, limit = 1000): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM payments
      WHERE id = $1 OR stripe_payment_intent_id = $1 OR stripe_charge_id = $1 OR order_id = $1
         OR lower(customer_email) = lower($1)
      LIMIT $2`,
    [q.trim(), limit],
  );
  return rows.map((r) => r.id);
}

/**
 * Sums of refunded (succeeded at Stripe, or refunded another way after a failure) and in-flight
 * refunds; call inside the transaction that locked the payment.
 */
export async function paymentAmounts(db: Queryable, payment: Payment): Promise<PaymentAmounts> {
  const [row] = await db.query<{ refunded: string | number; in_flight: string | number }>(
    `SELECT
       COALESCE(SUM(amount) FILTER (WHERE status IN ('succeeded', 'refunded_another_way')), 0) AS refunded,
       COALESCE(SUM(amount) FILTER (WHERE status IN ('awaiting_approval', 'queued', 'pending', 'requires_action')), 0) AS in_flight
     FROM refunds WHERE payment_id = $1`,
    [payment.id],
  );
  const refunded = Number(row?.refunded ?? 0);
  const inFlight = Number(row?.in_flight ?? 0);
  return { refunded, inFlight, refundable: Math.max(0, payment.amount - refunded - inFlight) };
}

/** paymentAmounts for many payments in one query (search results, lists). */
export async function paymentAmountsMany(
  db: Queryable,
  payments: readonly Payment[],
): Promise<Map<string, PaymentAmounts>> {
  const out = new Map<string, PaymentAmounts>();
  if (payments.length === 0) return out;
  const rows = await db.query<{ payment_id: string; refunded: string | number; in_flight: string | number }>(
    `SELECT payment_id,
       COALESCE(SUM(amount) FILTER (WHERE status IN ('succeeded', 'refunded_another_way')), 0) AS refunded,
       COALESCE(SUM(amount) FILTER (WHERE status IN ('awaiting_approval', 'queued', 'pending', 'requires_action')), 0) AS in_flight
     FROM refunds WHERE payment_id = ANY($1) GROUP BY payment_id`,
    [payments.map((p) => p.id)],
  );
  const byId = new Map(rows.map((r) => [r.payment_id, r]));
  for (const p of payments) {
    const row = byId.get(p.id);
    const refunded = Number(row?.refunded ?? 0);
    const inFlight = Number(row?.in_flight ?? 0);
    out.set(p.id, { refunded, inFlight, refundable: Math.max(0, p.amount - refunded - inFlight) });
  }
  return out;
}

export function serializePayment(p: Payment, a: PaymentAmounts) {
  return {
    id: p.id,
    object: 'payment',
    stripe_payment_intent_id: p.stripePaymentIntentId,
    stripe_charge_id: p.stripeChargeId,
    order_id: p.orderId,
    customer_id: p.customerId,
    customer_email: p.customerEmail,
    amount: p.amount,
    currency: p.currency,
    captured_at: p.capturedAt.toISOString(),
    fraud_flagged: p.fraudFlagged,
    metadata: p.metadata,
    amount_captured: p.amount,
    amount_refunded: a.refunded,
    amount_in_flight: a.inFlight,
    amount_refundable: a.refundable,
    created_at: p.createdAt.toISOString(),
  };
}
