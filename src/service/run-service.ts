// Starts Refundry from a Config: database (migrated), Stripe (real, or the sandbox in-process when
// no secret key is set), the API and/or the workers. Returns a stop() for graceful shutdown.
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import type { Config } from '../config.ts';
import { type Db, openDb } from '../db/db.ts';
import { releaseEmbeddedLeases } from '../db/embedded-leases.ts';
import { migrate } from '../db/migrate.ts';
import { stripeCredentialsCheck } from '../health/health.ts';
import { instrumentGateway } from '../metrics/gateway-metrics.ts';
import { createMetrics } from '../metrics/metrics.ts';
import { createReconciler } from '../reconciliation/reconcile.ts';
import { startSchedule } from '../reconciliation/schedule.ts';
import type { Logger } from '../shared/logger.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import { withNotFoundCache, withRequestBudget } from '../stripe/gateway-budget.ts';
import { createRequestBudget } from '../stripe/request-budget.ts';
import { createStripeClient } from '../stripe/stripe-client.ts';
import { createStripeGateway } from '../stripe/stripe-gateway.ts';
import { stripeEventLister } from '../stripe-sync/backfill.ts';
import type { StripeSync } from '../stripe-sync/start-stripe-sync.ts';
import { STRIPE_CONNECT_WEBHOOK_PATH, STRIPE_WEBHOOK_PATH } from '../webhooks/stripe-webhook-route.ts';
import { createServiceApp } from './app.ts';
import { embeddedWebhookSecret, registerEmbeddedWebhook } from './embedded-webhook.ts';
import { removeServiceInfo, writeServiceInfo } from './service-info.ts';

export type Role = 'api' | 'worker' | 'all';

export interface RunningService {
  db: Db;
  stripe: Stripe;
  gateway: StripeGateway;
  /** The API's base URL when the api role runs. */
  apiUrl: string | undefined;
  /** The dashboard's URL when the api role runs. */
  dashboardUrl: string | undefined;
  /** The in-process sandbox's URL when no STRIPE_SECRET_KEY is set. */
  sandboxUrl: string | undefined;
  app: FastifyInstance | undefined;
  /** The worker role's applier, poller and backfill. */
  stripeSync: StripeSync | undefined;
  stop(): Promise<void>;
}

/** Knobs for tests and the demo; production leaves them unset. */
export interface RunOverrides {
  /** The in-process sandbox's settle delay for asynchronous refunds (default 2 s of real time). */
  sandboxSettleDelayMs?: number;
  /** Serve the dashboard from this folder instead of web/dist. */
  dashboardDir?: string;
  /** Wraps the database before anything uses it (benches count statements with it). */
  wrapDb?: (db: Db) => Db;
}

export async function runService(
  config: Config,
  role: Role,
  logger: Logger,
  overrides: RunOverrides = {},
): Promise<RunningService> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch((err) => logger.error({ err }, 'stop failed'));
  };
  try {
    const opened = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
    const db = overrides.wrapDb ? overrides.wrapDb(opened) : opened;
    stops.push(() => db.close());
    const applied = await migrate(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    if (!config.databaseUrl) {
      // PGlite: ours alone, so leases in it were held by a process that died (crash, kill -9).
      const released = await releaseEmbeddedLeases(db);
      if (released) logger.info({ released }, 'released the leases of a process that stopped abruptly');
    }

    let stripe: Stripe;
    let sandboxUrl: string | undefined;
    /** The in-process sandbox's webhook signing secrets, by endpoint id (embedded mode). */
    let sandboxSecretOf: ((endpointId: string) => string | undefined) | undefined;
    if (config.stripeSecretKey) {
      stripe = createStripeClient(config.stripeSecretKey, config.stripeApiBase);
    } else {
      const { startSandbox } = await import('../sandbox/server.ts');
      const { webhooksFor } = await import('../sandbox/webhooks/webhooks.ts');
      // Its state lives in the data folder beside the database that refers to it (the journal), so
      // a restart keeps every payment, refund, event, webhook endpoint and pending settlement.
      const sandbox = await startSandbox({
        host: '127.0.0.1',
        port: 0,
        dataDir: join(config.dataDir, 'sandbox'),
        logger: logger.child({ part: 'sandbox' }),
        ...(overrides.sandboxSettleDelayMs !== undefined
          ? { settleDelayMs: overrides.sandboxSettleDelayMs }
          : {}),
      });
      stops.push(() => sandbox.close());
      sandboxUrl = sandbox.url;
      sandboxSecretOf = (id) => webhooksFor(sandbox).endpoints.get(id)?.secret;
      stripe = new Stripe('sk_test_refundry_sandbox', {
        host: '127.0.0.1',
        port: sandbox.port,
        protocol: 'http',
        maxNetworkRetries: 0,
      });
      logger.info({ url: sandbox.url }, 'no STRIPE_SECRET_KEY: using the in-process Stripe sandbox');
    }
    const metrics = createMetrics({ db, labelledAccounts: config.metricsAccounts });
    const rawGateway = createStripeGateway(stripe);
    const gateway = instrumentGateway(rawGateway, metrics);

    // Reconciliation: one reconciler per process, drawing on the shared Stripe budget; the daily
    // schedule runs where the workers run (one run per slot across processes).
    const budget = await createRequestBudget(db, { maxRate: config.worker.stripeRateLimit });
    // What requests ask of Stripe (look-ups, registrations, bulk rows) draws on the same budget,
    // and an id Stripe does not know is remembered as unknown for a while.
    const requestGateway = withNotFoundCache(
      withRequestBudget(gateway, {
        acquire: () => budget.acquire(),
        rateLimited: () => budget.rateLimited(),
      }),
      { ttlMs: config.stripeNotFoundTtlSeconds * 1000 },
    );
    const reconciler = createReconciler({
      db,
      gateway,
      logger: logger.child({ part: 'reconciliation' }),
      metrics,
      beforeStripeRequest: () => budget.acquire(),
    });
    stops.push(() => reconciler.stop());
    if ((role === 'worker' || role === 'all') && config.reconcile.at) {
      const schedule = startSchedule({
        db,
        reconciler,
        logger,
        at: config.reconcile.at,
        windowDays: config.reconcile.windowDays,
      });
      stops.push(async () => schedule.stop());
    }

    let app: FastifyInstance | undefined;
    let apiUrl: string | undefined;
    // Embedded mode learns its webhook secret from the sandbox once the port is known.
    let webhookSecret = config.stripeWebhookSecret;
    let connectWebhookSecret = config.stripeConnectWebhookSecret;
    let stripeSync: StripeSync | undefined;
    let apiPort: number | undefined;
    let dashboardUrl: string | undefined;
    if (role === 'api' || role === 'all') {
      // After a restart the endpoint registered last time is reused: its secret verifies the
      // deliveries that arrive as soon as the port is open.
      if (sandboxSecretOf) {
        webhookSecret = await embeddedWebhookSecret(stripe, sandboxSecretOf);
        connectWebhookSecret = await embeddedWebhookSecret(stripe, sandboxSecretOf, 'connect');
      }
      // The readiness probe counts against the budget too, without waiting for it (it has a timeout).
      const checkStripe = stripeCredentialsCheck(async (id) => {
        await budget.record();
        return rawGateway.retrievePayment(id);
      });
      app = await createServiceApp({
        db,
        gateway: requestGateway,
        config,
        logger,
        metrics,
        checkStripe,
        reconciler,
        stripeWebhook: {
          secret: () => webhookSecret,
          connectSecret: () => connectWebhookSecret,
          toleranceSeconds: config.stripeSync.webhookToleranceSeconds,
          onStored: () => stripeSync?.applier?.wake(),
        },
        ...(overrides.dashboardDir ? { dashboardDir: overrides.dashboardDir } : {}),
      });
      await app.listen({ host: config.host, port: config.port });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      apiUrl = `http://${config.host}:${port}/api/v1`;
      dashboardUrl = `http://${config.host}:${port}/`;
      const local = `http://${loopbackHost(config.host)}:${port}`;
      if (sandboxSecretOf) {
        webhookSecret = await registerEmbeddedWebhook(
          stripe,
          sandboxSecretOf,
          `${local}${STRIPE_WEBHOOK_PATH}`,
        );
        connectWebhookSecret = await registerEmbeddedWebhook(
          stripe,
          sandboxSecretOf,
          `${local}${STRIPE_CONNECT_WEBHOOK_PATH}`,
          'connect',
        );
      } else if (!webhookSecret) {
        logger.warn(
          'STRIPE_WEBHOOK_SECRET is not set: POST /webhooks/stripe answers 503; polling and backfill still run',
        );
      }
      apiPort = port;
      if (!config.databaseUrl) {
        // Tells `refundry` commands run beside us where our API is (they cannot open the database).
        writeServiceInfo(config.dataDir, { pid: process.pid, api_url: `${local}/api/v1` });
        stops.push(async () => removeServiceInfo(config.dataDir));
      }
    }
    if (role === 'worker' || role === 'all') {
      const { startWorkers } = await import('../worker/workers.ts');
      const workers = await startWorkers({
        db,
        gateway,
        logger: logger.child({ part: 'worker' }),
        concurrency: config.worker.stripeConcurrency,
        leaseMs: config.worker.leaseMs,
        heartbeatMs: config.worker.heartbeatMs,
        budget,
        metrics,
      });
      stops.push(() => workers.stop());
      const { startStripeSync } = await import('../stripe-sync/start-stripe-sync.ts');
      const sync = await startStripeSync({
        db,
        gateway,
        lister: stripeEventLister(stripe),
        logger: logger.child({ part: 'stripe-sync' }),
        metrics,
        settings: config.stripeSync,
        stripeRateLimit: config.worker.stripeRateLimit,
        budget,
      });
      stripeSync = sync;
      stops.push(() => sync.stop());
      // Customer emails and merchant webhooks from the notifications outbox.
      const { startNotificationWorker } = await import('../notifications/delivery-worker.ts');
      const { createMailer } = await import('../notifications/mailer.ts');
      const mailer = createMailer(config.notifications.mail, logger);
      const notifier = await startNotificationWorker({
        db,
        logger: logger.child({ part: 'notifications' }),
        mailer,
        publicUrl: config.notifications.publicUrl ?? publicUrlFor(config.host, apiPort ?? config.port),
        maxAttempts: config.notifications.maxAttempts,
        webhookTarget: { allowPrivate: config.notifications.webhookAllowPrivate },
        metrics,
      });
      stops.push(async () => {
        await notifier.stop();
        mailer.close();
      });
      // Bulk refund batches submitted through the API (any worker process may run them).
      const { startBatchWorker } = await import('../bulk/batch-worker.ts');
      const batches = startBatchWorker({
        db,
        gateway: requestGateway,
        settings: config.policy,
        logger: logger.child({ part: 'batch-worker' }),
        metrics,
      });
      stops.push(() => batches.stop());
    }
    // Pushed last so that, stopping in reverse, the API stops taking requests before workers drain.
    if (app) {
      const a = app;
      stops.push(() => a.close());
    }
    return { db, stripe, gateway, apiUrl, dashboardUrl, sandboxUrl, app, stripeSync, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** An address this machine can reach the service at (a wildcard bind becomes loopback). */
function loopbackHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** The status page's base URL when PUBLIC_URL is not set: this process's own address. */
function publicUrlFor(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/** Resolves when SIGINT or SIGTERM arrives (once), after running stop(). */
export function untilSignal(stop: () => Promise<void>, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      logger.info({ signal }, 'shutting down');
      stop().then(resolve, resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
