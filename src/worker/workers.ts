// The worker loop: claim ready refunds (up to the free concurrency slots), send each within the
// shared request budget, and on stop() let in-flight Stripe calls finish while giving back the
// leases of refunds not yet sent.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type BudgetSettings, createRequestBudget } from '../budget/request-budget.ts';
import type { Db } from '../db/db.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Logger } from '../shared/logger.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import { claimNext, releaseLease } from './claim-next.ts';
import { type SubmitOutcome, submitRefund } from './submit-refund.ts';

export interface WorkerOptions {
  db: Db;
  gateway: StripeGateway;
  logger: Logger;
  workerId?: string;
  /** Concurrent Stripe requests in this process. */
  concurrency?: number;
  pollIntervalMs?: number;
  leaseMs?: number;
  budget?: BudgetSettings;
  backoff?: { baseMs?: number; capMs?: number };
  /** Prometheus counters (429s); final statuses and failures are read from the database at scrape. */
  metrics?: Metrics | undefined;
}

export interface WorkerStats {
  sent: number;
  retried: number;
  rateLimited: number;
  failed: number;
  authPauses: number;
}

export interface Workers {
  readonly workerId: string;
  readonly stats: WorkerStats;
  stop(): Promise<void>;
}

export async function startWorkers(options: WorkerOptions): Promise<Workers> {
  const { db, gateway, logger } = options;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const concurrency = options.concurrency ?? 16;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const leaseMs = options.leaseMs ?? 60_000;
  const budget = await createRequestBudget(db, options.budget ?? { maxRate: 25 });
  const stats: WorkerStats = { sent: 0, retried: 0, rateLimited: 0, failed: 0, authPauses: 0 };
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  let wake: (() => void) | undefined;
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const record = (outcome: SubmitOutcome) => {
    const metrics = options.metrics;
    if (outcome.kind === 'sent') stats.sent++;
    else if (outcome.kind === 'failed') stats.failed++;
    else if (outcome.kind === 'paused') stats.authPauses++;
    else {
      stats.retried++;
      if (outcome.rateLimited) {
        stats.rateLimited++;
        metrics?.stripeRateLimited.inc();
      }
    }
  };

  const deps = {
    db,
    gateway,
    logger,
    workerId,
    backoff: options.backoff,
    beforeRequest: async () => {
      await budget.acquire();
      // Stopping while waiting for budget: give the refund back rather than start a call.
      if (stopping) throw new StopBeforeSend();
    },
    onRateLimited: () => budget.rateLimited(),
  };

  const loop = async () => {
    while (!stopping) {
      try {
        // The claim itself finds nothing while sending is paused (it checks in the same statement).
        const free = concurrency - inFlight.size;
        // Claim in batches: wait until half the slots are free rather than claim one per send.
        if (free <= 0 || (inFlight.size > 0 && free < Math.ceil(concurrency / 2))) {
          await Promise.race(inFlight);
          continue;
        }
        const claimed = await claimNext(db, { workerId, limit: free, leaseMs });
        for (const refund of claimed) {
          const task: Promise<void> = submitRefund(deps, refund)
            .then(record)
            .catch(async (error: unknown) => {
              if (error instanceof StopBeforeSend) await releaseLease(db, refund.id, workerId);
              else logger.error({ err: error, refundId: refund.id }, 'worker could not store an outcome');
            })
            .finally(() => inFlight.delete(task));
          inFlight.add(task);
        }
        if (claimed.length === 0) await nap(pollIntervalMs);
      } catch (error) {
        logger.error({ err: error }, 'worker loop error');
        await nap(pollIntervalMs);
      }
    }
  };
  const running = loop();
  logger.info({ workerId, concurrency }, 'workers started');

  return {
    workerId,
    stats,
    async stop() {
      stopping = true;
      wake?.();
      await running;
      await Promise.allSettled([...inFlight]);
      logger.info({ workerId, stats }, 'workers stopped');
    },
  };
}

class StopBeforeSend extends Error {
  override name = 'StopBeforeSend';
}
