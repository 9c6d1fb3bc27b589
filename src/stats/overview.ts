// The operations overview's numbers, all from the database over a time range [from, to):
// refunds per day by outcome, time from request to a final Stripe answer, failure reasons, the
// queue and approvals waiting (as of now), and webhook health from stripe_events.
import type { Queryable } from '../db/db.ts';
import { failureText } from '../refunds/failure-text.ts';

export const OUTCOMES = ['succeeded', 'failed', 'in_flight', 'canceled', 'rejected', 'blocked'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Overview {
  from: Date;
  to: Date;
  /** One entry per UTC day in the range, zeros included. */
  refundsPerDay: Array<{ day: string } & Record<Outcome, number>>;
  timeToFinal: {
    count: number;
    p50Seconds: number | null;
    p90Seconds: number | null;
    p99Seconds: number | null;
  };
  failureReasons: Array<{ code: string; count: number; text: string }>;
  queue: { depth: number; oldestAgeSeconds: number | null; sentAwaitingStripe: number };
  approvals: { waiting: number; oldestAgeSeconds: number | null };
  webhooks: {
    /** False when this database has no stripe_events table (the receiver is not installed). */
    available: boolean;
    received: number;
    applied: number;
    failed: number;
    unapplied: number;
    /** Bad signatures are refused before anything is stored; see refundry_webhook_events_total. */
    badSignatures: number | null;
  };
}

const DAY_MS = 86_400_000;
const dayKey = (d: Date) => d.toISOString().slice(0, 10);
const n = (v: unknown) => Number(v ?? 0);
const age = (now: Date, then: Date | null) =>
  then ? Math.max(0, Math.round((now.getTime() - new Date(then).getTime()) / 1000)) : null;

// A refund's current status as the outcome the chart shows.
const OUTCOME_SQL = `CASE
  WHEN status IN ('succeeded', 'failed', 'canceled', 'rejected') THEN status
  ELSE 'in_flight' END`;

export async function overview(db: Queryable, range: { from: Date; to: Date }, now: Date): Promise<Overview> {
  const { from, to } = range;
  const days = new Map<string, { day: string } & Record<Outcome, number>>();
  for (
    let t = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
    t < to.getTime();
    t += DAY_MS
  ) {
    const day = dayKey(new Date(t));
    days.set(day, { day, succeeded: 0, failed: 0, in_flight: 0, canceled: 0, rejected: 0, blocked: 0 });
  }
  const perDay = await db.query<{ day: string; outcome: Outcome; count: number }>(
    `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, ${OUTCOME_SQL} AS outcome, count(*) AS count
       FROM refunds WHERE created_at >= $1 AND created_at < $2 AND origin = 'refundry'
      GROUP BY 1, 2
     UNION ALL
     SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 'blocked', count(*)
       FROM refund_rejections WHERE at >= $1 AND at < $2 GROUP BY 1`,
    [from, to],
  );
  for (const row of perDay) {
    const entry = days.get(row.day);
    if (entry) entry[row.outcome] += n(row.count);
  }

  const [timing] = await db.query<{
    count: number;
    p50: number | null;
    p90: number | null;
    p99: number | null;
  }>(
    `SELECT count(*) AS count,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM final_at - created_at)) AS p50,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM final_at - created_at)) AS p90,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM final_at - created_at)) AS p99
       FROM refunds
      WHERE final_at >= $1 AND final_at < $2 AND status IN ('succeeded', 'failed') AND origin = 'refundry'`,
    [from, to],
  );
  const seconds = (v: number | null | undefined) =>
    v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10;

  const failures = await db.query<{ code: string; count: number }>(
    `SELECT COALESCE(failure_code, 'unknown') AS code, count(*) AS count FROM refunds
      WHERE status = 'failed' AND final_at >= $1 AND final_at < $2
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    [from, to],
  );

  const [queue] = await db.query<{
    queued: number;
    oldest_queued: Date | null;
    sent: number;
    awaiting: number;
    oldest_awaiting: Date | null;
  }>(
    `SELECT count(*) FILTER (WHERE status = 'queued') AS queued,
            min(created_at) FILTER (WHERE status = 'queued') AS oldest_queued,
            count(*) FILTER (WHERE status IN ('pending', 'requires_action')) AS sent,
            count(*) FILTER (WHERE status = 'awaiting_approval') AS awaiting,
            min(created_at) FILTER (WHERE status = 'awaiting_approval') AS oldest_awaiting
       FROM refunds WHERE status IN ('queued', 'pending', 'requires_action', 'awaiting_approval')`,
  );

  return {
    from,
    to,
    refundsPerDay: [...days.values()],
    timeToFinal: {
      count: n(timing?.count),
      p50Seconds: seconds(timing?.p50),
      p90Seconds: seconds(timing?.p90),
      p99Seconds: seconds(timing?.p99),
    },
    failureReasons: failures.map((f) => ({ code: f.code, count: n(f.count), text: failureText(f.code)! })),
    queue: {
      depth: n(queue?.queued),
      oldestAgeSeconds: age(now, queue?.oldest_queued ?? null),
      sentAwaitingStripe: n(queue?.sent),
    },
    approvals: { waiting: n(queue?.awaiting), oldestAgeSeconds: age(now, queue?.oldest_awaiting ?? null) },
    webhooks: await webhookHealth(db, from, to),
  };
}

async function webhookHealth(db: Queryable, from: Date, to: Date): Promise<Overview['webhooks']> {
  const [exists] = await db.query<{ present: boolean }>(
    `SELECT to_regclass('stripe_events') IS NOT NULL AS present`,
  );
  if (!exists?.present) {
    return { available: false, received: 0, applied: 0, failed: 0, unapplied: 0, badSignatures: null };
  }
  const [row] = await db.query<{ received: number; applied: number; failed: number; unapplied: number }>(
    `SELECT count(*) FILTER (WHERE received_at >= $1 AND received_at < $2) AS received,
            count(*) FILTER (WHERE applied_at >= $1 AND applied_at < $2) AS applied,
            count(*) FILTER (WHERE received_at >= $1 AND received_at < $2 AND result LIKE 'error%') AS failed,
            count(*) FILTER (WHERE applied_at IS NULL) AS unapplied
       FROM stripe_events`,
    [from, to],
  );
  return {
    available: true,
    received: n(row?.received),
    applied: n(row?.applied),
    failed: n(row?.failed),
    unapplied: n(row?.unapplied),
    badSignatures: null,
  };
}
