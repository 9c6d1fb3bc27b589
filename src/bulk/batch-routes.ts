// /api/v1/refund-batches: submit a batch (CSV text or JSON rows), read its progress while the batch
// worker runs it, and read its row outcomes as JSON or CSV. Registered inside the /api/v1 plugin,
// so the same authentication applies (API key or dashboard session), with the shared scope checks.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, requireScope } from '../auth/principal.ts';
import type { Db } from '../db/db.ts';
import { onePageCursor, unknownCursor } from '../db/keyset.ts';
import { ApiError } from '../http/http-error.ts';
import { idempotencyKeyHeader, limit, parse, queryInt, text } from '../http/validate.ts';
import { isoOrNull } from '../shared/iso-time.ts';
import { type Batch, type BatchRow, createBatch, getBatch, listBatches, listBatchRows } from './batches.ts';
import {
  BULK_COLUMNS,
  BulkFormatError,
  type BulkRow,
  bulkRowsFromObjects,
  parseBulkCsv,
} from './bulk-rows.ts';
import { outcomesCsvHeader, outcomesCsvRows } from './outcomes-csv.ts';

export const MAX_BATCH_ROWS = 100_000;
const CSV_BODY_LIMIT = 20 * 1024 * 1024;

export interface BatchRouteDeps {
  db: Db;
}

export function serializeBatch(b: Batch) {
  return {
    id: b.id,
    object: 'refund_batch',
    status: b.status,
    dry_run: b.dry_run,
    source: b.source,
    created_by: b.created_by,
    total: b.total,
    processed: b.processed,
    counts: b.counts,
    error: b.error,
    created_at: isoOrNull(b.created_at),
    started_at: isoOrNull(b.started_at),
    finished_at: isoOrNull(b.finished_at),
    rows_url: `/api/v1/refund-batches/${b.id}/rows`,
    rows_csv_url: `/api/v1/refund-batches/${b.id}/rows.csv`,
  };
}

export function serializeBatchRow(r: BatchRow) {
  return {
    seq: r.seq,
    line: r.line,
    input: r.input,
    outcome: r.outcome,
    refund_id: r.refund_id,
    payment_id: r.payment_id,
    amount: r.amount,
    currency: r.currency,
    refund_status: r.status,
    error_code: r.outcome ? r.error_code : null,
    message: r.outcome ? r.message : null,
    violations: r.violations,
    processed_at: isoOrNull(r.processed_at),
  };
}

const cell = z.string().max(1000).optional();
export const jsonBody = z.strictObject({
  dry_run: z.boolean().optional(),
  rows: z
    .array(
      z.strictObject({
        payment_id: cell,
        order_id: cell,
        stripe_id: cell,
        amount: z
          .string({ error: 'must be a string in the currency\'s notation (e.g. "12.50") or "all"' })
          .max(100),
        reason: z.string().max(100),
        note: cell,
        currency: cell,
        // Platforms: "true" or "false" (empty or absent: the policy's defaults), as in the CSV.
        reverse_transfer: cell,
        refund_application_fee: cell,
      }),
    )
    .min(1, 'must have at least one row')
    .max(MAX_BATCH_ROWS, `at most ${MAX_BATCH_ROWS} rows per batch`),
});
export const dryRunQuery = z.strictObject({ dry_run: z.enum(['true', 'false', '1', '0']).optional() });
export const idParams = z.object({ id: text(100) });
export const rowsQuery = z.strictObject({
  limit: limit(1000, 100),
  starting_after: queryInt(0, Number.MAX_SAFE_INTEGER).optional(),
});
export const listQuery = z.strictObject({
  limit: limit(100, 10),
  starting_after: text(100).optional(),
  ending_before: text(100).optional(),
});

function formatError(error: BulkFormatError): ApiError {
  return new ApiError(400, 'invalid_csv', error.message, 'body', { expected_columns: [...BULK_COLUMNS] });
}

export function registerBatchRoutes(app: FastifyInstance, deps: BatchRouteDeps): void {
  const { db } = deps;
  app.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );

  const batchOr404 = async (id: string) => {
    const batch = await getBatch(db, id);
    if (!batch) throw new ApiError(404, 'not_found', `No refund batch with id '${id}'.`, 'id');
    return batch;
  };

  app.post(
    '/refund-batches',
    { preHandler: requireScope('refunds:write'), bodyLimit: CSV_BODY_LIMIT },
    async (request, reply) => {
      const query = parse(dryRunQuery, request.query, 'query');
      const idempotencyKey = idempotencyKeyHeader(request.headers);
      let rows: BulkRow[];
      let dryRun = query.dry_run === 'true' || query.dry_run === '1';
      let source: 'csv' | 'json';
      if (typeof request.body === 'string') {
        source = 'csv';
        try {
          rows = parseBulkCsv(request.body);
        } catch (error) {
          if (error instanceof BulkFormatError) throw formatError(error);
          throw error;
        }
        if (rows.length > MAX_BATCH_ROWS) {
          throw new ApiError(
            400,
            'too_many_rows',
            `At most ${MAX_BATCH_ROWS} rows per batch; split the file.`,
            'body',
          );
        }
      } else {
        source = 'json';
        const body = parse(jsonBody, request.body, 'body');
        if (body.dry_run !== undefined) dryRun = body.dry_run;
        rows = bulkRowsFromObjects(body.rows);
      }
      const requestHash = createHash('sha256')
        .update(
          JSON.stringify([dryRun, typeof request.body === 'string' ? request.body : (request.body ?? null)]),
        )
        .digest('hex');
      const { batch, created, sameRequest } = await createBatch(db, {
        rows,
        dryRun,
        createdBy: actorOf(request),
        source,
        idempotencyKey,
        requestHash,
      });
      if (!sameRequest) {
        throw new ApiError(
          422,
          'idempotency_conflict',
          'This Idempotency-Key was used with a different batch.',
          'Idempotency-Key',
        );
      }
      if (!created) reply.header('Idempotent-Replayed', 'true');
      reply.code(created ? 202 : 200).header('location', `/api/v1/refund-batches/${batch.id}`);
      return serializeBatch(batch);
    },
  );

  app.get('/refund-batches', { preHandler: requireScope('refunds:read') }, async (request) => {
    const q = parse(listQuery, request.query, 'query');
    const cursor = onePageCursor(q);
    const page = await listBatches(db, { limit: q.limit, ...cursor });
    if (!page) throw unknownCursor('batch', cursor);
    return { object: 'list', data: page.data.map(serializeBatch), has_more: page.hasMore };
  });

  app.get('/refund-batches/:id', { preHandler: requireScope('refunds:read') }, async (request) =>
    serializeBatch(await batchOr404(parse(idParams, request.params, 'path').id)),
  );

  app.get('/refund-batches/:id/rows', { preHandler: requireScope('refunds:read') }, async (request) => {
    const { id } = parse(idParams, request.params, 'path');
    const q = parse(rowsQuery, request.query, 'query');
    await batchOr404(id);
    const page = await listBatchRows(db, id, { limit: q.limit, afterSeq: q.starting_after });
    return { object: 'list', data: page.data.map(serializeBatchRow), has_more: page.hasMore };
  });

  app.get(
    '/refund-batches/:id/rows.csv',
    { preHandler: requireScope('refunds:read') },
    async (request, reply) => {
      const { id } = parse(idParams, request.params, 'path');
      await batchOr404(id);
      async function* csv() {
        yield outcomesCsvHeader();
        let after = 0;
        for (;;) {
          const page = await listBatchRows(db, id, { limit: 1000, afterSeq: after });
          if (page.data.length > 0) yield outcomesCsvRows(page.data.map(batchRowToOutcomeRecord));
          if (!page.hasMore) return;
          after = page.data.at(-1)!.seq;
        }
      }
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${id}-rows.csv"`);
      const { Readable } = await import('node:stream');
      return reply.send(Readable.from(csv()));
    },
  );
}

function batchRowToOutcomeRecord(r: BatchRow) {
  return {
    line: r.line,
    input: r.input,
    outcome: r.outcome ?? 'pending',
    refundId: r.refund_id ?? undefined,
    paymentId: r.payment_id ?? undefined,
    amount: r.amount ?? undefined,
    currency: r.currency ?? undefined,
    status: r.status ?? undefined,
    errorCode: r.outcome ? (r.error_code ?? undefined) : undefined,
    message: r.outcome ? (r.message ?? '') : '',
  };
}
