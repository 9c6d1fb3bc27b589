// Final statuses, failures by reason and time from acceptance to final status, read from the
// database at scrape time. A refund becomes final in many places (worker, webhook, poller,
// reconciliation, cancel, reject) and in any process; refund_history records every one of them, so
// counting there makes every process report the same truth whoever did the work. Aggregate with
// max (not sum) across instances.
//
// Cost stays small as history grows: rows older than a horizon are folded once into totals kept in
// memory, and each scrape aggregates only the rows since then (an index on refund_history.at).
// The horizon lags the database clock by `settleSeconds`, longer than any transaction writing
// history can take, so a row committed late is never missed by the fold.
import type { Queryable } from '../db/db.ts';

export const FINAL_STATUSES = ['succeeded', 'failed', 'canceled', 'rejected'] as const;

/** Upper bounds (seconds) of the time-to-final histogram: seconds to a week. */
export const TIME_TO_FINAL_BUCKETS = [1, 5, 30, 60, 300, 1800, 3600, 6 * 3600, 86_400, 7 * 86_400];

export interface TimeHistogram {
  /** Cumulative counts per bucket of TIME_TO_FINAL_BUCKETS (same order); +Inf is `count`. */
  buckets: number[];
  sum: number;
  count: number;
}

export interface RefundOutcomeTotals {
  /** Transitions into each final status (a refund that succeeded and later failed counts in both). */
  final: Map<string, number>;
  /** Transitions into 'failed', by the refund's failure code ('unknown' when none). */
  failures: Map<string, number>;
  /** Time from acceptance (refunds.created_at) to each final transition; Refundry's own refunds only. */
  timeToFinal: Map<string, TimeHistogram>;
  /**
   * Transitions into each final status by account label (accountLabel below), keyed
   * `<account>|<status>`.
   */
  finalByAccount: Map<string, number>;
}

export function emptyTotals(): RefundOutcomeTotals {
  return { final: new Map(), failures: new Map(), timeToFinal: new Map(), finalByAccount: new Map() };
}

/**
 * The `account` label of a refund's payment, in SQL (`$n` names the listed accounts): 'platform'
 * for the platform's own payments, the account id for accounts an operator listed
 * (METRICS_ACCOUNTS), 'other' for every other connected account. Bounded: at most 50 + 2 values.
 */
export function accountLabelSql(column: string, listParam: string): string {
  return `CASE WHEN ${column} IS NULL THEN 'platform' WHEN ${column} = ANY(${listParam}::text[]) THEN ${column} ELSE 'other' END`;
}

export function addTotals(into: RefundOutcomeTotals, more: RefundOutcomeTotals): RefundOutcomeTotals {
  for (const [k, n] of more.final) into.final.set(k, (into.final.get(k) ?? 0) + n);
  for (const [k, n] of more.finalByAccount) into.finalByAccount.set(k, (into.finalByAccount.get(k) ?? 0) + n);
  for (const [k, n] of more.failures) into.failures.set(k, (into.failures.get(k) ?? 0) + n);
  for (const [k, h] of more.timeToFinal) {
    const cur = into.timeToFinal.get(k);
    if (!cur) into.timeToFinal.set(k, { buckets: [...h.buckets], sum: h.sum, count: h.count });
    else {
      cur.buckets = cur.buckets.map((b, i) => b + (h.buckets[i] ?? 0));
      cur.sum += h.sum;
      cur.count += h.count;
    }
  }
  return into;
}

const FINAL_LIST = FINAL_STATUSES.map((s) => `'${s}'`).join(', ');
const BUCKET_COLUMNS = TIME_TO_FINAL_BUCKETS.map(
  (b, i) => `count(*) FILTER (WHERE secs <= ${b})::int AS b${i}`,
).join(',\n    ');

interface AggregateRow {
  status: string;
  account: string;
  reason: string | null;
  n: number;
  timed: number;
  sum: number | null;
  [bucket: `b${number}`]: number;
}

/** Aggregates final transitions with from <= at < to (either bound may be open). */
export async function aggregateRefundOutcomes(
  db: Queryable,
  from: Date | null,
  to: Date | null,
  /** Connected accounts with a label value of their own (the rest are 'other'). */
  labelledAccounts: readonly string[] = [],
): Promise<RefundOutcomeTotals> {
  const rows = await db.query<AggregateRow>(
    `SELECT status, account, reason, count(*)::int AS n, count(secs)::int AS timed, sum(secs)::float8 AS sum,
    ${BUCKET_COLUMNS}
     FROM (
       SELECT h.to_status AS status,
         ${accountLabelSql('p.connected_account', '$3')} AS account,
         CASE WHEN h.to_status = 'failed' THEN COALESCE(r.failure_code, 'unknown') END AS reason,
         CASE WHEN r.origin = 'refundry' THEN EXTRACT(EPOCH FROM (h.at - r.created_at))::float8 END AS secs
       FROM refund_history h JOIN refunds r ON r.id = h.refund_id JOIN payments p ON p.id = r.payment_id
       WHERE h.to_status IN (${FINAL_LIST})
         AND ($1::timestamptz IS NULL OR h.at >= $1::timestamptz)
         AND ($2::timestamptz IS NULL OR h.at < $2::timestamptz)
     ) x
     GROUP BY status, account, reason`,
    [from, to, labelledAccounts],
  );
  const totals = emptyTotals();
  for (const row of rows) {
    const n = Number(row.n);
    totals.final.set(row.status, (totals.final.get(row.status) ?? 0) + n);
    const byAccount = `${row.account}|${row.status}`;
    totals.finalByAccount.set(byAccount, (totals.finalByAccount.get(byAccount) ?? 0) + n);
    if (row.status === 'failed') {
      const reason = row.reason ?? 'unknown';
      totals.failures.set(reason, (totals.failures.get(reason) ?? 0) + n);
    }
    const timed = Number(row.timed);
    if (timed > 0) {
      addTotals(totals, {
        final: new Map(),
        failures: new Map(),
        finalByAccount: new Map(),
        timeToFinal: new Map([
          [
            row.status,
            {
              buckets: TIME_TO_FINAL_BUCKETS.map((_, i) => Number(row[`b${i}`] ?? 0)),
              sum: Number(row.sum ?? 0),
              count: timed,
            },
          ],
        ]),
      });
    }
  }
  return totals;
}

export interface RefundOutcomeReader {
  read(): Promise<RefundOutcomeTotals>;
}

/**
 * Reads the totals, folding history older than the horizon into memory once. Concurrent reads (one
 * scrape asks for three metrics at once) share one query.
 */
export function refundOutcomeReader(
  db: Queryable,
  options: { settleSeconds?: number; refoldSeconds?: number; labelledAccounts?: readonly string[] } = {},
): RefundOutcomeReader {
  const labelled = options.labelledAccounts ?? [];
  const settleSeconds = options.settleSeconds ?? 3600;
  const refoldSeconds = options.refoldSeconds ?? 600;
  let folded: { horizon: Date; totals: RefundOutcomeTotals } | undefined;
  let inFlight: Promise<RefundOutcomeTotals> | undefined;

  const readOnce = async (): Promise<RefundOutcomeTotals> => {
    const [clock] = await db.query<{ horizon: Date }>("SELECT now() - $1 * interval '1 second' AS horizon", [
      settleSeconds,
    ]);
    const horizon = new Date(clock!.horizon);
    if (!folded) {
      folded = { horizon, totals: await aggregateRefundOutcomes(db, null, horizon, labelled) };
    } else if (horizon.getTime() - folded.horizon.getTime() >= refoldSeconds * 1000) {
      const more = await aggregateRefundOutcomes(db, folded.horizon, horizon, labelled);
      folded = { horizon, totals: addTotals(folded.totals, more) };
    }
    const live = await aggregateRefundOutcomes(db, folded.horizon, null, labelled);
    return addTotals(addTotals(emptyTotals(), folded.totals), live);
  };

  return {
    read() {
      inFlight ??= readOnce().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}
