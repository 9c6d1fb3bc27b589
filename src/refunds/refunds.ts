// Reading refunds: one with its history, lists with filters and cursor pagination, and the
// operator actions that change a refund before it is sent (cancel, approve, reject).
import { type ActorInfo, actorFields } from '../auth/actor-names.ts';
import type { PolicySettings } from '../config.ts';
import { conditions } from '../db/conditions.ts';
import type { Db, Queryable } from '../db/db.ts';
import { readPage, unknownCursor } from '../db/keyset.ts';
import { ApiError } from '../http/http-error.ts';
import { searchPaymentIds } from '../payments/payments.ts';
import { loadPolicySettings } from '../policy/policy-settings.ts';
import { isoOrNull } from '../shared/iso-time.ts';
import type { RefundStatus } from './refund-states.ts';
import { transitionRefund } from './transition.ts';

export interface Refund {
  id: string;
  payment_id: string;
  amount: number;
  currency: string;
  reason: string;
  note: string | null;
  metadata: Record<string, unknown>;
  status: RefundStatus;
  origin: 'refundry' | 'external';
  requested_by: string;
  customer_token: string | null;
  stripe_refund_id: string | null;
  failure_code: string | null;
  failure_message: string | null;
  attempts: number;
  approved_by: string | null;
  approved_at: Date | null;
  /** "Try again": the failed refund this one retries. */
  retry_of: string | null;
  lease_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  final_at: Date | null;
  // Stripe Connect: what the refund asked (decided at acceptance) and what Stripe did.
  reverse_transfer: boolean;
  refund_application_fee: boolean;
  transfer_reversal_id: string | null;
  transfer_reversed: number | null;
  fee_refund_id: string | null;
  fee_refunded: number | null;
  /** Why it waited (or waits) for an approver, as decided at acceptance (ApprovalReason). */
  approval_reasons: string[];
}

export interface HistoryEntry {
  from_status: string | null;
  to_status: string;
  actor: string;
  reason: string | null;
  stripe_refund_id: string | null;
  stripe_event_id: string | null;
  at: Date;
}

/** Every column of a Refund, for SELECT and RETURNING lists. */
export const REFUND_COLUMNS = `id, payment_id, amount, currency, reason, note, metadata, status, origin, requested_by,
  customer_token, stripe_refund_id, failure_code, failure_message, attempts, approved_by, approved_at,
  retry_of, lease_expires_at, created_at, updated_at, sent_at, final_at, reverse_transfer, refund_application_fee,
  transfer_reversal_id, transfer_reversed, fee_refund_id, fee_refunded, approval_reasons`;

/** Bigint columns come back as strings from PostgreSQL: numbers here. */
export function refundFromRow<T extends Refund>(row: T): T {
  return {
    ...row,
    amount: Number(row.amount),
    transfer_reversed: row.transfer_reversed == null ? null : Number(row.transfer_reversed),
    fee_refunded: row.fee_refunded == null ? null : Number(row.fee_refunded),
  };
}

export async function getRefund(db: Queryable, id: string, forUpdate = false): Promise<Refund | undefined> {
  const [row] = await db.query<Refund>(
    `SELECT ${REFUND_COLUMNS} FROM refunds WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row ? refundFromRow(row) : undefined;
}

export async function refundHistory(db: Queryable, id: string): Promise<HistoryEntry[]> {
  return db.query<HistoryEntry>(
    'SELECT from_status, to_status, actor, reason, stripe_refund_id, stripe_event_id, at FROM refund_history WHERE refund_id = $1 ORDER BY id',
    [id],
  );
}

export interface RefundFilters {
  status?: RefundStatus | undefined;
  reason?: string | undefined;
  /** true: awaiting approval only; false: everything else. */
  needsApproval?: boolean | undefined;
  /** true: failed only; false: everything else. */
  failed?: boolean | undefined;
  /** A refund id, Stripe refund id, order id, customer email, payment id or Stripe payment id. */
  q?: string | undefined;
  paymentId?: string | undefined;
  orderId?: string | undefined;
  customerId?: string | undefined;
  /** A connected account (acct_…: payments made on or for it), or 'platform' (the platform's own). */
  account?: string | undefined;
  createdGte?: Date | undefined;
  createdLte?: Date | undefined;
  limit: number;
  /** The last id of the previous page: the next, older page. */
  startingAfter?: string | undefined;
  /** The first id of the page after: the page just newer than it (still newest first). */
  endingBefore?: string | undefined;
}

/** Newest first, a page at a time (exact cursors: src/db/keyset.ts). */
export async function listRefunds(
  db: Queryable,
  f: RefundFilters,
): Promise<{ data: Refund[]; hasMore: boolean }> {
  const { where, params, add } = conditions();
  if (f.status) add('r.status = ?', f.status);
  if (f.reason) add('r.reason = ?', f.reason);
  if (f.needsApproval !== undefined)
    add(f.needsApproval ? 'r.status = ?' : 'r.status <> ?', 'awaiting_approval');
  if (f.failed !== undefined) add(f.failed ? 'r.status = ?' : 'r.status <> ?', 'failed');
  if (f.q) {
    // Payments first (each a unique or indexed column), so the refund search stays index probes.
    const paymentIds = await searchPaymentIds(db, f.q);
    params.push(f.q, paymentIds);
    where.push(
      `(r.id = $${params.length - 1} OR r.stripe_refund_id = $${params.length - 1} OR r.payment_id = ANY($${params.length}))`,
    );
  }
  if (f.paymentId) add('r.payment_id = ?', f.paymentId);
  if (f.orderId) add('p.order_id = ?', f.orderId);
  if (f.customerId) add('p.customer_id = ?', f.customerId);
  if (f.account === 'platform') where.push('p.connected_account IS NULL');
  else if (f.account) add('p.connected_account = ?', f.account);
  if (f.createdGte) add('r.created_at >= ?', f.createdGte);
  if (f.createdLte) add('r.created_at <= ?', f.createdLte);
  const cursor = { startingAfter: f.startingAfter, endingBefore: f.endingBefore };
  const page = await readPage<Refund>(
    db,
    {
      table: 'refunds',
      alias: 'r',
      columns: REFUND_COLUMNS.split(',')
        .map((c) => `r.${c.trim()}`)
        .join(', '),
      from: 'refunds r JOIN payments p ON p.id = r.payment_id',
      where,
      params,
    },
    { limit: f.limit, ...cursor },
  );
  if (!page) throw unknownCursor('refund', cursor);
  return { data: page.data.map(refundFromRow), hasMore: page.hasMore };
}

async function lockedRefund(tx: Queryable, id: string): Promise<Refund> {
  const refund = await getRefund(tx, id, true);
  if (!refund) throw new ApiError(404, 'not_found', `No refund with id '${id}'.`, 'id');
  return refund;
}

/** Cancels a refund not yet sent: awaiting approval, or queued and not held by a worker. */
export function cancelRefund(db: Db, id: string, actor: string, reason?: string): Promise<Refund> {
  return db.transaction(async (tx) => {
    const refund = await lockedRefund(tx, id);
    const leased = refund.lease_expires_at !== null && refund.lease_expires_at.getTime() > Date.now();
    const cancelable = refund.status === 'awaiting_approval' || (refund.status === 'queued' && !leased);
    if (!cancelable || refund.attempts > 0) {
      throw new ApiError(
        409,
        'not_cancelable',
        `Refund ${id} is ${refund.status}${leased ? ' and being sent' : ''}${refund.attempts > 0 ? ' and was already sent to Stripe' : ''}; only refunds not yet sent can be canceled.`,
        'id',
      );
    }
    await transitionRefund(tx, { refundId: id, to: 'canceled', actor, reason: reason ?? 'canceled' });
    return (await getRefund(tx, id))!;
  });
}

/**
 * Approves (queues for Stripe) or rejects a refund awaiting approval. Four eyes: whoever requested
 * it, person or key, cannot approve it (403 `self_approval_forbidden`) unless the policy settings
 * allow self-approval (one-person shops); rejecting your own request is always allowed.
 */
export function decideApproval(
  db: Db,
  decision: {
    id: string;
    actor: string;
    approve: boolean;
    reason?: string | undefined;
    /** The configured policy defaults (the stored settings apply over them). */
    policy: PolicySettings;
  },
): Promise<Refund> {
  const { id, actor, approve, reason } = decision;
  return db.transaction(async (tx) => {
    const refund = await lockedRefund(tx, id);
    if (refund.status !== 'awaiting_approval') {
      throw new ApiError(
        409,
        approve ? 'not_approvable' : 'not_rejectable',
        `Refund ${id} is ${refund.status}; only refunds awaiting approval can be ${approve ? 'approved' : 'rejected'}.`,
        'id',
      );
    }
    if (approve && refund.requested_by === actor) {
      const settings = await loadPolicySettings(tx, decision.policy);
      if (!settings.allowSelfApproval) {
        throw new ApiError(
          403,
          'self_approval_forbidden',
          `Refund ${id} was requested by you; someone else must approve it. (An admin can allow self-approval for one-person shops in the policy settings.)`,
          'id',
        );
      }
    }
    await transitionRefund(tx, {
      refundId: id,
      to: approve ? 'queued' : 'rejected',
      actor,
      reason: reason ?? (approve ? 'approved' : 'rejected'),
    });
    if (approve) {
      await tx.query(
        'UPDATE refunds SET approved_by = $2, approved_at = now(), next_attempt_at = now() WHERE id = $1',
        [id, actor],
      );
    }
    return (await getRefund(tx, id))!;
  });
}

/**
 * The refund as the API sends it. With `names` (from describeActors), each actor field gains its
 * display name and email beside the raw actor: `requested_by_name`, `approved_by_email`, history
 * `actor_name`…
 */
export function serializeRefund(r: Refund, history?: HistoryEntry[], names?: Map<string, ActorInfo>) {
  return {
    id: r.id,
    object: 'refund',
    payment_id: r.payment_id,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    note: r.note,
    metadata: r.metadata,
    status: r.status,
    origin: r.origin,
    requested_by: r.requested_by,
    customer_token: r.customer_token,
    stripe_refund_id: r.stripe_refund_id,
    failure_code: r.failure_code,
    failure_message: r.failure_message,
    attempts: r.attempts,
    approved_by: r.approved_by,
    approved_at: isoOrNull(r.approved_at),
    // Why it waits (waited) for an approver: above_threshold, fraud_flagged, transfer_uncovered.
    approval_reasons: r.approval_reasons ?? [],
    ...(names
      ? {
          ...actorFields('requested_by', r.requested_by, names),
          ...actorFields('approved_by', r.approved_by, names),
        }
      : {}),
    retry_of: r.retry_of,
    created_at: isoOrNull(r.created_at),
    updated_at: isoOrNull(r.updated_at),
    sent_at: isoOrNull(r.sent_at),
    final_at: isoOrNull(r.final_at),
    // Connect: asked at acceptance; the reversal and fee refund Stripe made (null until known).
    reverse_transfer: r.reverse_transfer ?? false,
    refund_application_fee: r.refund_application_fee ?? false,
    transfer_reversal: r.transfer_reversal_id
      ? { id: r.transfer_reversal_id, amount: r.transfer_reversed ?? null }
      : null,
    fee_refund: r.fee_refund_id ? { id: r.fee_refund_id, amount: r.fee_refunded ?? null } : null,
    ...(history
      ? {
          history: history.map((h) => ({
            from: h.from_status,
            to: h.to_status,
            actor: h.actor,
            ...(names ? actorFields('actor', h.actor, names) : {}),
            reason: h.reason,
            stripe_refund_id: h.stripe_refund_id,
            stripe_event_id: h.stripe_event_id,
            at: isoOrNull(h.at),
          })),
        }
      : {}),
  };
}
