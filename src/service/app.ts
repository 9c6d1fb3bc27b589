// Assembles the service's HTTP app: one error handler (every bad input is a 4xx in our shape, see
// src/http/) and the routes. Dependencies come in; nothing is read from globals.
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerUserAndKeyRoutes } from '../auth/admin-routes.ts';
import { registerApiAuthentication } from '../auth/api-auth.ts';
import type { ScryptParams } from '../auth/passwords.ts';
import { registerSessionRoutes } from '../auth/session-routes.ts';
import { registerBatchRoutes } from '../bulk/batch-routes.ts';
import { type AuthConfig, type Config, DEFAULT_AUTH } from '../config.ts';
import { registerConnectRoutes } from '../connect/routes.ts';
import { isClientRoute, registerDashboard } from '../dashboard/serve-dashboard.ts';
import { DatabaseUnavailableError, type Db } from '../db/db.ts';
import { registerHealthRoutes } from '../health/health.ts';
import { frameworkErrors, installErrorHandler, notFoundError } from '../http/error-handler.ts';
import { databaseUnavailable } from '../http/http-error.ts';
import { API_VERSION, VERSION_HEADER } from '../http/operation.ts';
import { OneLinePerRequest } from '../http/request-log.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { registerNotificationRoutes } from '../notifications/routes.ts';
import type { Resolve } from '../notifications/webhook-target.ts';
import { registerOpenApiRoutes } from '../openapi/routes.ts';
import { registerPaymentRoutes } from '../payments/routes.ts';
import type { Reconciler } from '../reconciliation/reconcile.ts';
import { registerReconciliationRoutes } from '../reconciliation/routes.ts';
import { registerRefundExportRoute } from '../refunds/export-routes.ts';
import { registerRefundRoutes } from '../refunds/routes.ts';
import { registerSettingsRoutes } from '../settings/routes.ts';
import type { Logger } from '../shared/logger.ts';
import { registerOverviewRoute } from '../stats/routes.ts';
import { registerStatusPageRoutes } from '../status-page/routes.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import {
  registerStripeWebhookRoute,
  STRIPE_CONNECT_WEBHOOK_PATH,
  type StripeWebhookDeps,
} from '../webhooks/stripe-webhook-route.ts';

export interface ServiceAppDeps {
  db: Db;
  gateway: StripeGateway;
  /** `auth` (dashboard sessions) falls back to DEFAULT_AUTH when omitted. */
  config: Pick<Config, 'policy'> &
    Partial<Pick<Config, 'reconcile' | 'trustProxy'>> & {
      auth?: AuthConfig | undefined;
      /** WEBHOOK_ALLOW_PRIVATE; merchant webhook endpoints must be public when omitted. */
      notifications?: Pick<Config['notifications'], 'webhookAllowPrivate'> | undefined;
    };
  /** DNS for checking merchant webhook hosts; the system resolver unless a test supplies one. */
  resolveHost?: Resolve;
  logger: Logger;
  now?: () => Date;
  /** Prometheus metrics served on /metrics; omitted, /metrics is not served. */
  metrics?: Metrics;
  /** scrypt parameters for passwords; DEFAULT_SCRYPT unless a test lowers them to run fast. */
  passwordHashing?: ScryptParams;
  /** Readiness check of the Stripe credentials (cheap call, short timeout); optional. */
  checkStripe?: () => Promise<boolean>;
  /** Stripe's webhooks at POST /webhooks/stripe (outside /api/v1, signed, no API key); omitted, not served. */
  stripeWebhook?: Pick<StripeWebhookDeps, 'secret' | 'toleranceSeconds' | 'onStored'> & {
    /** The Connect endpoint's secret (POST /webhooks/stripe/connect); that route answers 503 without. */
    connectSecret?: () => string | undefined;
  };
  /** How soon an open customer status page first polls for news (ms); default 5 s. */
  statusPagePollMs?: number;
  /** The built dashboard (default web/dist); false serves no dashboard. */
  dashboardDir?: string | false;
  /** The process's reconciler (shared with the daily schedule); made per app when omitted. */
  reconciler?: Reconciler;
  /** Told of every route as it is registered (the route check compares them with the OpenAPI document). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
}

export async function createServiceApp(deps: ServiceAppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: 1_000_000,
    // request.ip is the client's address behind the proxies TRUST_PROXY names (sign-in throttles,
    // sessions); with none, the socket's peer.
    trustProxy: (deps.config.trustProxy ?? false) as boolean | string[],
    frameworkErrors,
    // One line per request, when it completes (src/http/request-log.ts).
    logController: new OneLinePerRequest(),
  }) as unknown as FastifyInstance;
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  // Every refusal, ours or Fastify's, answers in our error shape (src/http/error-handler.ts); the
  // database restarting or failing over is a 503 with Retry-After the client retries.
  installErrorHandler(app, {
    translate: (error, request) => {
      if (!(error instanceof DatabaseUnavailableError)) return undefined;
      request.log.warn({ reason: error.message }, 'database unavailable');
      return databaseUnavailable();
    },
  });
  // Every answer: no MIME sniffing, and not stored by browsers or proxies unless the route chose a
  // cache policy itself (the dashboard's hashed assets). API bodies hold customer data and secrets
  // shown once (API keys, webhook signing secrets).
  // Every answer also says which API version gave it (src/http/operation.ts, docs/api.md).
  // A callback hook, not an async one: no promise and no extra microtask on every response.
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header(VERSION_HEADER, API_VERSION);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  const dashboard =
    deps.dashboardDir === false
      ? undefined
      : await registerDashboard(app, deps.dashboardDir ? { dir: deps.dashboardDir } : {});
  app.setNotFoundHandler((request, reply) => {
    // Dashboard pages (/refunds/rf_1…) are client routes: the SPA's index.html answers them.
    if (dashboard && isClientRoute(request.method, request.url)) return dashboard.sendIndex(reply);
    const error = notFoundError(request.method, request.url.split('?')[0]!);
    return reply.code(error.status).send(error.body());
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  registerHealthRoutes(app, deps);
  // The OpenAPI document and the reference pages: no authentication.
  registerOpenApiRoutes(app);
  if (deps.stripeWebhook) {
    const { connectSecret, ...webhook } = deps.stripeWebhook;
    const shared = { ...webhook, db: deps.db, metrics: deps.metrics, logger: deps.logger, now: deps.now };
    await registerStripeWebhookRoute(app, shared);
    // Connected accounts' events, on the platform's Connect endpoint with its own secret.
    await registerStripeWebhookRoute(app, {
      ...shared,
      secret: connectSecret ?? (() => undefined),
      path: STRIPE_CONNECT_WEBHOOK_PATH,
    });
  }
  // The customer status page (/r/:token): no API key, the unguessable token is the key.
  registerStatusPageRoutes(app, deps);
  await app.register(cookie);
  registerSessionRoutes(app, {
    db: deps.db,
    now: deps.now ?? (() => new Date()),
    auth: deps.config.auth ?? DEFAULT_AUTH,
    hashParams: deps.passwordHashing,
    policy: deps.config.policy,
  });
  await app.register(
    async (api) => {
      registerApiAuthentication(api, deps);
      registerPaymentRoutes(api, deps);
      registerRefundRoutes(api, deps);
      registerRefundExportRoute(api, deps);
      registerOverviewRoute(api, deps);
      registerUserAndKeyRoutes(api, deps);
      registerSettingsRoutes(api, deps);
      registerNotificationRoutes(api, deps);
      registerReconciliationRoutes(api, deps);
      registerBatchRoutes(api, deps);
      registerConnectRoutes(api, deps);
    },
    { prefix: '/api/v1' },
  );
  return app;
}
