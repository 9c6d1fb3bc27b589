// GET /api/v1/refunds/export.csv: the refund list (its filters) as a CSV for finance, paged from
// the database as it streams, so memory stays flat whatever the number of refunds.
import { stringify } from 'csv-stringify';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeActors } from '../auth/actor-names.ts';
import { requireScope } from '../auth/principal.ts';
import type { Db } from '../db/db.ts';
import { majorAmount, safeCell } from '../http/csv-cells.ts';
import { parse } from '../http/validate.ts';
import { listRefunds, type Refund } from './refunds.ts';
import { refundFilterFields, refundFilters } from './routes.ts';

export interface RefundExportDeps {
  db: Db;
  now?: (() => Date) | undefined;
}

export const exportQuery = z.strictObject(refundFilterFields);
const PAGE = 500;

const CSV_COLUMNS = [
  'id',
  'created_at',
  'status',
  'amount',
  'amount_minor',
  'currency',
  'reason',
  'note',
  'payment_id',
  'order_id',
  'customer_email',
  'account',
  'stripe_refund_id',
  'requested_by',
  'requested_by_name',
  'requested_by_email',
  'approved_by',
  'approved_by_name',
  'approved_by_email',
  'failure_code',
  'final_at',
];

export function registerRefundExportRoute(app: FastifyInstance, deps: RefundExportDeps): void {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  app.get('/refunds/export.csv', { preHandler: requireScope('refunds:read') }, async (request, reply) => {
    const q = parse(exportQuery, request.query, 'query');
    const filters = refundFilters(q);
    const csv = stringify({ header: true, columns: CSV_COLUMNS });
    // The first page is read before anything is sent, so a refusal (an unknown starting point, a
    // database error) is still an answer in our error shape rather than a cut-off CSV.
    let page = await listRefunds(db, { ...filters, limit: PAGE });
    // Then it pages through the same query the list uses (newest first), so memory stays flat.
    (async () => {
      for (;;) {
        const paymentInfo = await paymentsOf(page.data);
        const names = await describeActors(
          db,
          page.data.flatMap((r) => [r.requested_by, r.approved_by]),
        );
        const person = (actor: string | null) => (actor ? names.get(actor) : undefined);
        for (const r of page.data) {
          const p = paymentInfo.get(r.payment_id);
          const ok = csv.write([
            r.id,
            r.created_at.toISOString(),
            r.status,
            majorAmount(r.amount, r.currency),
            r.amount,
            r.currency,
            r.reason,
            safeCell(r.note),
            r.payment_id,
            safeCell(p?.order_id),
            safeCell(p?.customer_email),
            p?.connected_account ?? '',
            r.stripe_refund_id ?? '',
            safeCell(r.requested_by),
            safeCell(person(r.requested_by)?.name),
            safeCell(person(r.requested_by)?.email),
            safeCell(r.approved_by),
            safeCell(person(r.approved_by)?.name),
            safeCell(person(r.approved_by)?.email),
            r.failure_code ?? '',
            r.final_at ? r.final_at.toISOString() : '',
          ]);
          if (!ok) await new Promise((resolve) => csv.once('drain', resolve));
        }
        if (!page.hasMore) break;
        page = await listRefunds(db, { ...filters, limit: PAGE, startingAfter: page.data.at(-1)!.id });
      }
      csv.end();
    })().catch((err) => {
      // Headers are sent by now: the response ends early, and the cause is in the log.
      request.log.error({ err }, 'refund export failed midway');
      csv.destroy(err);
    });
    const stamp = now().toISOString().slice(0, 10);
    reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="refunds-${stamp}.csv"`)
      .header('Cache-Control', 'no-store');
    return reply.send(csv);
  });

  async function paymentsOf(refunds: Refund[]) {
    const ids = [...new Set(refunds.map((r) => r.payment_id))];
    const rows = ids.length
      ? await db.query<{
          id: string;
          order_id: string | null;
          customer_email: string | null;
          connected_account: string | null;
        }>('SELECT id, order_id, customer_email, connected_account FROM payments WHERE id = ANY($1)', [ids])
      : [];
    return new Map(rows.map((r) => [r.id, r]));
  }
}
