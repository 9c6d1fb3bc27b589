// The reconciliation API under /api/v1 (registered inside the authenticated scope): runs and
// their discrepancies for readers (refunds:read), starting a run and resolving a discrepancy for
// admins. Validate, call, shape JSON; the work is in reconcile.ts and the SQL in runs.ts.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeActors } from '../auth/actor-names.ts';
import { actorOf, requireScope } from '../auth/principal.ts';
import type { Db } from '../db/db.ts';
import { onePageCursor, unknownCursor } from '../db/keyset.ts';
import { ApiError } from '../http/http-error.ts';
import { accountFilter, flag, limit, longText, parse, text } from '../http/validate.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Logger } from '../shared/logger.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import { DISCREPANCY_KINDS } from './classify.ts';
import { createReconciler, type Reconciler } from './reconcile.ts';
import {
  getRun,
  listDiscrepancies,
  listRunAccounts,
  listRuns,
  resolveDiscrepancy,
  serializeDiscrepancy,
  serializeRun,
  serializeRunAccount,
} from './runs.ts';
import { windowFrom } from './window.ts';

export interface ReconciliationRouteDeps {
  db: Db;
  gateway: StripeGateway;
  logger: Logger;
  metrics?: Metrics | undefined;
  config?: { reconcile?: { windowDays: number } | undefined } | undefined;
  /** The process's reconciler; one is made (and stopped with the app) when omitted. */
  reconciler?: Reconciler | undefined;
  now?: (() => Date) | undefined;
}

const id = text(100);
export const runParams = z.object({ id });
export const listQuery = z.strictObject({
  limit: limit(100, 20),
  starting_after: id.optional(),
  ending_before: id.optional(),
});
export const runQuery = z.strictObject({
  limit: limit(1000, 100),
  starting_after: id.optional(),
  kind: z.enum(DISCREPANCY_KINDS).optional(),
  open: flag.optional(),
  account: accountFilter.optional(),
});
export const startBody = z
  .strictObject({
    from: text(40).optional(),
    to: text(40).optional(),
  })
  .optional();
export const resolveBody = z.strictObject({
  note: longText(2000).pipe(z.string().min(1, 'say how it was resolved')),
});

export function registerReconciliationRoutes(app: FastifyInstance, deps: ReconciliationRouteDeps): void {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  let reconciler = deps.reconciler;
  if (!reconciler) {
    const own = createReconciler({
      db,
      gateway: deps.gateway,
      logger: deps.logger.child({ part: 'reconciliation' }),
      metrics: deps.metrics,
    });
    app.addHook('onClose', () => own.stop());
    reconciler = own;
  }
  const r = reconciler;

  app.get('/reconciliation/runs', { preHandler: requireScope('refunds:read') }, async (request) => {
    const q = parse(listQuery, request.query, 'query');
    const cursor = onePageCursor(q);
    const page = await listRuns(db, { limit: q.limit, ...cursor });
    if (!page) throw unknownCursor('reconciliation run', cursor);
    const names = await describeActors(
      db,
      page.data.map((run) => run.triggeredBy),
    );
    return { object: 'list', data: page.data.map((run) => serializeRun(run, names)), has_more: page.hasMore };
  });

  app.get('/reconciliation/runs/:id', { preHandler: requireScope('refunds:read') }, async (request) => {
    const { id: runId } = parse(runParams, request.params, 'path');
    const q = parse(runQuery, request.query, 'query');
    const run = await getRun(db, runId);
    if (!run) throw new ApiError(404, 'not_found', `No reconciliation run with id '${runId}'.`, 'id');
    const page = await listDiscrepancies(db, runId, {
      limit: q.limit,
      startingAfter: q.starting_after,
      kind: q.kind,
      open: q.open,
      account: q.account,
    });
    const names = await describeActors(db, [run.triggeredBy, ...page.data.map((d) => d.resolvedBy)]);
    return {
      ...serializeRun(run, names),
      // Stripe lists refunds per account: what the run found on each ('platform' first).
      accounts: (await listRunAccounts(db, runId)).map(serializeRunAccount),
      discrepancies: {
        object: 'list',
        data: page.data.map((d) => serializeDiscrepancy(d, names)),
        has_more: page.hasMore,
      },
    };
  });

  app.post('/reconciliation/runs', { preHandler: requireScope('admin') }, async (request, reply) => {
    const body = parse(startBody, request.body, 'body') ?? {};
    const window = windowFrom(body, now(), deps.config?.reconcile?.windowDays ?? 3);
    if (!window.ok) {
      throw new ApiError(400, 'invalid_request', window.message.replace(/--/g, ''), window.param);
    }
    const started = await r.start({ window: window.window, triggeredBy: actorOf(request) });
    // Accepted: it runs in the background (after any run already holding the lease).
    reply.code(202);
    return serializeRun(started!.run);
  });

  app.post(
    '/reconciliation/discrepancies/:id/resolve',
    { preHandler: requireScope('admin') },
    async (request) => {
      const { id: discrepancyId } = parse(runParams, request.params, 'path');
      const body = parse(resolveBody, request.body, 'body');
      const outcome = await resolveDiscrepancy(db, discrepancyId, actorOf(request), body.note);
      if (outcome.kind === 'not_found') {
        throw new ApiError(404, 'not_found', `No discrepancy with id '${discrepancyId}'.`, 'id');
      }
      const names = await describeActors(db, [outcome.discrepancy?.resolvedBy]);
      if (outcome.kind === 'already_resolved') {
        const by = outcome.discrepancy.resolvedBy;
        throw new ApiError(
          409,
          'already_resolved',
          `Discrepancy ${discrepancyId} was already resolved by ${(by && names.get(by)?.name) ?? by}.`,
          'id',
        );
      }
      return serializeDiscrepancy(outcome.discrepancy, names);
    },
  );
}
