// The worker role's half of "learning what Stripe did": the event applier (stored events →
// refunds), the polling fallback and the event backfill, all drawing Stripe requests from the
// shared budget. The API role's half is the receiver (src/webhooks/stripe-webhook-route.ts).
import type { StripeSyncSettings } from '../config.ts';
import type { Db } from '../db/db.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { newWorkerId } from '../shared/ids.ts';
import type { Logger } from '../shared/logger.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import { createRequestBudget, type RequestBudget } from '../stripe/request-budget.ts';
import { type Backfiller, type EventLister, startBackfill } from './backfill.ts';
import { type EventApplier, startEventApplier } from './event-applier.ts';
import { type Poller, startPoller } from './poller.ts';

export interface StripeSyncDeps {
  db: Db;
  gateway: StripeGateway;
  lister: EventLister;
  logger: Logger;
  metrics?: Metrics | undefined;
  settings: StripeSyncSettings;
  /** The shared Stripe budget's rate (requests/s for all processes). */
  stripeRateLimit: number;
  /** The service's one Stripe request budget; without it (tests) one is made from stripeRateLimit. */
  budget?: RequestBudget;
  /** Turn parts off (tests: "backfill alone", "poller alone"). */
  parts?: { applier?: boolean; poller?: boolean; backfill?: boolean };
}

export interface StripeSync {
  applier: EventApplier | undefined;
  poller: Poller | undefined;
  backfill: Backfiller | undefined;
  stop(): Promise<void>;
}

export async function startStripeSync(deps: StripeSyncDeps): Promise<StripeSync> {
  const { db, settings, logger } = deps;
  const parts = {
    applier: true,
    poller: true,
    backfill: settings.backfillIntervalSeconds > 0,
    ...deps.parts,
  };
  const owner = newWorkerId();
  const budget = deps.budget ?? (await createRequestBudget(db, { maxRate: deps.stripeRateLimit }));
  // What every part gets: the database, its own logger, and a turn of the shared request budget.
  const common = (part: string) => ({
    db,
    logger: logger.child({ part }),
    beforeRequest: () => budget.acquire(),
  });

  const applier = parts.applier
    ? startEventApplier({
        ...common('stripe-events'),
        gateway: deps.gateway,
        metrics: deps.metrics,
        intervalMs: settings.applyIntervalMs,
      })
    : undefined;
  const poller = parts.poller
    ? startPoller({
        ...common('poller'),
        gateway: deps.gateway,
        onRateLimited: () => budget.rateLimited(),
        intervalMs: settings.pollIntervalMs,
        settings: {
          afterMs: settings.pollAfterSeconds * 1000,
          maxIntervalMs: settings.pollMaxIntervalSeconds * 1000,
          succeededChecks: settings.pollSucceededChecks,
          succeededAfterMs: settings.pollSucceededAfterSeconds * 1000,
        },
      })
    : undefined;
  const backfill = parts.backfill
    ? startBackfill({
        ...common('backfill'),
        lister: deps.lister,
        owner,
        lookbackSeconds: settings.backfillLookbackSeconds,
        overlapSeconds: settings.backfillOverlapSeconds,
        onStored: () => applier?.wake(),
        intervalMs: settings.backfillIntervalSeconds * 1000,
      })
    : undefined;
  logger.info({ parts }, 'Stripe sync started');
  return {
    applier,
    poller,
    backfill,
    async stop() {
      await Promise.all([backfill?.stop(), poller?.stop()]);
      await applier?.stop();
    },
  };
}
