// How the accept bench sums up its alternating rounds (bench/accept.ts): one row per measure, each
// figure the median of its rounds, so one round disturbed by the rest of the machine moves nothing.
// Pure, with its unit test beside it.

/** The median (the mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * What a round's row holds: figures to take the median of, and errors to add up. The accept
 * bench's `Row` (bench/accept.ts) is this with its database, measure and rounds.
 */
export interface RoundRow {
  per_s: number;
  /** per_s ÷ the ceiling's per_s on the same database in this run. */
  ratio: number;
  p50_ms: number;
  p99_ms: number;
  /** CPU of Refundry's processes per request (PGlite: the database included). */
  cpu_ms: number;
  /** PostgreSQL: CPU of the server's processes per request. */
  db_cpu_ms?: number;
  statements: number;
  commits: number;
  rss_mb: number;
  errors: number;
  /** 1-minute load average at the end of the measurement (ceiling, accept: the rounds' median). */
  load: number;
}

/**
 * One row for a measure's rounds: per_s, ratio, p50, p99, CPU, statements, commits and the load
 * average are each the median of the rounds' (the ratio thus the median of per-round ratios); RSS
 * is the highest and errors are the sum. `per_s_rounds` and `ratio_rounds` keep every round's.
 */
export function medianRow<R extends RoundRow>(
  rounds: readonly R[],
): R & { rounds: number; per_s_rounds: number[]; ratio_rounds: number[] } {
  if (rounds.length === 0) throw new Error('medianRow: no rounds');
  const m = (k: keyof RoundRow, digits: number) => {
    const v = median(rounds.map((r) => (r[k] as number | undefined) ?? Number.NaN));
    return Number.isNaN(v) ? v : Math.round(v * 10 ** digits) / 10 ** digits;
  };
  const first = rounds[0]!;
  return {
    ...first,
    per_s: m('per_s', 0),
    ratio: m('ratio', 2),
    p50_ms: m('p50_ms', 1),
    p99_ms: m('p99_ms', 1),
    cpu_ms: m('cpu_ms', 3),
    ...(first.db_cpu_ms !== undefined ? { db_cpu_ms: m('db_cpu_ms', 3) } : {}),
    statements: m('statements', 1),
    commits: m('commits', 1),
    rss_mb: Math.max(...rounds.map((r) => r.rss_mb)),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    load: m('load', 2),
    rounds: rounds.length,
    per_s_rounds: rounds.map((r) => r.per_s),
    ratio_rounds: rounds.map((r) => r.ratio),
  };
}
