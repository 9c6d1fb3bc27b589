// The outbox as a queue shared by every worker process: claim due rows with FOR UPDATE SKIP LOCKED
// and a lease (a crashed sender's rows come back when the lease expires), then mark each sent,
// retry later, give up (kept as 'failed', visible and counted) or skip. One database clock decides.
import type { Queryable } from '../db/db.ts';

export interface ClaimedNotification {
  id: string;
  refund_id: string;
  channel: 'email' | 'webhook';
  kind: string;
  recipient: string | null;
  endpoint_id: string | null;
  payload: Record<string, unknown>;
  /** Including this one. */
  attempts: number;
  created_at: Date;
}

export async function claimNotifications(
  db: Queryable,
  options: { workerId: string; limit: number; leaseMs: number },
): Promise<ClaimedNotification[]> {
  if (options.limit <= 0) return [];
  return db.query<ClaimedNotification>(
    `WITH ready AS (
       SELECT id FROM notifications
       WHERE status = 'pending' AND next_attempt_at <= clock_timestamp()
         AND (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp())
       ORDER BY next_attempt_at
       LIMIT $1
       FOR UPDATE SKIP LOCKED
     )
     UPDATE notifications n SET
       lease_owner = $2,
       lease_expires_at = clock_timestamp() + $3 * interval '1 millisecond',
       attempts = n.attempts + 1,
       last_attempt_at = clock_timestamp()
     FROM ready WHERE n.id = ready.id
     RETURNING n.id, n.refund_id, n.channel, n.kind, n.recipient, n.endpoint_id, n.payload, n.attempts,
       n.created_at`,
    [options.limit, options.workerId, options.leaseMs],
  );
}

/** Each mark only applies while this worker still holds the lease (else another took it over). */
export async function markSent(db: Queryable, id: string, workerId: string): Promise<boolean> {
  return (await markSentMany(db, [id], workerId)).has(id);
}

/** markSent for many in one statement; returns the ids that were still this worker's. */
export async function markSentMany(
  db: Queryable,
  ids: readonly string[],
  workerId: string,
): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>(
    `UPDATE notifications SET status = 'sent', sent_at = clock_timestamp(), lease_owner = NULL,
       lease_expires_at = NULL, last_error = NULL
     WHERE id = ANY($1::text[]) AND lease_owner = $2 AND status = 'pending' RETURNING id`,
    [ids, workerId],
  );
  return new Set(rows.map((r) => r.id));
}

export async function markRetry(
  db: Queryable,
  id: string,
  workerId: string,
  delayMs: number,
  error: string,
): Promise<void> {
  await db.query(
    `UPDATE notifications SET lease_owner = NULL, lease_expires_at = NULL, last_error = $4,
       next_attempt_at = clock_timestamp() + $3 * interval '1 millisecond'
     WHERE id = $1 AND lease_owner = $2 AND status = 'pending'`,
    [id, workerId, Math.max(0, Math.round(delayMs)), error],
  );
}

export async function markFinal(
  db: Queryable,
  id: string,
  workerId: string,
  status: 'failed' | 'skipped',
  error: string,
): Promise<void> {
  await db.query(
    `UPDATE notifications SET status = $3, lease_owner = NULL, lease_expires_at = NULL, last_error = $4
     WHERE id = $1 AND lease_owner = $2 AND status = 'pending'`,
    [id, workerId, status, error],
  );
}

/** Gives a claimed row back untouched (shutdown before sending): the attempt is not counted. */
export async function releaseNotification(db: Queryable, id: string, workerId: string): Promise<void> {
  await db.query(
    `UPDATE notifications SET lease_owner = NULL, lease_expires_at = NULL, attempts = attempts - 1
     WHERE id = $1 AND lease_owner = $2 AND status = 'pending'`,
    [id, workerId],
  );
}

/** Puts a delivery that gave up (or was skipped) back in the queue, for an operator. */
export async function retryNotification(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = now(), last_error = NULL
     WHERE id = $1 AND status IN ('failed', 'skipped') RETURNING id`,
    [id],
  );
  return rows.length > 0;
}

/** Exponential backoff with equal jitter: half the step fixed, half random, never above the cap. */
export function retryDelayMs(
  attempts: number,
  settings: { baseMs: number; capMs: number },
  random: () => number = Math.random,
): number {
  const step = Math.min(settings.capMs, settings.baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  return step / 2 + random() * (step / 2);
}
