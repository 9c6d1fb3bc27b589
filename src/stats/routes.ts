import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireScope } from '../auth/principal.ts';
import type { Db } from '../db/db.ts';
import { ApiError } from '../http/http-error.ts';
import { accountFilter, date, dateTime, parse } from '../http/validate.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { overview } from './overview.ts';

export interface OverviewRouteDeps {
  db: Db;
  now?: (() => Date) | undefined;
  metrics?: Metrics | undefined;
}

const DAY_MS = 86_400_000;

export const overviewQuery = z.strictObject({
  from: dateTime.or(date).optional(),
  to: dateTime.or(date).optional(),
  // Platforms: one connected account's numbers, or the platform's own ('platform').
  account: accountFilter.optional(),
});

/** Webhook deliveries this process refused for their signature since it started. */
async function badSignaturesSinceStart(metrics: Metrics): Promise<number> {
  const { values } = await metrics.webhookEvents.get();
  return values.filter((v) => v.labels.result === 'bad_signature').reduce((sum, v) => sum + v.value, 0);
}

export function registerOverviewRoute(app: FastifyInstance, deps: OverviewRouteDeps): void {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

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
      refunds_per_day: o.refunds_per_day,
      time_to_final: o.time_to_final,
      failure_reasons: o.failure_reasons,
      queue: o.queue,
      approvals: o.approvals,
      webhooks: {
        ...o.webhooks,
        // Refused before anything is stored, so only this process's counter knows them.
        bad_signatures_since_start: deps.metrics ? await badSignaturesSinceStart(deps.metrics) : null,
      },
      account: q.account ?? null,
      // Refunds per account (platforms): the platform's, the busiest connected accounts', the rest.
      accounts: o.accounts,
    };
  });
}
