// Refund batches in the database: created by POST /api/v1/refund-batches, claimed by any process's
// batch worker with FOR UPDATE SKIP LOCKED and a lease, processed row by row in file order. Each
// row's outcome and the batch's progress counts are written in one statement pair per row, so
// progress is readable while the batch runs and a batch resumes where it stopped after a crash.
import type { Db, Queryable } from '../db/db.ts';
import { type Cursor, readPage } from '../db/keyset.ts';
import { newId } from '../shared/ids.ts';
import type { BulkRow, BulkRowInput } from './bulk-rows.ts';
import type { RowOutcome, RowOutcomeKind } from './run-row.ts';

export type BatchStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface Batch {
  id: string;
  status: BatchStatus;
  dry_run: boolean;
  created_by: string;
  source: 'csv' | 'json';
  total: number;
  processed: number;
  counts: Partial<Record<RowOutcomeKind, number>>;
  attempts: number;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface BatchRow {
  seq: number;
  line: number;
  input: BulkRowInput;
  row_key: string | null;
  outcome: RowOutcomeKind | null;
  refund_id: string | null;
  payment_id: string | null;
  amount: number | null;
  currency: string | null;
  status: string | null;
  error_code: string | null;
  message: string | null;
  violations: unknown[] | null;
  processed_at: Date | null;
}

const BATCH_COLUMNS = `id, status, dry_run, created_by, source, total, processed, counts, attempts, error,
  created_at, started_at, finished_at`;
const ROW_COLUMNS = `seq, line, input, row_key, outcome, refund_id, payment_id, amount, currency, status,
  error_code, message, violations, processed_at`;

const toRow = (r: BatchRow): BatchRow => ({ ...r, amount: r.amount === null ? null : Number(r.amount) });

/**
 * Stores a batch and all its rows in one transaction (rows in chunks, as one JSON parameter each).
 * With an idempotency key already used by the same submitter, stores nothing and returns that
 * batch (`created: false`) and whether its request was the same (`sameRequest`).
 */
export async function createBatch(
  db: Db,
  input: {
    rows: readonly BulkRow[];
    dryRun: boolean;
    createdBy: string;
    source: 'csv' | 'json';
    idempotencyKey?: string | undefined;
    requestHash?: string | undefined;
  },
): Promise<{ batch: Batch; created: boolean; sameRequest: boolean }> {
  const id = newId('bat');
  return db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO refund_batches (id, status, dry_run, created_by, source, total, idempotency_key, request_hash)
       VALUES ($1, 'queued', $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
      [
        id,
        input.dryRun,
        input.createdBy,
        input.source,
        input.rows.length,
        input.idempotencyKey ?? null,
        input.requestHash ?? null,
      ],
    );
    if (inserted.length === 0) {
      const [prior] = await tx.query<{ id: string; request_hash: string | null }>(
        'SELECT id, request_hash FROM refund_batches WHERE created_by = $1 AND idempotency_key = $2',
        [input.createdBy, input.idempotencyKey ?? null],
      );
      if (!prior) throw new Error('refund batch insert conflicted but no batch holds its idempotency key');
      return {
        batch: (await getBatch(tx, prior.id))!,
        created: false,
        sameRequest: prior.request_hash === (input.requestHash ?? null),
      };
    }
    for (let i = 0; i < input.rows.length; i += 1000) {
      const chunk = input.rows.slice(i, i + 1000).map((r) => ({
        seq: r.seq,
        line: r.line,
        input: r.input,
        row_key: r.key,
        malformed: r.malformed ?? null,
      }));
      await tx.query(
        `INSERT INTO refund_batch_rows (batch_id, seq, line, input, row_key, error_code, message)
         SELECT $1, x.seq, x.line, x.input, x.row_key, x.malformed ->> 'code', x.malformed ->> 'message'
         FROM jsonb_to_recordset($2::jsonb) AS x(seq int, line int, input jsonb, row_key text, malformed jsonb)`,
        [id, JSON.stringify(chunk)],
      );
    }
    return { batch: (await getBatch(tx, id))!, created: true, sameRequest: true };
  });
}

export async function getBatch(db: Queryable, id: string): Promise<Batch | undefined> {
  const [row] = await db.query<Batch>(`SELECT ${BATCH_COLUMNS} FROM refund_batches WHERE id = $1`, [id]);
  return row;
}

/** Newest first, a page at a time (exact cursors: src/db/keyset.ts); undefined: no such cursor. */
export async function listBatches(
  db: Queryable,
  options: { limit: number } & Cursor,
): Promise<{ data: Batch[]; hasMore: boolean } | undefined> {
  return readPage<Batch>(db, { table: 'refund_batches', alias: '', columns: BATCH_COLUMNS }, options);
}

/** Rows in file order after `afterSeq`. */
export async function listBatchRows(
  db: Queryable,
  batchId: string,
  options: { limit: number; afterSeq?: number | undefined },
): Promise<{ data: BatchRow[]; hasMore: boolean }> {
  const rows = await db.query<BatchRow>(
    `SELECT ${ROW_COLUMNS} FROM refund_batch_rows WHERE batch_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [batchId, options.afterSeq ?? 0, options.limit + 1],
  );
  return { data: rows.slice(0, options.limit).map(toRow), hasMore: rows.length > options.limit };
}

/** Claims the oldest open batch nobody holds a live lease on. */
export async function claimBatch(
  db: Queryable,
  options: { workerId: string; leaseMs: number },
): Promise<Batch | undefined> {
  const [row] = await db.query<Batch>(
    `WITH ready AS (
       SELECT id FROM refund_batches
       WHERE status IN ('queued', 'running')
         AND (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp())
       ORDER BY created_at
       LIMIT 1
       FOR UPDATE SKIP LOCKED
     )
     UPDATE refund_batches b SET
       status = 'running',
       lease_owner = $1,
       lease_expires_at = clock_timestamp() + $2 * interval '1 millisecond',
       attempts = b.attempts + 1,
       started_at = COALESCE(b.started_at, clock_timestamp()),
       updated_at = clock_timestamp()
     FROM ready WHERE b.id = ready.id
     RETURNING ${BATCH_COLUMNS.split(',')
       .map((c) => `b.${c.trim()}`)
       .join(', ')}`,
    [options.workerId, options.leaseMs],
  );
  return row;
}

/** Extends the lease; false when another worker has taken the batch over (stop working on it). */
export async function renewLease(
  db: Queryable,
  batchId: string,
  workerId: string,
  leaseMs: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE refund_batches SET lease_expires_at = clock_timestamp() + $3 * interval '1 millisecond'
     WHERE id = $1 AND lease_owner = $2 AND status = 'running' RETURNING id`,
    [batchId, workerId, leaseMs],
  );
  return rows.length > 0;
}

/** Gives the batch back at once (shutdown), so another process resumes it without waiting. */
export async function releaseBatch(db: Queryable, batchId: string, workerId: string): Promise<void> {
  await db.query(
    `UPDATE refund_batches SET lease_owner = NULL, lease_expires_at = NULL, updated_at = clock_timestamp()
     WHERE id = $1 AND lease_owner = $2 AND status = 'running'`,
    [batchId, workerId],
  );
}

/** The next rows still to do, in file order. */
export async function pendingRows(db: Queryable, batchId: string, limit: number): Promise<BatchRow[]> {
  const rows = await db.query<BatchRow>(
    `SELECT ${ROW_COLUMNS} FROM refund_batch_rows WHERE batch_id = $1 AND outcome IS NULL ORDER BY seq LIMIT $2`,
    [batchId, limit],
  );
  return rows.map(toRow);
}

/** Dry runs resuming: the outcomes already decided, to count what they would commit. */
export async function decidedOutcomes(
  db: Queryable,
  batchId: string,
): Promise<Pick<RowOutcome, 'outcome' | 'paymentId' | 'amount'>[]> {
  const rows = await db.query<{ outcome: RowOutcomeKind; payment_id: string | null; amount: number | null }>(
    `SELECT outcome, payment_id, amount FROM refund_batch_rows
     WHERE batch_id = $1 AND outcome IN ('would_accept', 'would_need_approval') ORDER BY seq`,
    [batchId],
  );
  return rows.map((r) => ({
    outcome: r.outcome,
    paymentId: r.payment_id ?? undefined,
    amount: r.amount === null ? undefined : Number(r.amount),
  }));
}

/**
 * Stores a row's outcome and counts it in the batch, once: a row another worker already recorded
 * (after a lost lease) is left alone. Returns whether this call recorded it.
 */
export async function recordRowOutcome(
  db: Db,
  batchId: string,
  seq: number,
  o: RowOutcome,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const updated = await tx.query(
      `UPDATE refund_batch_rows SET outcome = $3, refund_id = $4, payment_id = $5, amount = $6, currency = $7,
         status = $8, error_code = $9, message = $10, violations = $11, processed_at = clock_timestamp()
       WHERE batch_id = $1 AND seq = $2 AND outcome IS NULL RETURNING seq`,
      [
        batchId,
        seq,
        o.outcome,
        o.refundId ?? null,
        o.paymentId ?? null,
        o.amount ?? null,
        o.currency ?? null,
        o.status ?? null,
        o.errorCode ?? null,
        o.message,
        o.violations ? JSON.stringify(o.violations) : null,
      ],
    );
    if (updated.length === 0) return false;
    await tx.query(
      `UPDATE refund_batches SET processed = processed + 1,
         counts = jsonb_set(counts, ARRAY[$2::text], to_jsonb(COALESCE((counts ->> $2::text)::int, 0) + 1)),
         updated_at = clock_timestamp()
       WHERE id = $1`,
      [batchId, o.outcome],
    );
    return true;
  });
}

export async function finishBatch(
  db: Queryable,
  batchId: string,
  workerId: string,
  result: { status: 'completed' | 'failed'; error?: string },
): Promise<void> {
  await db.query(
    `UPDATE refund_batches SET status = $3, error = $4, finished_at = clock_timestamp(), lease_owner = NULL,
       lease_expires_at = NULL, updated_at = clock_timestamp()
     WHERE id = $1 AND lease_owner = $2`,
    [batchId, workerId, result.status, result.error ?? null],
  );
}
