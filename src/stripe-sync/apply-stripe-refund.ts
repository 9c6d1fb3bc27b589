// Applying one observation of a Stripe refund to Refundry's database. Every path that learns what
// Stripe did (webhook, backfill, poller, reconciliation) goes through here, inside the caller's
// transaction: match the local refund (by Stripe id, else by Refundry's id in the metadata — an
// event can beat the worker's own commit), decide with the pure rule in observation.ts, and move
// the status only through transitionRefund. A refund Refundry never made is recorded as external
// against its payment, so the refundable amount stays right.
import type Stripe from 'stripe';
import type { Queryable } from '../db/db.ts';
import { enqueueRefundCreated } from '../notifications/outbox.ts';
import { releaseStripeRefunded } from '../payments/payments.ts';
import { fromStripeReason } from '../refunds/reasons.ts';
import { fromStripeStatus, type RefundStatus } from '../refunds/refund-states.ts';
import {
  type TransitionOutcome,
  type TransitionRequest,
  transitionRefund,
  transitionRefunds,
} from '../refunds/transition.ts';
import { REFUNDRY_METADATA_KEY } from '../stripe/gateway.ts';
import { decideObservation, laterOf } from './observation.ts';

export type SyncActor = 'webhook' | 'poller' | 'backfill' | 'reconciliation' | 'worker';

export interface ApplySource {
  actor: SyncActor;
  /** The Stripe event (evt_…) this observation came from, if any. */
  eventId?: string | undefined;
  /** Stripe-side time of the observation: an event's `created`, or the moment of a fetch. */
  observedAt: Date;
}

export interface ApplyOutcome {
  /**
   * `transfer_reversal`: a refund Stripe made on a connected account's payment (py_…) to mirror a
   * transfer reversal (it carries `source_transfer_reversal`): not a customer's refund, nothing to do.
   */
  kind:
    | 'applied'
    | 'noop'
    | 'stale'
    | 'illegal'
    | 'external_recorded'
    | 'unknown_payment'
    | 'transfer_reversal';
  refundId?: string;
  from?: RefundStatus;
  to?: RefundStatus;
}

interface LocalRow {
  id: string;
  payment_id: string;
  amount: number | string;
  status: RefundStatus;
  stripe_refund_id: string | null;
  stripe_observed_at: Date | null;
  sent_at: Date | null;
  transfer_reversal_id: string | null;
  transfer_reversed: number | string | null;
}

/** The refund's columns an observation reads (as LocalRow), and the same of `r`. */
const LOCAL_COLUMN_NAMES = [
  'id',
  'payment_id',
  'amount',
  'status',
  'stripe_refund_id',
  'stripe_observed_at',
  'sent_at',
  'transfer_reversal_id',
  'transfer_reversed',
];
const LOCAL_COLUMNS = LOCAL_COLUMN_NAMES.join(', ');
const LOCAL_COLUMNS_OF_R = LOCAL_COLUMN_NAMES.map((c) => `r.${c}`).join(', ');

/** Statuses in which Stripe counts a refund in its charge's amount_refunded. */
const COUNTED_AT_STRIPE: ReadonlySet<RefundStatus | null | undefined> = new Set([
  'pending',
  'requires_action',
  'succeeded',
]);

const idOf = (v: string | { id: string } | null | undefined): string | null =>
  !v ? null : typeof v === 'string' ? v : v.id;

/**
 * Observations applied together in one transaction (the event applier's batch): the local refunds
 * are locked and read in one statement before the first is applied (lockRefundsForBatch), and what
 * an observation records without moving the status (Stripe id, sent_at, the time observed) is
 * written for all of them in one statement at the end (flushObservations). Kept in step with what
 * each observation changes, so later observations of the same refund in the batch see it.
 */
export interface RefundBatch {
  /** Locked local refunds by the Stripe refund id the events carry. */
  readonly byStripeId: Map<string, LocalRow>;
  /** Bookkeeping still to write, by local refund id. */
  readonly observed: Map<
    string,
    { stripeRefundId: string; at: Date; transferReversalId: string | null; transferReversed: number | null }
  >;
  /** Status moves still to write, in the order decided. */
  readonly moves: TransitionRequest[];
}

export async function applyStripeRefund(
  tx: Queryable,
  refund: Stripe.Refund,
  source: ApplySource,
  batch?: RefundBatch,
): Promise<ApplyOutcome> {
  if (isTransferReversalRefund(refund)) return { kind: 'transfer_reversal' };
  const seen = fromStripeStatus(refund.status);
  // A refund the batch did not find up front (an external one recorded earlier in this batch) is
  // looked up as alone.
  const local = batch?.byStripeId.get(refund.id) ?? (await findLocal(tx, refund));
  if (!local) return recordExternal(tx, refund, seen ?? 'pending', source);
  if (!seen) return { kind: 'noop', refundId: local.id, from: local.status };

  const decision = decideObservation(
    {
      status: local.status,
      stripeObservedAt: local.stripe_observed_at,
      fromStripe: local.stripe_refund_id !== null || local.stripe_observed_at !== null,
    },
    { status: seen, at: source.observedAt },
  );
  if (decision.kind === 'stale' || decision.kind === 'illegal') {
    return { kind: decision.kind, refundId: local.id, from: decision.from, to: decision.to };
  }
  // The bookkeeping (Stripe id and sent_at: stored here too when an event beats the worker's commit,
  // the time observed), unless the observation only confirms what is stored (e.g. the worker's own
  // answer, of the same Stripe second): then the row is not written.
  const news = !addsNothing(local, refund, source.observedAt);
  if (news && batch) {
    const before = batch.observed.get(local.id);
    const [reversalId, reversed] = reversalOf(refund);
    batch.observed.set(local.id, {
      stripeRefundId: local.stripe_refund_id ?? refund.id,
      at: laterOf(before?.at ?? null, source.observedAt),
      // The first one seen is kept, as COALESCE keeps it observation by observation.
      transferReversalId: before?.transferReversalId ?? reversalId,
      transferReversed: before?.transferReversed ?? reversed,
    });
    local.stripe_refund_id ??= refund.id;
    local.stripe_observed_at = laterOf(local.stripe_observed_at, source.observedAt);
    local.sent_at ??= new Date();
    local.transfer_reversal_id ??= reversalId;
    local.transfer_reversed ??= reversed;
    batch.byStripeId.set(refund.id, local);
  } else if (news) {
    await tx.query(
      `UPDATE refunds SET
         stripe_refund_id = COALESCE(stripe_refund_id, $2),
         sent_at = COALESCE(sent_at, now()),
         stripe_observed_at = GREATEST(stripe_observed_at, $3),
         last_news_at = now(),
         transfer_reversal_id = COALESCE(transfer_reversal_id, $4),
         transfer_reversed = COALESCE(transfer_reversed, $5)
       WHERE id = $1`,
      [local.id, refund.id, source.observedAt, ...reversalOf(refund)],
    );
  }
  if (decision.kind === 'noop') return { kind: 'noop', refundId: local.id, from: local.status };
  const request: TransitionRequest = {
    refundId: local.id,
    to: decision.to,
    actor: source.actor,
    reason: reasonFor(decision.to, source.actor),
    stripeRefundId: refund.id,
    stripeEventId: source.eventId ?? null,
    failureCode: decision.to === 'failed' ? (refund.failure_reason ?? 'unknown') : null,
    failureMessage: decision.to === 'failed' ? failureMessage(refund.failure_reason) : null,
  };
  // In a batch the row is locked and its status known here, so the move is decided as
  // transitionRefunds would decide it, and written with the batch's other moves (flushObservations).
  const moved: TransitionOutcome = batch
    ? { kind: 'applied', from: decision.from, to: decision.to }
    : await transitionRefund(tx, request);
  if (batch) batch.moves.push(request);
  if (moved.kind === 'applied') {
    local.status = moved.to;
    // Stripe had counted it in the charge's amount_refunded, and no longer does: the payment's
    // fact follows (no charge event says so).
    if ((moved.to === 'failed' || moved.to === 'canceled') && COUNTED_AT_STRIPE.has(moved.from)) {
      await releaseStripeRefunded(tx, local.payment_id, Number(local.amount), source.observedAt);
    }
    return { kind: 'applied', refundId: local.id, from: moved.from, to: moved.to };
  }
  if (moved.kind === 'illegal')
    return { kind: 'illegal', refundId: local.id, from: moved.from, to: moved.to };
  return { kind: 'noop', refundId: local.id, from: local.status };
}

/**
 * The batch's local refunds, locked in one statement in the order given (the applier's order, the
 * Stripe ids' — the order worker groups lock in, so the two never deadlock): each refund by its
 * Stripe id, else by Refundry's id in its metadata, as findLocal finds one.
 */
export async function lockRefundsForBatch(
  tx: Queryable,
  refunds: ReadonlyArray<Pick<Stripe.Refund, 'id' | 'metadata'>>,
): Promise<RefundBatch> {
  const unique = [...new Map(refunds.map((r) => [r.id, r])).values()];
  const batch: RefundBatch = { byStripeId: new Map(), observed: new Map(), moves: [] };
  if (unique.length === 0) return batch;
  const rows = await tx.query<LocalRow & { sid: string }>(
    // `r.id = ANY(…)` makes the rows be found through the primary key: joined on the expression
    // alone, the planner (PGlite never analyzes) hashes a scan of every refund.
    `WITH w AS (
       SELECT u.sid, u.ord, COALESCE((SELECT id FROM refunds WHERE stripe_refund_id = u.sid), u.rid) AS id
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(sid, rid, ord)
     )
     SELECT w.sid, ${LOCAL_COLUMNS_OF_R}
     FROM refunds r JOIN w ON w.id = r.id
     WHERE r.id = ANY(ARRAY(SELECT id FROM w))
     ORDER BY w.ord FOR UPDATE OF r`,
    [unique.map((r) => r.id), unique.map((r) => r.metadata?.[REFUNDRY_METADATA_KEY] ?? null)],
  );
  for (const { sid, ...row } of rows) {
    // Carrying our id but another Stripe refund already stored: not this one (see findLocal).
    if (row.stripe_refund_id === null || row.stripe_refund_id === sid) batch.byStripeId.set(sid, row);
  }
  return batch;
}

/**
 * Writes the batch's status moves (transitionRefunds: three statements for all of them, a refund
 * moved twice moving in order) and its bookkeeping (Stripe id, sent_at, time observed) in one.
 */
export async function flushObservations(tx: Queryable, batch: RefundBatch): Promise<void> {
  if (batch.moves.length > 0) await transitionRefunds(tx, batch.moves.splice(0));
  if (batch.observed.size === 0) return;
  await tx.query(
    `UPDATE refunds r SET
       stripe_refund_id = COALESCE(r.stripe_refund_id, v.sid),
       sent_at = COALESCE(r.sent_at, now()),
       stripe_observed_at = GREATEST(r.stripe_observed_at, v.at),
       last_news_at = now(),
       transfer_reversal_id = COALESCE(r.transfer_reversal_id, v.trid),
       transfer_reversed = COALESCE(r.transfer_reversed, v.tramt)
     FROM jsonb_to_recordset($1::jsonb) AS v(id text, sid text, at timestamptz, trid text, tramt bigint)
     WHERE r.id = v.id AND r.id = ANY($2::text[])`,
    [
      JSON.stringify(
        [...batch.observed].map(([id, o]) => ({
          id,
          sid: o.stripeRefundId,
          at: o.at,
          trid: o.transferReversalId,
          tramt: o.transferReversed,
        })),
      ),
      [...batch.observed.keys()],
    ],
  );
  batch.observed.clear();
}

/**
 * Whether an observation would change none of the refund's bookkeeping: its Stripe id, sent_at and
 * transfer reversal are stored, and the time observed is no later than the one stored (the worker
 * stores its answer's, the refund's creation; an event of that same second tells nothing newer).
 */
function addsNothing(local: LocalRow, refund: Stripe.Refund, at: Date): boolean {
  const [reversalId, reversed] = reversalOf(refund);
  return (
    local.stripe_refund_id === refund.id &&
    local.sent_at !== null &&
    local.stripe_observed_at !== null &&
    at.getTime() <= new Date(local.stripe_observed_at).getTime() &&
    (reversalId === null || local.transfer_reversal_id !== null) &&
    (reversed === null || local.transfer_reversed !== null)
  );
}

/** A connected account's refund of a destination payment (py_…) made by a transfer reversal. */
export function isTransferReversalRefund(refund: Pick<Stripe.Refund, 'source_transfer_reversal'>): boolean {
  return refund.source_transfer_reversal !== null && refund.source_transfer_reversal !== undefined;
}

/** The transfer reversal a refund made: its id, and its amount when expanded. */
function reversalOf(refund: Stripe.Refund): [string | null, number | null] {
  const r = refund.transfer_reversal;
  if (!r) return [null, null];
  return typeof r === 'string' ? [r, null] : [r.id, r.amount];
}

/** The local refund, locked: by Stripe id, else by Refundry's id in the metadata (id not stored yet). */
async function findLocal(tx: Queryable, refund: Stripe.Refund): Promise<LocalRow | undefined> {
  const [byStripeId] = await tx.query<LocalRow>(
    `SELECT ${LOCAL_COLUMNS} FROM refunds WHERE stripe_refund_id = $1 FOR UPDATE`,
    [refund.id],
  );
  if (byStripeId) return byStripeId;
  const refundryId = refund.metadata?.[REFUNDRY_METADATA_KEY];
  if (!refundryId) return undefined;
  const [byMetadata] = await tx.query<LocalRow>(
    `SELECT ${LOCAL_COLUMNS} FROM refunds WHERE id = $1 FOR UPDATE`,
    [refundryId],
  );
  // Carrying our id but another Stripe refund already stored: a second Stripe refund for one of
  // ours (never made by Refundry's workers). It is recorded as external so the money is counted.
  if (!byMetadata || (byMetadata.stripe_refund_id !== null && byMetadata.stripe_refund_id !== refund.id)) {
    return undefined;
  }
  return byMetadata;
}

async function recordExternal(
  tx: Queryable,
  refund: Stripe.Refund,
  status: RefundStatus,
  source: ApplySource,
): Promise<ApplyOutcome> {
  const paymentIntent = idOf(refund.payment_intent);
  const charge = idOf(refund.charge);
  const [payment] = await tx.query<{ id: string }>(
    // Locked like a refund request locks it, so the amounts summed there include this one.
    `SELECT id FROM payments
     WHERE ($1::text IS NOT NULL AND stripe_payment_intent_id = $1) OR ($2::text IS NOT NULL AND stripe_charge_id = $2)
     ORDER BY id LIMIT 1 FOR UPDATE`,
    [paymentIntent, charge],
  );
  if (!payment) return { kind: 'unknown_payment' };
  const id = `rf_ext_${refund.id}`;
  const final = status === 'succeeded' || status === 'failed' || status === 'canceled';
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO refunds (id, payment_id, amount, currency, reason, note, metadata, status, origin, requested_by,
       stripe_idempotency_key, stripe_refund_id, failure_code, failure_message, sent_at, final_at, stripe_observed_at,
       reverse_transfer, transfer_reversal_id, transfer_reversed)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'external', 'stripe', $9, $10, $11, $12, $13, $14, $15,
       $16::text IS NOT NULL, $16, $17)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      id,
      payment.id,
      refund.amount,
      refund.currency,
      fromStripeReason(refund.reason),
      'Refund made directly in Stripe',
      JSON.stringify(refund.metadata ?? {}),
      status,
      `external_${refund.id}`,
      refund.id,
      status === 'failed' ? (refund.failure_reason ?? 'unknown') : null,
      status === 'failed' ? failureMessage(refund.failure_reason) : null,
      new Date(refund.created * 1000),
      final ? new Date() : null,
      source.observedAt,
      ...reversalOf(refund),
    ],
  );
  // Another transaction recorded it first (a duplicate event): nothing more to do.
  if (!inserted[0]) return { kind: 'noop' };
  await tx.query(
    `INSERT INTO refund_history (refund_id, from_status, to_status, actor, reason, stripe_refund_id, stripe_event_id)
     VALUES ($1, NULL, $2, $3, 'made directly in Stripe', $4, $5)`,
    [id, status, source.actor, refund.id, source.eventId ?? null],
  );
  // Merchants hear of it like any other refund; the customer gets no email from us for a refund
  // someone else made.
  await enqueueRefundCreated(tx, id);
  return { kind: 'external_recorded', refundId: id, to: status };
}

function reasonFor(to: RefundStatus, actor: SyncActor): string {
  const by = actor === 'webhook' ? 'Stripe event' : actor === 'backfill' ? 'Stripe event (backfill)' : actor;
  return to === 'failed' ? `failed at Stripe (${by})` : `${to} at Stripe (${by})`;
}

function failureMessage(reason: string | null | undefined): string {
  switch (reason) {
    case 'expired_or_canceled_card':
      return 'The card was expired or canceled; the money could not be returned to it.';
    case 'lost_or_stolen_card':
      return 'The card was reported lost or stolen; the money could not be returned to it.';
    case 'declined':
      return "The customer's bank declined the refund.";
    case 'insufficient_funds':
      return 'The refund failed for insufficient funds.';
    default:
      return `Stripe reported the refund failed${reason ? ` (${reason})` : ''}.`;
  }
}
