// Liveness (/healthz), readiness (/readyz) and the Prometheus scrape (/metrics). No auth on
// purpose: load balancers and Prometheus call these, and they expose counts and check names only,
// never secrets, customer data or where the database lives: a failed check says which check and a
// fixed sentence, and the detail (driver error, host and port) goes to the log.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/db.ts';
import { pendingMigrations } from '../db/migrate.ts';
import type { Metrics } from '../metrics/metrics.ts';

export interface HealthDeps {
  db: Db;
  metrics?: Metrics | undefined;
  /** Optional extra check (e.g. Stripe credentials); resolves true when fine. */
  checkStripe?: (() => Promise<boolean>) | undefined;
  checkTimeoutMs?: number;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref(),
    ),
  ]);
}

export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  const timeout = deps.checkTimeoutMs ?? 2_000;
  app.get('/readyz', async (request, reply) => {
    const failed: { check: string; message: string }[] = [];
    let pending: string[] | undefined;
    try {
      await withTimeout(deps.db.query('SELECT 1'), timeout);
    } catch (err) {
      request.log.warn({ err, check: 'database' }, 'readiness check failed');
      failed.push({ check: 'database', message: 'The database did not answer.' });
    }
    if (failed.length === 0) {
      try {
        pending = await withTimeout(pendingMigrations(deps.db), timeout);
      } catch (err) {
        request.log.warn({ err, check: 'migrations' }, 'readiness check failed');
        failed.push({ check: 'migrations', message: 'The applied migrations could not be read.' });
      }
      if (pending && pending.length > 0) {
        failed.push({ check: 'migrations', message: `pending: ${pending.join(', ')}` });
      }
    }
    if (deps.checkStripe) {
      try {
        if (!(await withTimeout(deps.checkStripe(), timeout))) {
          failed.push({ check: 'stripe', message: 'Stripe credentials rejected.' });
        }
      } catch (err) {
        request.log.warn({ err, check: 'stripe' }, 'readiness check failed');
        failed.push({ check: 'stripe', message: 'Stripe did not answer or refused the credentials.' });
      }
    }
    if (failed.length > 0) return reply.code(503).send({ status: 'unavailable', failed });
    return { status: 'ok' };
  });
  const metrics = deps.metrics;
  if (metrics) {
    app.get('/metrics', async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.header('content-type', metrics.registry.contentType).send(text);
    });
  }
}

/**
 * A Stripe credentials check for /readyz: looks up an id that cannot exist (Stripe answers 404,
 * which the gateway maps to undefined; a bad key throws). Cached so probes every few seconds do not
 * spend the shared Stripe request budget: at most one call per ttlMs.
 */
export function stripeCredentialsCheck(
  retrievePayment: (id: string) => Promise<unknown>,
  ttlMs = 60_000,
  clock: () => number = Date.now,
): () => Promise<boolean> {
  let last: { at: number; result: Promise<boolean> } | undefined;
  return () => {
    if (!last || clock() - last.at >= ttlMs) {
      const result = retrievePayment('pi_refundryreadinessprobe').then(() => true);
      // A failed check is not cached, so recovery shows at the next probe.
      result.catch(() => {
        last = undefined;
      });
      last = { at: clock(), result };
    }
    return last.result;
  };
}
