// Read endpoints the dashboard needs beyond the core API: the refund list as CSV and the
// operations overview. Same scopes as the rest of /api/v1, so an API key can use them too.

import { stringify } from 'csv-stringify';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeActors } from '../auth/actor-names.ts';
import { requireScope } from '../auth/principal.ts';
import { majorAmount, safeCell } from '../http/csv-cells.ts';
import { ApiError } from '../http/http-error.ts';
import { accountFilter, date, dateTime, parse } from '../http/validate.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { listRefunds, type Refund } from '../refunds/refunds.ts';
import { overview } from '../stats/overview.ts';
import { type ApiDeps, refundFilterFields, refundFilters } from './routes.ts';

const DAY_MS = 86_400_000;

export const exportQuery = z.strictObject(refundFilterFields);
export const overviewQuery = z.strictObject({
  from: dateTime.or(date).optional(),
  to: dateTime.or(date).optional(),
  // Platforms: one connected account's numbers, or the platform's own ('platform').
  account: accountFilter.optional(),
});
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

/** Webhook deliveries this process refused for their signature since it started. */
async function badSignaturesSinceStart(metrics: Metrics): Promise<number> {
  const { values } = await metrics.webhookEvents.get();
  return values.filter((v) => v.labels.result === 'bad_signature').reduce((sum, v) => sum + v.value, 0);
}

export function registerDashboardRoutes(app: FastifyInstance, deps: ApiDeps): void {
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

  app.get('/stats/overview', { preHandler: requireScope('refunds:read') }, async (request) => {
    const q = parse(overviewQuery, request.query, 'query');
    const to = q.to ? new Date(q.to) : now();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (from >= to) throw new ApiError(400, 'invalid_request', 'from must be before to.', 'from');
    if (to.getTime() - from.getTime() > 366 * DAY_MS) {
      throw new ApiError(400, 'invalid_request', 'The range may span at most 366 days.', 'from');
    }
    const o = await overview(db, { from, to }, now(), q.account);
    return {
      object: 'overview',
      from: o.from.toISOString(),
      to: o.to.toISOString(),
      refunds_per_day: o.refundsPerDay,
      time_to_final: {
        count: o.timeToFinal.count,
        p50_seconds: o.timeToFinal.p50Seconds,
        p90_seconds: o.timeToFinal.p90Seconds,
        p99_seconds: o.timeToFinal.p99Seconds,
      },
      failure_reasons: o.failureReasons,
      queue: {
        depth: o.queue.depth,
        oldest_age_seconds: o.queue.oldestAgeSeconds,
        sent_awaiting_stripe: o.queue.sentAwaitingStripe,
      },
      approvals: { waiting: o.approvals.waiting, oldest_age_seconds: o.approvals.oldestAgeSeconds },
      webhooks: {
        available: o.webhooks.available,
        received: o.webhooks.received,
        applied: o.webhooks.applied,
        failed: o.webhooks.failed,
        unapplied: o.webhooks.unapplied,
        bad_signatures: o.webhooks.badSignatures,
        // Refused before anything is stored, so only this process's counter knows them.
        bad_signatures_since_start: deps.metrics ? await badSignaturesSinceStart(deps.metrics) : null,
      },
      account: q.account ?? null,
      // Refunds per account (platforms): the platform's, the busiest connected accounts', the rest.
      accounts: o.accounts,
    };
  });
}
