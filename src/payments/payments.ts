// Payments Refundry knows about, and what is refunded, in flight and still refundable on each.

import { applyConnectFacts } from '../connect/payment-facts.ts';
import type { Queryable } from '../db/db.ts';
import { type Cursor, cursorExists, type KeysetPlan, keysetPlan, toPage } from '../db/keyset.ts';
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
  /** Stripe Connect facts (src/connect/payment-facts.ts): account, application fee, transfer. */
  connect: PaymentConnect;
}

/** A payment's Connect facts as stored: read from Stripe and refreshed by its events. */
export interface PaymentConnect {
  /** The connected account a direct charge lives on (sent as Stripe-Account); null: the platform. */
  stripeAccount: string | null;
  /** The connected account the payment is for: a direct charge's account or a transfer's destination. */
  connectedAccount: string | null;
  applicationFee: { id: string; amount: number; refunded: number } | null;
  transfer: { id: string; destination: string; amount: number; reversed: number } | null;
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
  stripe_account: string | null;
  connected_account: string | null;
  application_fee_id: string | null;
  application_fee_amount: number | string | null;
  application_fee_refunded: number | string;
  transfer_id: string | null;
  transfer_destination: string | null;
  transfer_amount: number | string | null;
  transfer_reversed: number | string;
}

function toConnect(r: PaymentRow): PaymentConnect {
  return {
    stripeAccount: r.stripe_account ?? null,
    connectedAccount: r.connected_account ?? null,
    applicationFee: r.application_fee_id
      ? {
          id: r.application_fee_id,
          amount: Number(r.application_fee_amount ?? 0),
          refunded: Number(r.application_fee_refunded ?? 0),
        }
      : null,
    transfer:
      r.transfer_id && r.transfer_destination
        ? {
            id: r.transfer_id,
            destination: r.transfer_destination,
            amount: Number(r.transfer_amount ?? 0),
            reversed: Number(r.transfer_reversed ?? 0),
          }
        : null,
  };
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
    connect: toConnect(r),
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

/** Registers a payment as Stripe describes it, with its Connect facts (account, fee, transfer). */
export async function registerFromStripe(
  db: Queryable,
  p: StripePayment,
): Promise<{ payment: Payment; created: boolean }> {
  const registered = await registerPaymentFacts(db, p);
  return { payment: await withConnectFacts(db, registered.payment, p), created: registered.created };
}

/**
 * Stores what Stripe says of a registered payment's Connect side (src/connect/payment-facts.ts) and
 * returns the payment as stored then. Platform payments with nothing of Connect cost no statement.
 */
export async function withConnectFacts(db: Queryable, payment: Payment, p: StripePayment): Promise<Payment> {
  const c = p.connect;
  if (!c || (!c.account && !c.applicationFee && !c.transfer)) return payment;
  await applyConnectFacts(db, payment.id, c);
  return (await getPayment(db, payment.id)) ?? payment;
}

function registerPaymentFacts(
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

/** The searched columns, each with a lower() text_pattern_ops index (migration 010b). */
const PAYMENT_FIELDS = [
  'id',
  'stripe_payment_intent_id',
  'stripe_charge_id',
  'order_id',
  'customer_id',
  'customer_email',
];
const REFUND_FIELDS = ['id', 'stripe_refund_id'];

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

/** 'exact': a field equals the term; 'prefix': a field starts with it (any case, both). */
export type SearchMode = 'exact' | 'prefix';

/**
 * One page of a search as SQL: $1 the lowercased term, $2 the page size + 1, $3 (prefix) the
 * term's upper bound, then the cursor. Two branches, each newest first and limited: the payments
 * whose own fields match (an OR of index lookups or ranges) and the payments one of whose refunds
 * matches (rf_, re_); their union, newest first, is the page, with exact cursors (db/keyset.ts).
 */
export function searchQuery(
  term: string,
  mode: SearchMode,
  page: { limit: number } & Cursor,
  /** Only payments of this connected account (acct_…), or 'platform' for the platform's own. */
  account?: string,
): { sql: string; params: unknown[]; plan: KeysetPlan } {
  const params: unknown[] = [term, page.limit + 1];
  if (mode === 'prefix') params.push(prefixUpperBound(term) ?? term);
  const plan = keysetPlan('payments', 'p', page, params);
  const match = (column: string) =>
    mode === 'prefix' ? `(lower(${column}) ~>=~ $1 AND lower(${column}) ~<~ $3)` : `lower(${column}) = $1`;
  const keyset = `${plan.where ? ` AND ${plan.where}` : ''}${accountCondition(account, params)}`;
  const own = PAYMENT_FIELDS.map((c) => match(`p.${c}`)).join(' OR ');
  const viaRefund = REFUND_FIELDS.map((c) => match(`r.${c}`)).join(' OR ');
  const sql = `WITH hit AS (
  (SELECT p.id FROM payments p WHERE (${own})${keyset} ORDER BY ${plan.orderBy} LIMIT $2)
  UNION
  (SELECT p.id FROM payments p
    WHERE EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id AND (${viaRefund}))${keyset}
    ORDER BY ${plan.orderBy} LIMIT $2)
)
SELECT p.* FROM hit JOIN payments p ON p.id = hit.id ORDER BY ${plan.orderBy} LIMIT $2`;
  return { sql, params, plan };
}

/**
 * Payments matching what a support agent typed, as Stripe's dashboard search does: a payment's
 * Refundry id, Stripe payment intent or charge id, order id, customer id or email, or a refund's
 * Refundry or Stripe id, in any case. When a field equals the text, those payments are the
 * answer (an order id that also starts a longer one finds itself); otherwise, from three
 * characters on, every payment with a field that starts with it. Newest first, a page at a time
 * (exact cursors: src/db/keyset.ts); undefined when the cursor names no payment. Every field is
 * an index lookup or range (migration 010b; test/payments/search-plan.test.ts shows the plans).
 */
export async function searchPayments(
  db: Queryable,
  q: string,
  page: { limit: number } & Cursor = { limit: 50 },
  /** Only payments of this connected account (acct_…), or 'platform' for the platform's own. */
  account?: string,
): Promise<{ data: Payment[]; hasMore: boolean } | undefined> {
  const term = q.trim().toLowerCase();
  if (!term) return { data: [], hasMore: false };
  const mode: SearchMode =
    term.length < MIN_PREFIX || prefixUpperBound(term) === undefined || (await hasExactMatch(db, term))
      ? 'exact'
      : 'prefix';
  const { sql, params, plan } = searchQuery(term, mode, page, account);
  const rows = await db.query<PaymentRow>(sql, params);
  if (rows.length === 0 && !(await cursorExists(db, 'payments', page))) return undefined;
  const result = toPage(rows, page.limit, plan);
  return { data: result.data.map(toPayment), hasMore: result.hasMore };
}

/** Whether any searched field equals the (lowercased) term: a handful of index lookups. */
async function hasExactMatch(db: Queryable, term: string): Promise<boolean> {
  const [row] = await db.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM payments p WHERE ${PAYMENT_FIELDS.map((c) => `lower(p.${c}) = $1`).join(' OR ')})
         OR EXISTS (SELECT 1 FROM refunds r WHERE ${REFUND_FIELDS.map((c) => `lower(r.${c}) = $1`).join(' OR ')})
       AS found`,
    [term],
  );
  return row?.found === true;
}

/** `AND …` narrowing payments `p` to one account ('platform': the platform's own), or nothing. */
function accountCondition(account: string | undefined, params: unknown[]): string {
  if (account === undefined) return '';
  if (account === 'platform') return ' AND p.connected_account IS NULL';
  params.push(account);
  return ` AND p.connected_account = $${params.length}`;
}

/** A connected account's payments (made on it or transferred to it), newest first, a page at a time. */
export async function listAccountPayments(
  db: Queryable,
  account: string,
  page: { limit: number } & Cursor,
): Promise<{ data: Payment[]; hasMore: boolean } | undefined> {
  const params: unknown[] = [page.limit + 1];
  const condition = accountCondition(account, params);
  const plan = keysetPlan('payments', 'p', page, params);
  const rows = await db.query<PaymentRow>(
    `SELECT * FROM payments p WHERE true ${condition} ${plan.where ? `AND ${plan.where}` : ''}
      ORDER BY ${plan.orderBy} LIMIT $1`,
    params,
  );
  if (rows.length === 0 && !(await cursorExists(db, 'payments', page))) return undefined;
  const result = toPage(rows, page.limit, plan);
  return { data: result.data.map(toPayment), hasMore: result.hasMore };
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
    ...serializePaymentConnect(p.connect),
  };
}

/** The Connect facts of a payment in the API: all null for the platform's own payments. */
export function serializePaymentConnect(c: PaymentConnect) {
  return {
    // 'platform' (the platform's own charge), 'destination' (a destination charge: the platform's
    // charge, transferred to the connected account) or 'direct' (made on the connected account).
    charge_type: c.stripeAccount ? 'direct' : c.transfer ? 'destination' : 'platform',
    stripe_account: c.stripeAccount,
    connected_account: c.connectedAccount,
    application_fee: c.applicationFee
      ? {
          id: c.applicationFee.id,
          amount: c.applicationFee.amount,
          amount_refunded: c.applicationFee.refunded,
        }
      : null,
    transfer: c.transfer
      ? {
          id: c.transfer.id,
          destination: c.transfer.destination,
          amount: c.transfer.amount,
          amount_reversed: c.transfer.reversed,
        }
      : null,
  };
}
