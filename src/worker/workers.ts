// The worker loop: claim ready refunds (up to the free concurrency slots), send each within the
// shared request budget, and on stop() let in-flight Stripe calls finish while giving back the
// leases of refunds not yet sent. Leases are short and renewed by a heartbeat while a refund is in
// flight, so the refunds of a worker that crashed are taken over within seconds; a takeover that
// races a slow original send is safe, both use the refund's one idempotency key.
import { DEFAULT_STRIPE_RATE_LIMIT, DEFAULT_WORKER_LEASE_MS } from '../config.ts';
import type { Db } from '../db/db.ts';
import { DatabaseUnavailableError } from '../db/db.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { batcher } from '../shared/batcher.ts';
import { newWorkerId } from '../shared/ids.ts';
import type { Logger } from '../shared/logger.ts';
import { type PollingLoop, startPollingLoop } from '../shared/polling-loop.ts';
import { taskSlots } from '../shared/task-slots.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import { type BudgetSettings, createRequestBudget, type RequestBudget } from '../stripe/request-budget.ts';
import { type ClaimedRefund, claimNext, releaseLease, renewLeases } from './claim-next.ts';
import {
  type SentRefund,
  type SubmitDeps,
  type SubmitOutcome,
  storeSent,
  storeSentMany,
  submitRefund,
} from './submit-refund.ts';

export interface WorkerOptions {
  db: Db;
  gateway: StripeGateway;
  logger: Logger;
  workerId?: string;
  /** Concurrent Stripe requests in this process. */
  concurrency?: number;
  pollIntervalMs?: number;
  /** How long a claim holds a refund without a heartbeat (a crashed worker's refunds wait this long). */
  leaseMs?: number;
  /** How often the leases of refunds in flight are renewed (default a third of leaseMs). */
  heartbeatMs?: number;
  /** The Stripe request budget the service shares (run-service.ts builds it once), or settings for one (tests). */
  budget?: RequestBudget | BudgetSettings;
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
  const { db, logger } = options;
  const workerId = options.workerId ?? newWorkerId();
  const concurrency = options.concurrency ?? 16;
  const leaseMs = options.leaseMs ?? DEFAULT_WORKER_LEASE_MS;
  const heartbeatMs = options.heartbeatMs ?? Math.max(10, Math.floor(leaseMs / 3));
  const budget = await budgetOf(db, options.budget);
  const stats: WorkerStats = { sent: 0, retried: 0, rateLimited: 0, failed: 0, authPauses: 0 };
  const slots = taskSlots(concurrency);
  /** Refunds claimed by this process and not yet stored: the heartbeat renews their leases. */
  const held = new Set<string>();
  const deps: SubmitDeps = {
    db,
    storeSent: storeInGroups(db),
    gateway: options.gateway,
    logger,
    workerId,
    backoff: options.backoff,
    beforeRequest: async () => {
      await budget.acquire();
      // Stopping while waiting for budget: give the refund back rather than start a call.
      if (loop.stopping) throw new StopBeforeSend();
    },
    onRateLimited: () => budget.rateLimited(),
  };

  /** Sends one claimed refund in a slot, holding its lease (the heartbeat's) until it is stored. */
  const send = (refund: ClaimedRefund) => {
    held.add(refund.id);
    const task = submitRefund(deps, refund)
      .then((outcome) => countOutcome(stats, options.metrics, outcome))
      .catch(async (error: unknown) => {
        if (error instanceof StopBeforeSend) await releaseLease(db, refund.id, workerId);
        // Not stored (e.g. the database went away): the lease runs out and the refund is
        // claimed again; its resend returns the same Stripe refund.
        else logger.warn({ err: error, refundId: refund.id }, 'worker could not store an outcome');
      })
      .catch((error: unknown) =>
        logger.warn({ err: error, refundId: refund.id }, 'could not give a lease back'),
      )
      .finally(() => held.delete(refund.id));
    slots.hold(task);
  };

  /** One pass: claim up to the free slots and start sending; true when it found work. */
  const pass = async (): Promise<boolean> => {
    // The claim itself finds nothing while sending is paused (it checks in the same statement).
    const free = await slots.free();
    if (free === 0) return true;
    const claimed = await claimNext(db, { workerId, limit: free, leaseMs });
    for (const refund of claimed) {
      // Still in flight here after its lease ran out (the heartbeat could not reach the
      // database): the claim renewed the lease; the send already running carries on alone.
      if (!held.has(refund.id)) send(refund);
    }
    return claimed.length > 0;
  };

  const beats = startHeartbeat(db, logger, held, { workerId, leaseMs, heartbeatMs });
  const loop = startPollingLoop({
    pass,
    intervalMs: options.pollIntervalMs ?? 500,
    onError: (error) => {
      if (error instanceof DatabaseUnavailableError)
        logger.warn({ err: error }, 'worker waits for the database');
      else logger.error({ err: error }, 'worker loop error');
    },
  });
  logger.info({ workerId, concurrency, leaseMs, heartbeatMs }, 'workers started');

  return {
    workerId,
    stats,
    async stop() {
      await loop.stop();
      // The heartbeat keeps the leases of refunds still in flight until they are stored.
      await slots.drain();
      await beats.stop();
      logger.info({ workerId, stats }, 'workers stopped');
    },
  };
}

/** The request budget the service shares, or (tests) one of the workers' own from its settings. */
async function budgetOf(db: Db, budget: WorkerOptions['budget']): Promise<RequestBudget> {
  if (budget && 'acquire' in budget) return budget;
  return createRequestBudget(db, budget ?? { maxRate: DEFAULT_STRIPE_RATE_LIMIT });
}

function countOutcome(stats: WorkerStats, metrics: Metrics | undefined, outcome: SubmitOutcome): void {
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
}

/**
 * Stores what a send did. Sends that end while an outcome is being stored are stored together, in
 * one transaction (one commit instead of one per refund), each send resolving only after that
 * commit. Rows are locked in order of their Stripe id, the order the event applier locks them in,
 * so a group and an applier batch never deadlock. If a group fails, each outcome is stored alone.
 */
function storeInGroups(db: Db): (sent: SentRefund) => Promise<void> {
  const storeOne = (sent: SentRefund): Promise<{ error: unknown } | undefined> =>
    db
      .transaction((tx) => storeSent(tx, sent))
      .then(
        () => undefined,
        (error: unknown) => ({ error }),
      );
  const storeGroup = batcher(
    async (group: SentRefund[]): Promise<Array<{ error: unknown } | undefined>> => {
      if (group.length === 1) return [await storeOne(group[0]!)];
      try {
        const ordered = [...group].sort((a, b) => compare(a.stripeRefund.id, b.stripeRefund.id));
        await db.transaction((tx) => storeSentMany(tx, ordered));
        return group.map(() => undefined);
      } catch (error) {
        if (error instanceof DatabaseUnavailableError) return group.map(() => ({ error }));
        const alone: Array<{ error: unknown } | undefined> = [];
        for (const sent of group) alone.push(await storeOne(sent));
        return alone;
      }
    },
    { maxBatch: 100, concurrency: db.kind === 'postgres' ? 2 : 1 },
  );
  return async (sent) => {
    const failed = await storeGroup(sent);
    if (failed) throw failed.error;
  };
}

/**
 * The heartbeat: every `heartbeatMs`, extends the leases of the refunds in `held` (one statement)
 * and logs the ones lost meanwhile (taken over by another worker, or no longer queued).
 */
function startHeartbeat(
  db: Db,
  logger: Logger,
  held: ReadonlySet<string>,
  lease: { workerId: string; leaseMs: number; heartbeatMs: number },
): PollingLoop {
  const beat = async (): Promise<boolean> => {
    if (held.size === 0) return false;
    const ids = [...held];
    const renewed = new Set(
      await renewLeases(db, { workerId: lease.workerId, refundIds: ids, leaseMs: lease.leaseMs }),
    );
    const lost = ids.filter((id) => held.has(id) && !renewed.has(id));
    if (lost.length > 0)
      logger.warn({ refundIds: lost }, 'leases lost while sending (taken over or finished)');
    return false;
  };
  return startPollingLoop({
    pass: beat,
    intervalMs: lease.heartbeatMs,
    onError: (error) => logger.warn({ err: error }, 'could not renew leases'),
  });
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

class StopBeforeSend extends Error {
  override name = 'StopBeforeSend';
}
