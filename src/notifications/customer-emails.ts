// The customer emails of one refund (queued, sent or given up), for the refund's timeline.
import type { Queryable } from '../db/db.ts';

/** The customer emails of one refund, oldest first, for its timeline. */
export async function customerEmailsOf(db: Queryable, refundId: string) {
  const rows = await db.query<{
    id: string;
    kind: string;
    recipient: string;
    status: string;
    attempts: number;
    created_at: Date;
    sent_at: Date | null;
    last_attempt_at: Date | null;
    next_attempt_at: Date;
    last_error: string | null;
  }>(
    `SELECT id, kind, recipient, status, attempts, created_at, sent_at, last_attempt_at, next_attempt_at, last_error
     FROM notifications WHERE refund_id = $1 AND channel = 'email' ORDER BY created_at, id`,
    [refundId],
  );
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return rows.map((n) => ({
    id: n.id,
    kind: n.kind,
    to: n.recipient,
    status: n.status,
    attempts: n.attempts,
    queued_at: iso(n.created_at),
    sent_at: iso(n.sent_at),
    last_attempt_at: iso(n.last_attempt_at),
    next_attempt_at: n.status === 'pending' ? iso(n.next_attempt_at) : null,
    last_error: n.last_error,
  }));
}
