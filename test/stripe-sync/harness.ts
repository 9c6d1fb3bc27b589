// A Refundry wired for learning what Stripe did, against the test sandbox: the service app (with
// POST /webhooks/stripe) listening on loopback, optionally registered as the sandbox's webhook
// endpoint, the workers, and the applier / poller / backfill with test-sized intervals.
import type { FastifyInstance } from 'fastify';
import { loadConfig, type StripeSyncSettings } from '../../src/config.ts';
import type { Db } from '../../src/db/db.ts';
import { createMetrics, type Metrics } from '../../src/metrics/metrics.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { stripeEventLister } from '../../src/stripe-sync/backfill.ts';
import { CONNECTED_ACCOUNT_EVENT_TYPES, STRIPE_EVENT_TYPES } from '../../src/stripe-sync/event-store.ts';
import { type StripeSync, startStripeSync } from '../../src/stripe-sync/start-stripe-sync.ts';
import { STRIPE_CONNECT_WEBHOOK_PATH, STRIPE_WEBHOOK_PATH } from '../../src/webhooks/stripe-webhook-route.ts';
import { startWorkers, type Workers } from '../../src/worker/workers.ts';
import type { TestSandbox } from '../support/sandbox.ts';

export interface Harness {
  app: FastifyInstance;
  url: string;
  secret: string;
  metrics: Metrics;
  workers: Workers | undefined;
  sync: StripeSync;
  stop(): Promise<void>;
}

export const TEST_SYNC_SETTINGS: StripeSyncSettings = {
  ...loadConfig({}).stripeSync,
  applyIntervalMs: 50,
  pollIntervalMs: 50,
  backfillIntervalSeconds: 3600,
};

export async function startHarness(
  db: Db,
  sandbox: TestSandbox,
  options: {
    webhooks: boolean;
    /** Also a Connect endpoint (connect=true) for connected accounts' events, with its own secret. */
    connect?: boolean;
    workers?: boolean;
    parts?: { applier?: boolean; poller?: boolean; backfill?: boolean };
    settings?: Partial<StripeSyncSettings>;
  },
): Promise<Harness> {
  const logger = silentLogger();
  const gateway = createStripeGateway(sandbox.stripe);
  const metrics = createMetrics({ defaultMetrics: false });
  let sync: StripeSync | undefined;
  let secret = 'whsec_not_registered';
  let connectSecret = 'whsec_not_registered';
  const app = await createServiceApp({
    db,
    gateway,
    // Merchant webhooks in these tests go to receivers on loopback.
    config: {
      policy: { refundWindowDays: 90, approvalThreshold: 50_000 },
      notifications: { webhookAllowPrivate: true },
    },
    logger,
    metrics,
    stripeWebhook: {
      secret: () => secret,
      connectSecret: () => connectSecret,
      onStored: () => sync?.applier?.wake(),
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const endpointIds: string[] = [];
  if (options.webhooks) {
    const endpoint = await sandbox.stripe.webhookEndpoints.create({
      url: `${url}${STRIPE_WEBHOOK_PATH}`,
      enabled_events: [...STRIPE_EVENT_TYPES] as never,
    });
    secret = endpoint.secret!;
    endpointIds.push(endpoint.id);
  }
  if (options.connect) {
    const endpoint = await sandbox.stripe.webhookEndpoints.create({
      url: `${url}${STRIPE_CONNECT_WEBHOOK_PATH}`,
      enabled_events: [...CONNECTED_ACCOUNT_EVENT_TYPES] as never,
      connect: true,
    });
    connectSecret = endpoint.secret!;
    endpointIds.push(endpoint.id);
  }
  const workers =
    options.workers === false
      ? undefined
      : await startWorkers({ db, gateway, logger, pollIntervalMs: 50, budget: { maxRate: 1000 } });
  sync = await startStripeSync({
    db,
    gateway,
    lister: stripeEventLister(sandbox.stripe),
    logger,
    metrics,
    settings: { ...TEST_SYNC_SETTINGS, ...options.settings },
    stripeRateLimit: 1000,
    parts: options.parts,
  });
  const running = sync;
  return {
    app,
    url,
    secret,
    metrics,
    workers,
    sync: running,
    async stop() {
      for (const id of endpointIds) await sandbox.stripe.webhookEndpoints.del(id).catch(() => {});
      await app.close();
      await workers?.stop();
      await running.stop();
    },
  };
}

/**
 * Calls the harness's /api/v1 as `key` with a JSON body; a 3xx, 4xx or 5xx answer throws with its
 * status and body (the end-to-end tests' requests are expected to succeed).
 */
export function harnessApi(harness: Pick<Harness, 'url'>, key: string) {
  return async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${harness.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}

export async function until(check: () => Promise<boolean>, ms = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function statusOf(db: Db, id: string): Promise<string | undefined> {
  const [row] = await db.query<{ status: string }>('SELECT status FROM refunds WHERE id = $1', [id]);
  return row?.status;
}
