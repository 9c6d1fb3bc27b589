// Payments Refundry knows about, and what is refunded, in flight and still refundable on each.

import { applyConnectFacts } from '../connect/payment-facts.ts';
import { PLAN_EACH_CALL, type Queryable } from '../db/db.ts';
import { type Cursor, cursorExists, type KeysetPlan, keysetPlan, readPage, toPage } from '../db/keyset.ts';
import { fieldsOf } from '../db/row-fields.ts';
import { newId } from '../shared/ids.ts';
import { isoOrNull } from '../shared/iso-time.ts';
import type { StripePayment } from '../stripe/gateway.ts';

export interface Payment {
  id: string;
  stripePaymentIntentId: string | null;
  stripeChargeId: string | null;
  // The merchant's facts: given by the caller when it registers the payment.
  orderId: string | null;
  /** The merchant's own customer reference. */
  customerId: string | null;
  customerEmail: string | null;
  fraudFlagged: boolean;
  metadata: Record<string, unknown>;
  // Stripe's facts: read from Stripe, refreshed by its events, never taken from a caller.
  amount: number;
  currency: string;
  capturedAt: Date;
  /** Stripe's customer (cus_…). */
  stripeCustomerId: string | null;
  /** What Stripe counts as refunded on the charge, refunds made outside Refundry included. */
  stripeAmountRefunded: number;
  disputed: boolean;
  /** When Stripe last told us these facts; null for payments registered before they came from Stripe. */
  stripeSyncedAt: Date | null;
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

/** The merchant's own facts about a payment; undefined leaves what is stored (or the default). */
export interface MerchantFacts {
  orderId?: string | undefined;
  customerId?: string | undefined;
  customerEmail?: string | undefined;
  fraudFlagged?: boolean | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export interface PaymentRow {
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
  stripe_customer_id: string | null;
  stripe_amount_refunded: number | string;
  disputed: boolean;
  stripe_synced_at: Date | null;
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
    ...fieldsOf(r, 'id', 'stripe_payment_intent_id', 'stripe_charge_id'),
    ...fieldsOf(r, 'order_id', 'customer_id', 'customer_email', 'fraud_flagged', 'metadata'),
    amount: Number(r.amount),
    ...fieldsOf(r, 'currency', 'captured_at', 'stripe_customer_id'),
    stripeAmountRefunded: Number(r.stripe_amount_refunded ?? 0),
    disputed: r.disputed ?? false,
    ...fieldsOf(r, 'stripe_synced_at', 'created_at'),
    connect: toConnect(r),
  };
}

export const isPaymentIntentId = (id: string) => id.startsWith('pi_');

/**
 * Registers a payment with the facts Stripe gave (`facts`, just read from Stripe) and the
 * merchant's own (`merchant`), or refreshes a payment already known by either Stripe id: Stripe's
 * facts replace what was stored, the merchant's facts given replace theirs. Returns created=true
 * for a new row. Only a captured payment can be registered (the caller checks `facts.captured`).
 */
export async function registerPayment(
  db: Queryable,
  facts: StripePayment,
  merchant: MerchantFacts = {},
  syncedAt: Date = new Date(),
): Promise<{ payment: Payment; created: boolean }> {
  if (!facts.paymentIntentId && !facts.chargeId) throw new Error('a Stripe payment needs an id');
  // Stripe's times are whole seconds: a reading made during a second is compared with that
  // second's events as their equal (the larger refunded sum wins, see applyChargeFacts).
  const readAt = new Date(Math.floor(syncedAt.getTime() / 1000) * 1000);
  const stripeFacts = [
    facts.amount,
    facts.currency.toLowerCase(),
    facts.capturedAt,
    facts.customerId,
    facts.amountRefunded,
    facts.disputed,
    readAt,
  ];
  const rows = await db.query<PaymentRow>(
    `INSERT INTO payments (id, stripe_payment_intent_id, stripe_charge_id, amount, currency, captured_at,
       stripe_customer_id, stripe_amount_refunded, disputed, stripe_synced_at,
       order_id, customer_id, customer_email, fraud_flagged, metadata)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT DO NOTHING RETURNING *`,
    [
      newId('pay'),
      facts.paymentIntentId,
      facts.chargeId,
      ...stripeFacts,
      merchant.orderId ?? facts.metadata.order_id ?? null,
      merchant.customerId ?? null,
      merchant.customerEmail ?? facts.customerEmail ?? null,
      merchant.fraudFlagged ?? false,
      JSON.stringify(merchant.metadata ?? facts.metadata),
    ],
  );
  if (rows[0]) return { payment: toPayment(rows[0]), created: true };
  // Known already: Stripe's facts are refreshed (an older reading never replaces a newer one), the
  // merchant's given facts replace theirs, and a Stripe id learnt now is filled in.
  const [updated] = await db.query<PaymentRow>(
    `UPDATE payments SET
       amount = $3, currency = $4, captured_at = $5, stripe_customer_id = $6,
       stripe_amount_refunded = CASE
         WHEN stripe_synced_at IS NULL OR stripe_synced_at < $9 THEN $7
         WHEN stripe_synced_at = $9 THEN GREATEST(stripe_amount_refunded, $7)
         ELSE stripe_amount_refunded END,
       disputed = disputed OR $8,
       stripe_synced_at = GREATEST(stripe_synced_at, $9),
       stripe_payment_intent_id = COALESCE(stripe_payment_intent_id,
         CASE WHEN NOT EXISTS (SELECT 1 FROM payments o WHERE o.stripe_payment_intent_id = $1) THEN $1 END),
       stripe_charge_id = COALESCE(stripe_charge_id,
         CASE WHEN NOT EXISTS (SELECT 1 FROM payments o WHERE o.stripe_charge_id = $2) THEN $2 END),
       order_id = COALESCE($10, order_id),
       customer_id = COALESCE($11, customer_id),
       customer_email = COALESCE($12, customer_email),
       fraud_flagged = COALESCE($13, fraud_flagged),
       metadata = COALESCE($14::jsonb, metadata)
     WHERE id = (SELECT id FROM payments WHERE stripe_payment_intent_id = $1 OR stripe_charge_id = $2
                 ORDER BY created_at, id LIMIT 1)
     RETURNING *`,
    [
      facts.paymentIntentId,
      facts.chargeId,
      ...stripeFacts,
      merchant.orderId ?? null,
      merchant.customerId ?? null,
      merchant.customerEmail ?? null,
      merchant.fraudFlagged ?? null,
      merchant.metadata ? JSON.stringify(merchant.metadata) : null,
    ],
  );
  if (!updated) {
    throw new Error(`payment insert conflicted but ${facts.paymentIntentId ?? facts.chargeId} is not found`);
  }
  return { payment: toPayment(updated), created: false };
}

/** Registers a payment Refundry learnt of from Stripe alone (a look-up, an event): no merchant facts. */
export async function registerFromStripe(
  db: Queryable,
  p: StripePayment,
): Promise<{ payment: Payment; created: boolean }> {
  const registered = await registerPayment(db, p);
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

/** A charge as a Stripe event carries it: the facts it refreshes. */
export interface ChargeFacts {
  chargeId: string;
  paymentIntentId: string | null;
  amountRefunded: number;
  disputed: boolean;
  customerId: string | null;
}

/**
 * Refreshes a known payment's Stripe facts from a charge event (charge.refunded, charge.updated)
 * observed at `observedAt`: an older observation than the one stored changes nothing, except that a
 * dispute, once seen, stays. Returns whether a payment was updated (false: unknown here, or stale).
 */
export async function applyChargeFacts(db: Queryable, c: ChargeFacts, observedAt: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE payments SET
       stripe_amount_refunded = CASE
         WHEN stripe_synced_at IS NULL OR stripe_synced_at < $3 THEN $4
         -- Two changes within one second of each other: the larger sum is the later (refunds add up).
         ELSE GREATEST(stripe_amount_refunded, $4) END,
       disputed = disputed OR $5,
       stripe_customer_id = COALESCE($6, stripe_customer_id),
       stripe_synced_at = GREATEST(stripe_synced_at, $3)
     WHERE (stripe_charge_id = $1 OR ($2::text IS NOT NULL AND stripe_payment_intent_id = $2))
       AND (stripe_synced_at IS NULL OR stripe_synced_at <= $3)
     RETURNING id`,
    [c.chargeId, c.paymentIntentId, observedAt, c.amountRefunded, c.disputed, c.customerId],
  );
  return rows.length > 0;
}

/**
 * A dispute was opened (or changed) on a charge: the payment is disputed from now on, unless the
 * dispute leaves the charge refundable (an inquiry Stripe still lets you refund).
 */
export async function applyDisputeFacts(
  db: Queryable,
  d: { chargeId: string | null; paymentIntentId: string | null; chargeRefundable: boolean },
): Promise<boolean> {
  if (d.chargeRefundable) return false;
  const rows = await db.query(
    `UPDATE payments SET disputed = true
     WHERE ($1::text IS NOT NULL AND stripe_charge_id = $1) OR ($2::text IS NOT NULL AND stripe_payment_intent_id = $2)
     RETURNING id`,
    [d.chargeId, d.paymentIntentId],
  );
  return rows.length > 0;
}

/**
 * A refund Stripe had counted failed or was canceled, observed at `observedAt`: its amount is no
 * longer refunded at Stripe either (the charge's amount_refunded drops; no charge event says so).
 */
export async function releaseStripeRefunded(
  db: Queryable,
  paymentId: string,
  amount: number,
  observedAt: Date,
): Promise<void> {
  await db.query(
    `UPDATE payments SET stripe_amount_refunded = GREATEST(0, stripe_amount_refunded - $2),
       stripe_synced_at = GREATEST(stripe_synced_at, $3)
     WHERE id = $1`,
    [paymentId, amount, observedAt],
  );
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
  const narrowed = [plan.where, accountCondition(account, params)].filter((c) => c !== undefined);
  const keyset = narrowed.map((c) => ` AND ${c}`).join('');
  const own = PAYMENT_FIELDS.map((c) => match(`p.${c}`)).join(' OR ');
  const viaRefund = REFUND_FIELDS.map((c) => match(`r.${c}`)).join(' OR ');
  const sql = `${PLAN_EACH_CALL} WITH hit AS (
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

/** The condition narrowing payments `p` to one account ('platform': the platform's own), if one. */
function accountCondition(account: string | undefined, params: unknown[]): string | undefined {
  if (account === undefined) return undefined;
  if (account === 'platform') return 'p.connected_account IS NULL';
  params.push(account);
  return `p.connected_account = $${params.length}`;
}

/** A connected account's payments (made on it or transferred to it), newest first, a page at a time. */
export async function listAccountPayments(
  db: Queryable,
  account: string,
  page: { limit: number } & Cursor,
): Promise<{ data: Payment[]; hasMore: boolean } | undefined> {
  const params: unknown[] = [];
  const where = [accountCondition(account, params)!];
  const result = await readPage<PaymentRow>(
    db,
    { table: 'payments', alias: 'p', columns: '*', where, params },
    page,
  );
  return result && { data: result.data.map(toPayment), hasMore: result.hasMore };
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
 * What is refunded, in flight and still refundable; call inside the transaction that locked the
 * payment. Refundry's own refunds are summed; Stripe's `amount_refunded` is a floor under them, so
 * refunds Refundry has not recorded (made in Stripe before the payment was registered, or whose
 * event is still on its way) count too. Money returned outside Stripe after a failure
 * (refunded_another_way) is never in Stripe's sum and is added:
 *   refunded   = max(succeeded here, Stripe's refunded − sent here and still pending at Stripe)
 *                + refunded another way
 *   in flight  = awaiting approval + queued + pending + requires action
 *   refundable = captured − refunded − in flight
 */
export async function paymentAmounts(db: Queryable, payment: Payment): Promise<PaymentAmounts> {
  const [row] = await db.query<{
    succeeded: string | number;
    another_way: string | number;
    sent: string | number;
    unsent: string | number;
  }>(
    `SELECT
       COALESCE(SUM(amount) FILTER (WHERE status = 'succeeded'), 0) AS succeeded,
       COALESCE(SUM(amount) FILTER (WHERE status = 'refunded_another_way'), 0) AS another_way,
       COALESCE(SUM(amount) FILTER (WHERE status IN ('pending', 'requires_action')), 0) AS sent,
       COALESCE(SUM(amount) FILTER (WHERE status IN ('awaiting_approval', 'queued')), 0) AS unsent
     FROM refunds WHERE payment_id = $1`,
    [payment.id],
  );
  return amountsFrom(payment, {
    succeeded: Number(row?.succeeded ?? 0),
    anotherWay: Number(row?.another_way ?? 0),
    sent: Number(row?.sent ?? 0),
    unsent: Number(row?.unsent ?? 0),
  });
}

/** The arithmetic of paymentAmounts, pure. */
export function amountsFrom(
  payment: Pick<Payment, 'amount' | 'stripeAmountRefunded'>,
  sums: { succeeded: number; anotherWay?: number; sent: number; unsent: number },
): PaymentAmounts {
  const refunded =
    Math.max(sums.succeeded, payment.stripeAmountRefunded - sums.sent) + (sums.anotherWay ?? 0);
  const inFlight = sums.sent + sums.unsent;
  return { refunded, inFlight, refundable: Math.max(0, payment.amount - refunded - inFlight) };
}

/** A payment locked for a refund request, with what is committed against it (migration 013). */
export interface LockedPayment extends Payment {
  /** Refunds succeeded or in flight, as the last committed writer left it (exact under the lock). */
  committedAmount: number;
}

/** A payments row read with FOR UPDATE (`SELECT *`, committed_amount included) as a LockedPayment. */
export function lockedPaymentFromRow(row: LockedPaymentRow): LockedPayment {
  return { ...toPayment(row), committedAmount: Number(row.committed_amount) };
}

export type LockedPaymentRow = PaymentRow & { committed_amount: number | string };

/** paymentAmounts for many payments in one query (search results, lists). */
export async function paymentAmountsMany(
  db: Queryable,
  payments: readonly Payment[],
): Promise<Map<string, PaymentAmounts>> {
  const out = new Map<string, PaymentAmounts>();
  if (payments.length === 0) return out;
  const rows = await db.query<{
    payment_id: string;
    succeeded: string | number;
    another_way: string | number;
    sent: string | number;
    unsent: string | number;
  }>(
    `SELECT payment_id,
       COALESCE(SUM(amount) FILTER (WHERE status = 'succeeded'), 0) AS succeeded,
       COALESCE(SUM(amount) FILTER (WHERE status = 'refunded_another_way'), 0) AS another_way,
       COALESCE(SUM(amount) FILTER (WHERE status IN ('pending', 'requires_action')), 0) AS sent,
       COALESCE(SUM(amount) FILTER (WHERE status IN ('awaiting_approval', 'queued')), 0) AS unsent
     FROM refunds WHERE payment_id = ANY($1) GROUP BY payment_id`,
    [payments.map((p) => p.id)],
  );
  const byId = new Map(rows.map((r) => [r.payment_id, r]));
  for (const p of payments) {
    const row = byId.get(p.id);
    out.set(
      p.id,
      amountsFrom(p, {
        succeeded: Number(row?.succeeded ?? 0),
        anotherWay: Number(row?.another_way ?? 0),
        sent: Number(row?.sent ?? 0),
        unsent: Number(row?.unsent ?? 0),
      }),
    );
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
    fraud_flagged: p.fraudFlagged,
    metadata: p.metadata,
    // From Stripe:
    amount: p.amount,
    currency: p.currency,
    captured_at: p.capturedAt.toISOString(),
    stripe_customer_id: p.stripeCustomerId,
    stripe_amount_refunded: p.stripeAmountRefunded,
    disputed: p.disputed,
    stripe_synced_at: isoOrNull(p.stripeSyncedAt),
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
