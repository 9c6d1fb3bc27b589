// The operations overview's numbers, all from the database over a time range [from, to):
// refunds per day by outcome, time from request to a final Stripe answer, failure reasons, the
// queue and approvals waiting (as of now), and webhook health from stripe_events.
import type { z } from 'zod';
import type { Queryable } from '../db/db.ts';
import { failureText } from '../refunds/failure-text.ts';
import type { Outcome, overviewObject } from './wire.ts';

type OverviewAnswer = z.infer<typeof overviewObject>;

/**
 * The overview's numbers: the API's answer (overviewObject in wire.ts) but for what the route adds,
 * the range as text, the account asked for and the bad signatures only this process counted.
 */
export type Overview = Omit<OverviewAnswer, 'object' | 'from' | 'to' | 'account' | 'webhooks'> & {
  from: Date;
  to: Date;
  webhooks: Omit<OverviewAnswer['webhooks'], 'bad_signatures_since_start'>;
};

const DAY_MS = 86_400_000;
const dayKey = (d: Date) => d.toISOString().slice(0, 10);
const n = (v: unknown) => Number(v ?? 0);
const age = (now: Date, then: Date | null) =>
  then ? Math.max(0, Math.round((now.getTime() - new Date(then).getTime()) / 1000)) : null;

// A refund's current status as the outcome the chart shows.
const OUTCOME_SQL = `CASE
  WHEN r.status IN ('succeeded', 'failed', 'canceled', 'rejected') THEN r.status
  ELSE 'in_flight' END`;

/**
 * Refunds (alias r) of one account only: its payments' connected account, or the platform's own.
 * Returns the JOIN and the condition to add (both empty without an account), pushing its parameter.
 */
function accountScope(account: string | undefined, params: unknown[], refundAlias = 'r') {
  if (account === undefined) return { join: '', where: '' };
  const join = `JOIN payments ap ON ap.id = ${refundAlias}.payment_id`;
  if (account === 'platform') return { join, where: 'AND ap.connected_account IS NULL' };
  params.push(account);
  return { join, where: `AND ap.connected_account = $${params.length}` };
}

export async function overview(
  db: Queryable,
  range: { from: Date; to: Date },
  now: Date,
  /** One connected account's refunds (acct_…), or the platform's own ('platform'); all when omitted. */
  account?: string,
): Promise<Overview> {
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
  const dayParams: unknown[] = [from, to];
  const dayScope = accountScope(account, dayParams);
  const rejectionScope =
    account === undefined
      ? { join: '', where: '' }
      : {
          join: 'JOIN payments ap ON ap.id = x.payment_id',
          where:
            account === 'platform' ? 'AND ap.connected_account IS NULL' : `AND ap.connected_account = $3`,
        };
  const perDay = await db.query<{ day: string; outcome: Outcome; count: number }>(
    `SELECT to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, ${OUTCOME_SQL} AS outcome, count(*) AS count
       FROM refunds r ${dayScope.join}
      WHERE r.created_at >= $1 AND r.created_at < $2 AND r.origin = 'refundry' ${dayScope.where}
      GROUP BY 1, 2
     UNION ALL
     SELECT to_char(x.at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 'blocked', count(*)
       FROM refund_rejections x ${rejectionScope.join}
      WHERE x.at >= $1 AND x.at < $2 ${rejectionScope.where} GROUP BY 1`,
    dayParams,
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
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.final_at - r.created_at)) AS p50,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM r.final_at - r.created_at)) AS p90,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM r.final_at - r.created_at)) AS p99
       FROM refunds r ${dayScope.join}
      WHERE r.final_at >= $1 AND r.final_at < $2 AND r.status IN ('succeeded', 'failed') AND r.origin = 'refundry'
        ${dayScope.where}`,
    dayParams,
  );
  const seconds = (v: number | null | undefined) =>
    v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10;

  const failures = await db.query<{ code: string; count: number }>(
    `SELECT COALESCE(r.failure_code, 'unknown') AS code, count(*) AS count FROM refunds r ${dayScope.join}
      WHERE r.status = 'failed' AND r.final_at >= $1 AND r.final_at < $2 ${dayScope.where}
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    dayParams,
  );

  const queueParams: unknown[] = [];
  const queueScope = accountScope(account, queueParams);
  const [queue] = await db.query<{
    queued: number;
    oldest_queued: Date | null;
    sent: number;
    awaiting: number;
    oldest_awaiting: Date | null;
  }>(
    `SELECT count(*) FILTER (WHERE r.status = 'queued') AS queued,
            min(r.created_at) FILTER (WHERE r.status = 'queued') AS oldest_queued,
            count(*) FILTER (WHERE r.status IN ('pending', 'requires_action')) AS sent,
            count(*) FILTER (WHERE r.status = 'awaiting_approval') AS awaiting,
            min(r.created_at) FILTER (WHERE r.status = 'awaiting_approval') AS oldest_awaiting
       FROM refunds r ${queueScope.join}
      WHERE r.status IN ('queued', 'pending', 'requires_action', 'awaiting_approval') ${queueScope.where}`,
    queueParams,
  );

  return {
    from,
    to,
    refunds_per_day: [...days.values()],
    time_to_final: {
      count: n(timing?.count),
      p50_seconds: seconds(timing?.p50),
      p90_seconds: seconds(timing?.p90),
      p99_seconds: seconds(timing?.p99),
    },
    failure_reasons: failures.map((f) => ({ code: f.code, count: n(f.count), text: failureText(f.code)! })),
    queue: {
      depth: n(queue?.queued),
      oldest_age_seconds: age(now, queue?.oldest_queued ?? null),
      sent_awaiting_stripe: n(queue?.sent),
    },
    approvals: { waiting: n(queue?.awaiting), oldest_age_seconds: age(now, queue?.oldest_awaiting ?? null) },
    webhooks: await webhookHealth(db, from, to),
    accounts: account === undefined ? await refundsByAccount(db, from, to) : [],
  };
}

/** How many accounts the overview breaks refunds down by (the busiest; the rest are summed). */
export const OVERVIEW_ACCOUNTS = 10;

/**
 * Refunds requested in the range by account, busiest first: the platform's own, the
 * OVERVIEW_ACCOUNTS busiest connected accounts, and the rest together as 'other'. Empty when no
 * payment is a Connect payment (a platform-only merchant sees no breakdown).
 */
async function refundsByAccount(db: Queryable, from: Date, to: Date): Promise<Overview['accounts']> {
  const rows = await db.query<{
    account: string | null;
    name: string | null;
    total: number;
    succeeded: number;
    failed: number;
  }>(
    `SELECT p.connected_account AS account, max(a.name) AS name, count(*) AS total,
            count(*) FILTER (WHERE r.status = 'succeeded') AS succeeded,
            count(*) FILTER (WHERE r.status = 'failed') AS failed
       FROM refunds r JOIN payments p ON p.id = r.payment_id
       LEFT JOIN connect_accounts a ON a.id = p.connected_account
      WHERE r.created_at >= $1 AND r.created_at < $2 AND r.origin = 'refundry'
      GROUP BY p.connected_account
      ORDER BY (p.connected_account IS NOT NULL), count(*) DESC, p.connected_account`,
    [from, to],
  );
  if (!rows.some((r) => r.account !== null)) return [];
  const out: Overview['accounts'] = [];
  const other = { account: 'other', name: null as string | null, total: 0, succeeded: 0, failed: 0 };
  let connected = 0;
  for (const r of rows) {
    const entry = { total: n(r.total), succeeded: n(r.succeeded), failed: n(r.failed) };
    if (r.account === null) out.push({ account: 'platform', name: null, ...entry });
    else if (connected++ < OVERVIEW_ACCOUNTS) out.push({ account: r.account, name: r.name, ...entry });
    else {
      other.total += entry.total;
      other.succeeded += entry.succeeded;
      other.failed += entry.failed;
    }
  }
  if (other.total > 0) out.push(other);
  return out;
}

async function webhookHealth(db: Queryable, from: Date, to: Date): Promise<Overview['webhooks']> {
  const [exists] = await db.query<{ present: boolean }>(
    `SELECT to_regclass('stripe_events') IS NOT NULL AS present`,
  );
  if (!exists?.present) {
    return { available: false, received: 0, applied: 0, failed: 0, unapplied: 0, bad_signatures: null };
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
    bad_signatures: null,
  };
}
