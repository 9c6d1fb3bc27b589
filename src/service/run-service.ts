// Starts Refundry from a Config: database (migrated), Stripe (real, or the sandbox in-process when
// no secret key is set), the API and/or the workers. Returns a stop() for graceful shutdown.
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import type { Config } from '../config.ts';
import type { DataDirLock } from '../db/data-dir-lock.ts';
import { takeDataDir } from '../db/data-dir-lock.ts';
import { type Db, type EmbeddedStart, openDb } from '../db/db.ts';
import { releaseEmbeddedLeases } from '../db/embedded-leases.ts';
import { migrate } from '../db/migrate.ts';
import { stripeCredentialsCheck } from '../health/health.ts';
import { instrumentGateway } from '../metrics/gateway-metrics.ts';
import { createMetrics, type Metrics } from '../metrics/metrics.ts';
import { createReconciler, type Reconciler } from '../reconciliation/reconcile.ts';
import { startSchedule } from '../reconciliation/schedule.ts';
import type { Logger } from '../shared/logger.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import { withNotFoundCache, withRequestBudget } from '../stripe/gateway-budget.ts';
import { createRequestBudget, type RequestBudget } from '../stripe/request-budget.ts';
import { createStripeClient } from '../stripe/stripe-client.ts';
import { createStripeGateway } from '../stripe/stripe-gateway.ts';
import { stripeEventLister } from '../stripe-sync/backfill.ts';
import type { StripeSync } from '../stripe-sync/start-stripe-sync.ts';
import { STRIPE_CONNECT_WEBHOOK_PATH, STRIPE_WEBHOOK_PATH } from '../webhooks/stripe-webhook-route.ts';
import { createServiceApp } from './app.ts';
import { embeddedWebhookSecret, registerEmbeddedWebhook, type SecretOf } from './embedded-webhook.ts';
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
  /**
   * Told the database as soon as it is open and migrated, while the rest of the service starts
   * (the demo makes or checks its login meanwhile: scrypt, on libuv's threads).
   */
  onDatabaseOpen?: (db: Db) => void;
  /**
   * Embedded mode: the data folder already taken and its database's opening begun by the caller
   * (beginEmbeddedStart; the demo does so before it loads the service's modules).
   */
  embeddedStart?: EmbeddedStart;
}

export async function runService(
  config: Config,
  role: Role,
  logger: Logger,
  overrides: RunOverrides = {},
): Promise<RunningService> {
  const stops = stopList(logger);
  const start: Startup = { config, logger, overrides, stops };
  const runsApi = role === 'api' || role === 'all';
  const runsWorkers = role === 'worker' || role === 'all';
  // PGlite: the data folder is ours (owner-only, locked) before the database or the sandbox writes in it.
  const early = config.databaseUrl ? undefined : overrides.embeddedStart;
  const dataDirLock = config.databaseUrl
    ? undefined
    : (early?.dataDirLock ?? (await takeDataDir(config.dataDir, logger)));
  try {
    // The order is the order of dependence: the database (migrated) before anything reads it,
    // Stripe before the gateway over it, the gateway, budget and reconciler every part shares
    // before the API and the loops. Each step adds what it started to `stops`, to stop in reverse.
    // The database and Stripe (the in-process sandbox) depend on nothing of each other's, so they
    // start side by side: each runs while the other waits on its own I/O. Both write into the data
    // folder, so in embedded mode it is taken first.
    const [db, connection] = await sideBySide(
      start,
      (s) => openDatabase(s, dataDirLock, early?.preparedPglite),
      (s) => connectStripe(s),
    );
    const { stripe } = connection;
    const shared = await buildShared(start, db, stripe);
    if (runsWorkers) startReconcileSchedule(start, shared);

    // The API before the loops: the status page's links in notifications need its port (when
    // PUBLIC_URL is not set). It wakes the applier on each stored Stripe event once there is one.
    let stripeSync: StripeSync | undefined;
    const api = runsApi
      ? await startApi(start, shared, connection, () => stripeSync?.applier?.wake())
      : undefined;
    if (runsWorkers) {
      stripeSync = await startStripeLoops(start, shared, stripe);
      await startQueueLoops(start, shared, api?.port);
    }
    // Pushed last so that, stopping in reverse, the API stops taking requests before workers drain.
    if (api) stops.push(() => api.app.close());
    return {
      db,
      stripe,
      gateway: shared.gateway,
      apiUrl: api?.apiUrl,
      dashboardUrl: api?.dashboardUrl,
      sandboxUrl: connection.sandboxUrl,
      app: api?.app,
      stripeSync,
      stop: () => stops.stopAll(),
    };
  } catch (error) {
    await stops.stopAll();
    throw error;
  }
}

/**
 * How to stop what the service started, in the order it started: `stopAll` runs them newest first
 * (what depends on a thing stops before it), logs a stop that fails and goes on with the rest. So
 * the API closes, the loops drain (batches, notifications, Stripe sync, refund workers), the
 * service-info file goes, the schedule, the reconciler and the sandbox stop, the database closes last.
 */
interface StopList {
  push(stop: () => Promise<void>): void;
  stopAll(): Promise<void>;
}

function stopList(logger: Logger): StopList {
  const stops: Array<() => Promise<void>> = [];
  return {
    push: (stop) => {
      stops.push(stop);
    },
    stopAll: async () => {
      for (const s of stops.splice(0).reverse())
        await s().catch((err) => logger.error({ err }, 'stop failed'));
    },
  };
}

/** What each step of starting is handed; it adds how to stop what it starts to `stops`. */
interface Startup {
  config: Config;
  logger: Logger;
  overrides: RunOverrides;
  stops: StopList;
}

/**
 * Runs two start-up steps that do not depend on each other at once, and waits for both (so a step
 * that failed never leaves the other running unstopped). What they start is stopped as if they had
 * run one after the other: the second's before the first's.
 */
async function sideBySide<A, B>(
  start: Startup,
  first: (start: Startup) => Promise<A>,
  second: (start: Startup) => Promise<B>,
): Promise<[A, B]> {
  const firstStops = stopList(start.logger);
  const secondStops = stopList(start.logger);
  const [a, b] = await Promise.allSettled([
    first({ ...start, stops: firstStops }),
    second({ ...start, stops: secondStops }),
  ]);
  start.stops.push(() => firstStops.stopAll());
  start.stops.push(() => secondStops.stopAll());
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

/**
 * Opens the database, brings its schema up to date and frees what a dead process held in it.
 * `dataDirLock`: the embedded data folder's, taken by runService or its caller (released when the
 * database closes); `preparedPglite`: what that caller began for opening it.
 */
async function openDatabase(
  { config, logger, overrides, stops }: Startup,
  dataDirLock: DataDirLock | undefined,
  preparedPglite: EmbeddedStart['preparedPglite'] | undefined,
): Promise<Db> {
  const opened = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger,
    dataDirLock,
    preparedPglite,
  }).catch((error: unknown) => {
    dataDirLock?.release();
    throw error;
  });
  const db = overrides.wrapDb ? overrides.wrapDb(opened) : opened;
  stops.push(() => db.close());
  const applied = await migrate(db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  if (!config.databaseUrl) {
    // PGlite: ours alone, so leases in it were held by a process that died (crash, kill -9).
    const released = await releaseEmbeddedLeases(db);
    if (released) logger.info({ released }, 'released the leases of a process that stopped abruptly');
  }
  overrides.onDatabaseOpen?.(db);
  return db;
}

/** The Stripe the service talks to: the real one, or the sandbox started in this process. */
interface StripeConnection {
  stripe: Stripe;
  /** The in-process sandbox's URL when no STRIPE_SECRET_KEY is set. */
  sandboxUrl: string | undefined;
  /** The in-process sandbox's webhook signing secrets, by endpoint id (embedded mode). */
  sandboxSecretOf: SecretOf | undefined;
}

/** The Stripe client for STRIPE_SECRET_KEY, or, without one, the sandbox started here and a client for it. */
async function connectStripe({ config, logger, overrides, stops }: Startup): Promise<StripeConnection> {
  if (config.stripeSecretKey) {
    const stripe = createStripeClient(config.stripeSecretKey, config.stripeApiBase);
    return { stripe, sandboxUrl: undefined, sandboxSecretOf: undefined };
  }
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
  const stripe = new Stripe('sk_test_refundry_sandbox', {
    host: '127.0.0.1',
    port: sandbox.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  logger.info({ url: sandbox.url }, 'no STRIPE_SECRET_KEY: using the in-process Stripe sandbox');
  return {
    stripe,
    sandboxUrl: sandbox.url,
    sandboxSecretOf: (id) => webhooksFor(sandbox).endpoints.get(id)?.secret,
  };
}

/** What the API and the loops share, built once per process. */
interface Shared {
  db: Db;
  metrics: Metrics;
  /** The SDK gateway itself (the readiness probe records its call on the budget by hand). */
  rawGateway: StripeGateway;
  /** The gateway with metrics: the loops, which each draw on `budget` themselves. */
  gateway: StripeGateway;
  /** The Stripe request budget every process shares (rate_buckets). */
  budget: RequestBudget;
  /** The gateway for requests (look-ups, registrations, bulk rows): on the budget, with a not-found cache. */
  requestGateway: StripeGateway;
  reconciler: Reconciler;
}

/** The metrics, the Stripe gateways, the request budget and the reconciler, once per process. */
async function buildShared({ config, logger, stops }: Startup, db: Db, stripe: Stripe): Promise<Shared> {
  const metrics = createMetrics({ db, labelledAccounts: config.metricsAccounts });
  const rawGateway = createStripeGateway(stripe);
  const gateway = instrumentGateway(rawGateway, metrics);

  // One budget for every process (a token bucket in the database), which the loops, the
  // reconciler and the API's requests all draw on.
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
  // Reconciliation: one reconciler per process, drawing on the shared Stripe budget; its daily
  // schedule runs where the workers run (startReconcileSchedule).
  const reconciler = createReconciler({
    db,
    gateway,
    logger: logger.child({ part: 'reconciliation' }),
    metrics,
    beforeStripeRequest: () => budget.acquire(),
  });
  stops.push(() => reconciler.stop());
  return { db, metrics, rawGateway, gateway, budget, requestGateway, reconciler };
}

/** The daily reconciliation run (RECONCILE_AT), where the workers run: one run per slot across processes. */
function startReconcileSchedule({ config, logger, stops }: Startup, shared: Shared): void {
  if (!config.reconcile.at) return;
  const schedule = startSchedule({
    db: shared.db,
    reconciler: shared.reconciler,
    logger,
    at: config.reconcile.at,
    windowDays: config.reconcile.windowDays,
  });
  stops.push(async () => schedule.stop());
}

/** The HTTP server, listening. */
interface ApiServer {
  app: FastifyInstance;
  /** The port it listens on (config.port, or the one the system chose for port 0). */
  port: number;
  apiUrl: string;
  dashboardUrl: string;
}

/**
 * The API and dashboard, listening. Its close is the caller's to push, last (see runService).
 * The Stripe webhook receiver reads its secrets at each delivery, so embedded mode can change them
 * once the port is known.
 */
async function startApi(
  { config, logger, overrides, stops }: Startup,
  shared: Shared,
  connection: StripeConnection,
  onStoredEvent: () => void,
): Promise<ApiServer> {
  const secrets = await webhookSecretsAtStart(config, connection);
  // The readiness probe counts against the budget too, without waiting for it (it has a timeout).
  const checkStripe = stripeCredentialsCheck(async (id) => {
    await shared.budget.record();
    return shared.rawGateway.retrievePayment(id);
  });
  const app = await createServiceApp({
    db: shared.db,
    gateway: shared.requestGateway,
    config,
    logger,
    metrics: shared.metrics,
    checkStripe,
    reconciler: shared.reconciler,
    stripeWebhook: {
      secret: () => secrets.platform,
      connectSecret: () => secrets.connect,
      toleranceSeconds: config.stripeSync.webhookToleranceSeconds,
      onStored: onStoredEvent,
    },
    ...(overrides.dashboardDir ? { dashboardDir: overrides.dashboardDir } : {}),
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const local = `http://${loopbackHost(config.host)}:${port}`;
  await pointWebhooksHere(connection, local, secrets, logger);
  if (!config.databaseUrl) {
    // Tells `refundry` commands run beside us where our API is (they cannot open the database).
    writeServiceInfo(config.dataDir, { pid: process.pid, api_url: `${local}/api/v1` });
    stops.push(async () => removeServiceInfo(config.dataDir));
  }
  return {
    app,
    port,
    apiUrl: `http://${config.host}:${port}/api/v1`,
    dashboardUrl: `http://${config.host}:${port}/`,
  };
}

/** The signing secrets the Stripe webhook receiver checks deliveries with, platform and Connect. */
interface WebhookSecrets {
  platform: string | undefined;
  connect: string | undefined;
}

/**
 * The configured secrets; in embedded mode, those of the endpoints registered by an earlier run:
 * they verify the deliveries that arrive as soon as the port is open, before pointWebhooksHere.
 */
async function webhookSecretsAtStart(
  config: Config,
  { stripe, sandboxSecretOf }: StripeConnection,
): Promise<WebhookSecrets> {
  if (!sandboxSecretOf)
    return { platform: config.stripeWebhookSecret, connect: config.stripeConnectWebhookSecret };
  return {
    platform: await embeddedWebhookSecret(stripe, sandboxSecretOf),
    connect: await embeddedWebhookSecret(stripe, sandboxSecretOf, 'connect'),
  };
}

/**
 * Embedded mode: points the sandbox's webhook endpoints at this server (`local`, its port now
 * known) and takes their secrets. With real Stripe the operator registers the endpoint; without
 * its secret, say what does not work.
 */
async function pointWebhooksHere(
  { stripe, sandboxSecretOf }: StripeConnection,
  local: string,
  secrets: WebhookSecrets,
  logger: Logger,
): Promise<void> {
  if (sandboxSecretOf) {
    secrets.platform = await registerEmbeddedWebhook(
      stripe,
      sandboxSecretOf,
      `${local}${STRIPE_WEBHOOK_PATH}`,
    );
    secrets.connect = await registerEmbeddedWebhook(
      stripe,
      sandboxSecretOf,
      `${local}${STRIPE_CONNECT_WEBHOOK_PATH}`,
      'connect',
    );
  } else if (!secrets.platform) {
    logger.warn(
      'STRIPE_WEBHOOK_SECRET is not set: POST /webhooks/stripe answers 503; polling and backfill still run',
    );
  }
}

/** The worker role's loops that talk to Stripe: the refund workers, and the applier, poller and backfill. */
async function startStripeLoops(
  { config, logger, stops }: Startup,
  shared: Shared,
  stripe: Stripe,
): Promise<StripeSync> {
  const { db, gateway, budget, metrics } = shared;
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
  stops.push(() => sync.stop());
  return sync;
}

/**
 * The worker role's loops over the database's queues: notification delivery and bulk batches.
 * `apiPort` (when this process serves the API) makes the status page's links when PUBLIC_URL is
 * not set.
 */
async function startQueueLoops(
  { config, logger, stops }: Startup,
  shared: Shared,
  apiPort: number | undefined,
): Promise<void> {
  const { db, metrics } = shared;
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
    gateway: shared.requestGateway,
    settings: config.policy,
    logger: logger.child({ part: 'batch-worker' }),
    metrics,
  });
  stops.push(() => batches.stop());
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
