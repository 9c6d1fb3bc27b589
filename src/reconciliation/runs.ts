// Storing reconciliation runs and their discrepancies: every SQL statement about them is here.
import { type ActorInfo, actorFields } from '../auth/actor-names.ts';
import { conditions } from '../db/conditions.ts';
import type { Queryable } from '../db/db.ts';
import { type Cursor, readPage } from '../db/keyset.ts';
import { type ColumnsOf, fieldsOf } from '../db/row-fields.ts';
import { newId } from '../shared/ids.ts';
import { isoOrNull } from '../shared/iso-time.ts';
import type { DiscrepancyKind, PairKind } from './classify.ts';

export type RunStatus = 'waiting' | 'running' | 'completed' | 'failed' | 'canceled';

export interface Run {
  id: string;
  windowStart: Date;
  windowEnd: Date;
  status: RunStatus;
  triggeredBy: string;
  scheduleKey: string | null;
  stripeRefunds: number;
  counts: Partial<Record<PairKind, number>>;
  flagged: number;
  healed: number;
  /** Flagged discrepancies of this run nobody has resolved yet. */
  open: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface Discrepancy {
  id: string;
  runId: string;
  kind: DiscrepancyKind;
  refundId: string | null;
  stripeRefundId: string | null;
  paymentId: string | null;
  /** The connected account the refund lives on at Stripe (null: the platform). */
  account: string | null;
  stripeValues: Record<string, unknown> | null;
  localValues: Record<string, unknown> | null;
  action: 'healed' | 'flagged';
  detail: string;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
  createdAt: Date;
}

export type NewDiscrepancy = Omit<
  Discrepancy,
  'id' | 'runId' | 'createdAt' | 'resolvedAt' | 'resolvedBy' | 'resolutionNote'
> & {
  /** Healed ones are resolved at once, by 'reconciliation'. */
  resolvedBy?: string | null;
  resolutionNote?: string | null;
};

interface RunRow {
  id: string;
  window_start: Date;
  window_end: Date;
  status: RunStatus;
  triggered_by: string;
  schedule_key: string | null;
  stripe_refunds: number;
  counts: Partial<Record<PairKind, number>>;
  flagged: number;
  healed: number;
  open: number;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const RUN_COLUMNS = `r.id, r.window_start, r.window_end, r.status, r.triggered_by, r.schedule_key, r.stripe_refunds,
  r.counts, r.flagged, r.healed, r.error, r.created_at, r.started_at, r.finished_at,
  (SELECT count(*)::int FROM reconciliation_discrepancies d
    WHERE d.run_id = r.id AND d.action = 'flagged' AND d.resolved_at IS NULL) AS open`;

function toRun(r: RunRow): Run {
  return {
    ...fieldsOf(r, 'id', 'window_start', 'window_end', 'status', 'triggered_by', 'schedule_key'),
    stripeRefunds: Number(r.stripe_refunds),
    counts: r.counts,
    flagged: Number(r.flagged),
    healed: Number(r.healed),
    open: Number(r.open),
    ...fieldsOf(r, 'error', 'created_at', 'started_at', 'finished_at'),
  };
}

/**
 * Records a run waiting for its turn. With a schedule key, returns undefined when another process
 * already created the run for that slot.
 */
export async function createRun(
  db: Queryable,
  input: { windowStart: Date; windowEnd: Date; triggeredBy: string; scheduleKey?: string | undefined },
): Promise<Run | undefined> {
  const id = newId('rcn');
  const rows = await db.query<{ id: string }>(
    `INSERT INTO reconciliation_runs (id, window_start, window_end, status, triggered_by, schedule_key)
     VALUES ($1, $2, $3, 'waiting', $4, $5) ON CONFLICT (schedule_key) DO NOTHING RETURNING id`,
    [id, input.windowStart, input.windowEnd, input.triggeredBy, input.scheduleKey ?? null],
  );
  return rows[0] ? getRun(db, id) : undefined;
}

export async function getRun(db: Queryable, id: string): Promise<Run | undefined> {
  const [row] = await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM reconciliation_runs r WHERE r.id = $1`, [
    id,
  ]);
  return row ? toRun(row) : undefined;
}

export async function runExistsForSlot(db: Queryable, scheduleKey: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM reconciliation_runs WHERE schedule_key = $1', [scheduleKey]);
  return rows.length > 0;
}

/** Newest first, a page at a time (exact cursors: src/db/keyset.ts); undefined: no such cursor. */
export async function listRuns(
  db: Queryable,
  options: { limit: number } & Cursor,
): Promise<{ data: Run[]; hasMore: boolean } | undefined> {
  const page = await readPage<RunRow>(
    db,
    { table: 'reconciliation_runs', alias: 'r', columns: RUN_COLUMNS },
    options,
  );
  return page && { data: page.data.map(toRun), hasMore: page.hasMore };
}

/** Keeps a waiting or running run's heartbeat fresh; false when it is no longer live (canceled). */
export async function beat(db: Queryable, runId: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE reconciliation_runs SET heartbeat_at = clock_timestamp()
     WHERE id = $1 AND status IN ('waiting', 'running') RETURNING id`,
    [runId],
  );
  return rows.length > 0;
}

/** Runs whose process stopped beating (crashed) are marked failed, so nobody waits for them. */
export async function failAbandonedRuns(db: Queryable, staleMs: number): Promise<number> {
  const rows = await db.query(
    `UPDATE reconciliation_runs SET status = 'failed', finished_at = clock_timestamp(),
       error = 'abandoned: the process running it stopped'
     WHERE status IN ('waiting', 'running') AND heartbeat_at < clock_timestamp() - $1 * interval '1 millisecond'
     RETURNING id`,
    [staleMs],
  );
  for (const row of rows as { id: string }[]) await forgetSeen(db, row.id);
  return rows.length;
}

export async function markRunning(db: Queryable, runId: string): Promise<void> {
  await db.query(
    `UPDATE reconciliation_runs SET status = 'running', started_at = clock_timestamp(), heartbeat_at = clock_timestamp()
     WHERE id = $1`,
    [runId],
  );
}

/** Progress after each page: counts so far (readable while the run works). */
export async function saveProgress(
  db: Queryable,
  runId: string,
  progress: {
    stripeRefunds: number;
    counts: Partial<Record<PairKind, number>>;
    flagged: number;
    healed: number;
  },
): Promise<void> {
  await db.query(
    `UPDATE reconciliation_runs SET stripe_refunds = $2, counts = $3, flagged = $4, healed = $5,
       heartbeat_at = clock_timestamp()
     WHERE id = $1`,
    [runId, progress.stripeRefunds, JSON.stringify(progress.counts), progress.flagged, progress.healed],
  );
}

export async function finishRun(
  db: Queryable,
  runId: string,
  status: 'completed' | 'failed' | 'canceled',
  error?: string,
): Promise<void> {
  await db.query(
    `UPDATE reconciliation_runs SET status = $2, error = $3, finished_at = clock_timestamp() WHERE id = $1`,
    [runId, status, error ?? null],
  );
}

export async function forgetSeen(db: Queryable, runId: string): Promise<void> {
  await db.query('DELETE FROM reconciliation_seen WHERE run_id = $1', [runId]);
}

export interface LocalRefundRow {
  id: string;
  payment_id: string;
  amount: number;
  currency: string;
  status: string;
  origin: string;
  stripe_refund_id: string | null;
  /** The account the refund lives on at Stripe (its payment's; null: the platform). */
  stripe_account: string | null;
}

const LOCAL_COLUMNS = `id, payment_id, amount, currency, status, origin, stripe_refund_id,
  (SELECT p.stripe_account FROM payments p WHERE p.id = refunds.payment_id) AS stripe_account`;

/**
 * For one page of Stripe refunds, in one statement: remembers their ids as seen by the run (the
 * anti-join later finds local refunds Stripe lacks) and returns the local refunds they may pair
 * with, by Stripe id or by Refundry id.
 */
export async function seeAndLoadLocal(
  db: Queryable,
  runId: string,
  stripeIds: string[],
  refundryIds: string[],
): Promise<LocalRefundRow[]> {
  const rows = await db.query<LocalRefundRow>(
    `WITH seen AS (
       INSERT INTO reconciliation_seen (run_id, stripe_refund_id)
       SELECT $1, s FROM unnest($2::text[]) AS s ON CONFLICT DO NOTHING
     )
     SELECT ${LOCAL_COLUMNS} FROM refunds WHERE stripe_refund_id = ANY($2::text[]) OR id = ANY($3::text[])`,
    [runId, stripeIds, refundryIds],
  );
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

/** Which of these Stripe payment ids (pi_… or ch_…) Refundry knows. */
export async function knownPaymentIds(db: Queryable, stripeIds: string[]): Promise<Set<string>> {
  if (stripeIds.length === 0) return new Set();
  const rows = await db.query<{ pi: string | null; ch: string | null }>(
    `SELECT stripe_payment_intent_id AS pi, stripe_charge_id AS ch FROM payments
     WHERE stripe_payment_intent_id = ANY($1::text[]) OR stripe_charge_id = ANY($1::text[])`,
    [stripeIds],
  );
  const known = new Set<string>();
  for (const r of rows) {
    if (r.pi) known.add(r.pi);
    if (r.ch) known.add(r.ch);
  }
  return known;
}

/**
 * One page (by id, after `afterId`) of refunds sent to Stripe in the window whose Stripe id the
 * run has not seen: the anti-join that finds "sent here, absent at Stripe" candidates.
 */
export async function unseenLocalRefunds(
  db: Queryable,
  runId: string,
  window: { start: Date; end: Date },
  afterId: string,
  limit: number,
): Promise<LocalRefundRow[]> {
  const rows = await db.query<LocalRefundRow>(
    `SELECT ${LOCAL_COLUMNS} FROM refunds
     WHERE refunds.stripe_refund_id IS NOT NULL
       AND COALESCE(refunds.sent_at, refunds.created_at) >= $2 AND COALESCE(refunds.sent_at, refunds.created_at) < $3
       AND refunds.id > $4
       AND NOT EXISTS (SELECT 1 FROM reconciliation_seen s WHERE s.run_id = $1 AND s.stripe_refund_id = refunds.stripe_refund_id)
     ORDER BY refunds.id LIMIT $5`,
    [runId, window.start, window.end, afterId, limit],
  );
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

/** Stores a page's discrepancies in one statement. */
export async function insertDiscrepancies(
  db: Queryable,
  runId: string,
  items: NewDiscrepancy[],
): Promise<void> {
  if (items.length === 0) return;
  const values: string[] = [];
  const params: unknown[] = [];
  for (const d of items) {
    const base = params.length;
    params.push(
      newId('rcd'),
      runId,
      d.kind,
      d.refundId,
      d.stripeRefundId,
      d.paymentId,
      d.stripeValues ? JSON.stringify(d.stripeValues) : null,
      d.localValues ? JSON.stringify(d.localValues) : null,
      d.action,
      d.detail,
      d.resolvedBy ?? null,
      d.resolutionNote ?? null,
      d.account,
    );
    const p = (i: number) => `$${base + i}`;
    values.push(
      `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}::jsonb, ${p(8)}::jsonb, ${p(9)}, ${p(10)},
        CASE WHEN ${p(11)}::text IS NULL THEN NULL ELSE clock_timestamp() END, ${p(11)}, ${p(12)}, ${p(13)})`,
    );
  }
  await db.query(
    `INSERT INTO reconciliation_discrepancies (id, run_id, kind, refund_id, stripe_refund_id, payment_id,
       stripe_values, local_values, action, detail, resolved_at, resolved_by, resolution_note, account)
     VALUES ${values.join(', ')}`,
    params,
  );
}

/**
 * A person already resolved the same discrepancy (same kind, same refunds, same values) in an
 * earlier run: returns that resolution, so each daily run does not ask again.
 */
export async function earlierResolution(
  db: Queryable,
  d: Pick<NewDiscrepancy, 'kind' | 'refundId' | 'stripeRefundId' | 'stripeValues' | 'localValues'>,
): Promise<{ id: string; resolvedBy: string } | undefined> {
  const [row] = await db.query<{ id: string; resolved_by: string }>(
    `SELECT id, resolved_by FROM reconciliation_discrepancies
     WHERE kind = $1 AND action = 'flagged' AND resolved_at IS NOT NULL
       AND refund_id IS NOT DISTINCT FROM $2 AND stripe_refund_id IS NOT DISTINCT FROM $3
       AND stripe_values IS NOT DISTINCT FROM $4::jsonb AND local_values IS NOT DISTINCT FROM $5::jsonb
       AND (refund_id IS NOT NULL OR stripe_refund_id IS NOT NULL)
     ORDER BY resolved_at DESC LIMIT 1`,
    [
      d.kind,
      d.refundId,
      d.stripeRefundId,
      d.stripeValues ? JSON.stringify(d.stripeValues) : null,
      d.localValues ? JSON.stringify(d.localValues) : null,
    ],
  );
  return row ? { id: row.id, resolvedBy: row.resolved_by } : undefined;
}

/** A discrepancy as its table stores it: each field is a column of the same value. */
type DiscrepancyRow = ColumnsOf<Discrepancy>;

function toDiscrepancy(r: DiscrepancyRow): Discrepancy {
  return {
    ...fieldsOf(r, 'id', 'run_id', 'kind', 'refund_id', 'stripe_refund_id', 'payment_id'),
    account: r.account ?? null,
    ...fieldsOf(r, 'stripe_values', 'local_values', 'action', 'detail'),
    ...fieldsOf(r, 'resolved_at', 'resolved_by', 'resolution_note', 'created_at'),
  };
}

export interface DiscrepancyFilter {
  kind?: DiscrepancyKind | undefined;
  /** true: flagged and not resolved yet. */
  open?: boolean | undefined;
  /** One account's ('platform': the platform's own). */
  account?: string | undefined;
  limit: number;
  startingAfter?: string | undefined;
}

/** A run's discrepancies in the order they were found, a page at a time. */
export async function listDiscrepancies(
  db: Queryable,
  runId: string,
  filter: DiscrepancyFilter,
): Promise<{ data: Discrepancy[]; hasMore: boolean }> {
  const { where, params, add } = conditions();
  add('run_id = ?', runId);
  if (filter.kind) add('kind = ?', filter.kind);
  if (filter.open) where.push(`action = 'flagged' AND resolved_at IS NULL`);
  if (filter.account === 'platform') where.push('account IS NULL');
  else if (filter.account) add('account = ?', filter.account);
  if (filter.startingAfter)
    add('seq > (SELECT seq FROM reconciliation_discrepancies WHERE id = ?)', filter.startingAfter);
  params.push(filter.limit + 1);
  const rows = await db.query<DiscrepancyRow>(
    `SELECT * FROM reconciliation_discrepancies WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${params.length}`,
    params,
  );
  return { data: rows.slice(0, filter.limit).map(toDiscrepancy), hasMore: rows.length > filter.limit };
}

export async function getDiscrepancy(db: Queryable, id: string): Promise<Discrepancy | undefined> {
  const [row] = await db.query<DiscrepancyRow>('SELECT * FROM reconciliation_discrepancies WHERE id = $1', [
    id,
  ]);
  return row ? toDiscrepancy(row) : undefined;
}

export type ResolveOutcome =
  | { kind: 'resolved'; discrepancy: Discrepancy }
  | { kind: 'not_found' }
  | { kind: 'already_resolved'; discrepancy: Discrepancy };

/** A person says a flagged discrepancy is dealt with, and how. */
export async function resolveDiscrepancy(
  db: Queryable,
  id: string,
  by: string,
  note: string,
): Promise<ResolveOutcome> {
  const rows = await db.query<DiscrepancyRow>(
    `UPDATE reconciliation_discrepancies SET resolved_at = clock_timestamp(), resolved_by = $2, resolution_note = $3
     WHERE id = $1 AND resolved_at IS NULL RETURNING *`,
    [id, by, note],
  );
  if (rows[0]) return { kind: 'resolved', discrepancy: toDiscrepancy(rows[0]) };
  const existing = await getDiscrepancy(db, id);
  return existing ? { kind: 'already_resolved', discrepancy: existing } : { kind: 'not_found' };
}

/** What a run found on one account: the Stripe refunds it listed there and the pairs per kind. */
export interface RunAccount {
  /** acct_… or 'platform'. */
  account: string;
  stripeRefunds: number;
  counts: Partial<Record<PairKind, number>>;
}

/**
 * Adds to a run's counts for one account (created on first use): called when the run has listed an
 * account, and for what the end-of-run check finds there. One statement; counts are summed in SQL.
 */
export async function addAccountCounts(db: Queryable, runId: string, delta: RunAccount): Promise<void> {
  await db.query(
    `INSERT INTO reconciliation_run_accounts AS a (run_id, account, stripe_refunds, counts)
     VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (run_id, account) DO UPDATE SET
       stripe_refunds = a.stripe_refunds + EXCLUDED.stripe_refunds,
       counts = (SELECT COALESCE(jsonb_object_agg(k, n), '{}'::jsonb) FROM (
                   SELECT k, sum(v::int) AS n FROM (
                     SELECT key AS k, value AS v FROM jsonb_each_text(a.counts)
                     UNION ALL
                     SELECT key, value FROM jsonb_each_text(EXCLUDED.counts)) AS both_sides
                   GROUP BY k) AS summed)`,
    [runId, delta.account, delta.stripeRefunds, JSON.stringify(delta.counts)],
  );
}

/** A run's counts per account, platform first, then by account id. */
export async function listRunAccounts(db: Queryable, runId: string): Promise<RunAccount[]> {
  const rows = await db.query<{ account: string; stripe_refunds: number; counts: RunAccount['counts'] }>(
    `SELECT account, stripe_refunds, counts FROM reconciliation_run_accounts WHERE run_id = $1
     ORDER BY account <> 'platform', account`,
    [runId],
  );
  return rows.map((r) => ({ account: r.account, stripeRefunds: Number(r.stripe_refunds), counts: r.counts }));
}

export function serializeRunAccount(a: RunAccount) {
  const flaggedKinds = Object.entries(a.counts).filter(([k]) => k !== 'matched' && k !== 'transfer_reversal');
  return {
    account: a.account,
    stripe_refunds: a.stripeRefunds,
    counts: a.counts,
    matched: a.counts.matched ?? 0,
    discrepancies: flaggedKinds.reduce((sum, [, n]) => sum + (n ?? 0), 0),
  };
}

/** A run a person must look at: it failed or was canceled, or left discrepancies nobody resolved yet. */
export function needsAttention(run: Pick<Run, 'status' | 'open'>): boolean {
  return run.status === 'failed' || run.status === 'canceled' || run.open > 0;
}

export function serializeRun(r: Run, names?: Map<string, ActorInfo>) {
  return {
    id: r.id,
    object: 'reconciliation_run',
    window: { from: isoOrNull(r.windowStart), to: isoOrNull(r.windowEnd) },
    status: r.status,
    triggered_by: r.triggeredBy,
    ...(names ? actorFields('triggered_by', r.triggeredBy, names) : {}),
    schedule_key: r.scheduleKey,
    stripe_refunds: r.stripeRefunds,
    counts: r.counts,
    healed: r.healed,
    flagged: r.flagged,
    open: r.open,
    needs_attention: needsAttention(r),
    error: r.error,
    created_at: isoOrNull(r.createdAt),
    started_at: isoOrNull(r.startedAt),
    finished_at: isoOrNull(r.finishedAt),
    duration_seconds:
      r.startedAt && r.finishedAt ? (r.finishedAt.getTime() - r.startedAt.getTime()) / 1000 : null,
  };
}

export function serializeDiscrepancy(d: Discrepancy, names?: Map<string, ActorInfo>) {
  return {
    id: d.id,
    object: 'reconciliation_discrepancy',
    run_id: d.runId,
    kind: d.kind,
    action: d.action,
    detail: d.detail,
    refund_id: d.refundId,
    stripe_refund_id: d.stripeRefundId,
    payment_id: d.paymentId,
    account: d.account,
    stripe: d.stripeValues,
    local: d.localValues,
    resolved_at: isoOrNull(d.resolvedAt),
    resolved_by: d.resolvedBy,
    ...(names ? actorFields('resolved_by', d.resolvedBy, names) : {}),
    resolution_note: d.resolutionNote,
    created_at: isoOrNull(d.createdAt),
  };
}
