// The reconciliation API under /api/v1 (registered inside the authenticated scope): runs and
// their discrepancies for readers (refunds:read), starting a run and resolving a discrepancy for
// admins. Validate, call, shape JSON; the work is in reconcile.ts and the SQL in runs.ts.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../api/errors.ts';
import { describeActors } from '../auth/actor-names.ts';
import { actorOf, requireScope } from '../auth/principal.ts';
import type { Db } from '../db/db.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Logger } from '../shared/logger.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import { DISCREPANCY_KINDS } from './classify.ts';
import { createReconciler, type Reconciler } from './reconcile.ts';
import {
  getRun,
  listDiscrepancies,
  listRuns,
  resolveDiscrepancy,
  serializeDiscrepancy,
  serializeRun,
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

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = issue.path.join('.') || undefined;
  throw new ApiError(400, 'invalid_request', param ? `${param}: ${issue.message}` : issue.message, param);
}

const id = z.string().trim().min(1).max(100);
const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: id.optional(),
});
const runQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  starting_after: id.optional(),
  kind: z.enum(DISCREPANCY_KINDS).optional(),
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
const startBody = z
  .strictObject({
    from: z.string().max(40).optional(),
    to: z.string().max(40).optional(),
  })
  .optional();
const resolveBody = z.strictObject({ note: z.string().trim().min(1, 'say how it was resolved').max(2000) });

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
    const q = parse(listQuery, request.query);
    const page = await listRuns(db, { limit: q.limit, startingAfter: q.starting_after });
    if (!page) {
      throw new ApiError(
        404,
        'not_found',
        `No reconciliation run with id '${q.starting_after}'.`,
        'starting_after',
      );
    }
    const names = await describeActors(
      db,
      page.data.map((run) => run.triggeredBy),
    );
    return { object: 'list', data: page.data.map((run) => serializeRun(run, names)), has_more: page.hasMore };
  });

  app.get('/reconciliation/runs/:id', { preHandler: requireScope('refunds:read') }, async (request) => {
    const { id: runId } = parse(z.object({ id }), request.params);
    const q = parse(runQuery, request.query);
    const run = await getRun(db, runId);
    if (!run) throw new ApiError(404, 'not_found', `No reconciliation run with id '${runId}'.`, 'id');
    const page = await listDiscrepancies(db, runId, {
      limit: q.limit,
      startingAfter: q.starting_after,
      kind: q.kind,
      open: q.open,
    });
    const names = await describeActors(db, [run.triggeredBy, ...page.data.map((d) => d.resolvedBy)]);
    return {
      ...serializeRun(run, names),
      discrepancies: {
        object: 'list',
        data: page.data.map((d) => serializeDiscrepancy(d, names)),
        has_more: page.hasMore,
      },
    };
  });

  app.post('/reconciliation/runs', { preHandler: requireScope('admin') }, async (request, reply) => {
    const body = parse(startBody, request.body) ?? {};
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
      const { id: discrepancyId } = parse(z.object({ id }), request.params);
      const body = parse(resolveBody, request.body);
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
