// The customer emails of one refund (queued, sent or given up), for the refund's timeline.
import type { Queryable } from '../db/db.ts';
import { isoOrNull } from '../shared/iso-time.ts';

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
  return rows.map((n) => ({
    id: n.id,
    kind: n.kind,
    to: n.recipient,
    status: n.status,
    attempts: n.attempts,
    queued_at: isoOrNull(n.created_at),
    sent_at: isoOrNull(n.sent_at),
    last_attempt_at: isoOrNull(n.last_attempt_at),
    next_attempt_at: n.status === 'pending' ? isoOrNull(n.next_attempt_at) : null,
    last_error: n.last_error,
  }));
}
