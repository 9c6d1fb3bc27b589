import { existsSync } from 'node:fs';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Logger } from '../shared/logger.ts';
import { createClock, type SandboxClock } from './clock.ts';
import { StripeError } from './errors.ts';
import { fastId } from './fast-id.ts';
import { BODY_LIMIT_BYTES, parseForm } from './form.ts';
import {
  authenticate,
  DEFAULT_API_VERSION,
  INVALID_QUERY,
  isApiPath,
  isControlPath,
  routePath,
  sendError,
  unrecognizedUrl,
} from './http.ts';
import { registerResources } from './resources.ts';
import { SettlementScheduler } from './settlement.ts';
import { SandboxStore } from './store.ts';

/*
 * The Stripe-compatible refunds sandbox: one Fastify app over an in-memory store.
 *
 * Seams for other modules (keep stable):
 * - `sandbox.store.events.subscribe(fn)`: fn(event) runs synchronously for every Stripe event the
 *   store records (webhooks, journal). Returns an unsubscribe function.
 * - `sandbox.hooks.beforeWrite` / `afterWrite`: async functions (req, reply) run around every POST
 *   handler (after auth, parsing and the idempotency lookup). A beforeWrite hook that sends a reply
 *   stops the request before anything is written; afterWrite hooks run once the result is stored
 *   under its idempotency key (a hook may then send its own reply, e.g. a "lost response" 500).
 * - `registerFaults(app, sandbox)` from ./faults.ts and `registerWebhooks(app, sandbox)` from
 *   ./webhooks.ts are called before the routes are registered, when those modules exist;
 *   `attachJournal(app, sandbox, dataDir)` from ./journal.ts after them when `dataDir` is set.
 * - `sandbox.clock` (now(), nowMs(), advance(seconds)), `sandbox.settlement.settleDue()`.
 * - Control API: `POST /_sandbox/clock/advance` (seconds=N), `POST /_sandbox/reset`,
 *   `GET /_sandbox/clock`.
 */

export interface SandboxOptions {
  host?: string;
  /** 0 = ephemeral. */
  port?: number;
  /**
   * Pins the one accepted key; otherwise any well-formed sk_test_ key is accepted. When pinned, the
   * control API (/_sandbox/…: reset, clock, faults) needs it too.
   */
  apiKey?: string;
  /** Real delay before asynchronous test refunds settle (default 2000 ms). */
  settleDelayMs?: number;
  dataDir?: string;
  logger?: Logger;
  /** Requests/s token bucket (faults.ts). */
  rateLimit?: number;
  /** Webhook URLs registered at start (webhooks.ts). */
  webhookUrls?: string[];
  /** Free-form options for the extras modules. */
  [extra: string]: unknown;
}

export type WriteHook = (req: FastifyRequest, reply: FastifyReply) => void | Promise<void>;

export interface Sandbox {
  url: string;
  port: number;
  app: FastifyInstance;
  store: SandboxStore;
  clock: SandboxClock;
  settlement: SettlementScheduler;
  options: SandboxOptions;
  hooks: { beforeWrite: WriteHook[]; afterWrite: WriteHook[]; onReset: Array<() => void> };
  /** Clears all state (objects, events, idempotency keys, pending settlements, clock offset). */
  reset(): void;
  close(): Promise<void>;
}

type Registrar = (app: FastifyInstance, sandbox: Sandbox) => void | Promise<void>;

async function optionalRegistrar(module: string, name: string): Promise<Registrar | undefined> {
  const url = new URL(module, import.meta.url);
  if (!existsSync(url)) return undefined;
  const loaded = (await import(url.href)) as Record<string, unknown>;
  return typeof loaded[name] === 'function' ? (loaded[name] as Registrar) : undefined;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const clock = createClock();
  const store = new SandboxStore(clock);
  const settlement = new SettlementScheduler(clock, store, options.settleDelayMs ?? 2000);
  const app: FastifyInstance = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger | undefined,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => fastId('req'),
    requestIdHeader: false,
    // Fastify's own 503 while closing has `"error": "Service Unavailable"`, a string, which the SDK
    // reads as an OAuth error; the onRequest hook below answers as Stripe does in an outage.
    return503OnClosing: false,
    routerOptions: {
      ignoreTrailingSlash: true,
      querystringParser: (text: string) => {
        try {
          return parseForm(text);
        } catch (error) {
          return { [INVALID_QUERY]: error };
        }
      },
    },
  });

  const sandbox: Sandbox = {
    url: '',
    port: 0,
    app,
    store,
    clock,
    settlement,
    options,
    hooks: { beforeWrite: [], afterWrite: [], onReset: [] },
    reset() {
      settlement.clear();
      store.reset();
      clock.reset();
      for (const fn of sandbox.hooks.onReset) fn();
    },
    async close() {
      settlement.stop();
      await app.close();
    },
  };

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
    (_req, body, done) => {
      try {
        done(null, parseForm(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );

  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('request-id', req.id);
    if (closing) {
      // A request that reaches a closing sandbox on a kept-alive connection: Stripe's 5xx shape,
      // which clients retry (with the same idempotency key), and the connection is closed.
      reply.header('connection', 'close');
      sendError(
        reply,
        req.id,
        new StripeError({
          status: 503,
          type: 'api_error',
          message: 'The Stripe API is temporarily unavailable.',
        }),
      );
      return;
    }
    const version = req.headers['stripe-version'];
    reply.header('stripe-version', typeof version === 'string' && version ? version : DEFAULT_API_VERSION);
    // Decided on the routed (decoded, normalized) path: `/v%31/…` is `/v1/…`.
    const path = routePath(req);
    if (isApiPath(path) || (options.apiKey !== undefined && isControlPath(path))) {
      const key = authenticate(req.headers.authorization, options.apiKey);
      if (key instanceof StripeError) {
        reply.header('www-authenticate', 'Basic realm="Stripe"');
        sendError(reply, req.id, key);
        return;
      }
      req.stripeApiKey = key;
    }
    done();
  });

  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, req, reply) => {
    if (error instanceof StripeError) return sendError(reply, req.id, error);
    const status = error.statusCode ?? 500;
    if (status === 413) {
      return sendError(
        reply,
        req.id,
        new StripeError({
          status: 413,
          type: 'invalid_request_error',
          code: 'parameter_invalid_string_empty',
          message: `Request body too large: the limit is ${BODY_LIMIT_BYTES} bytes.`,
        }),
      );
    }
    if (status === 415) {
      return sendError(
        reply,
        req.id,
        new StripeError({
          status: 400,
          type: 'invalid_request_error',
          code: 'parameter_invalid_empty',
          message: `Invalid request: unsupported Content-Type ${req.headers['content-type'] ?? '(none)'}. Send parameters as application/x-www-form-urlencoded.`,
        }),
      );
    }
    if (status >= 400 && status < 500) {
      return sendError(
        reply,
        req.id,
        new StripeError({
          status: 400,
          type: 'invalid_request_error',
          code: 'parameter_invalid_empty',
          message: `Invalid request: ${error.message}`,
        }),
      );
    }
    req.log.error({ err: error }, 'sandbox bug');
    return sendError(
      reply,
      req.id,
      new StripeError({
        status: 500,
        type: 'api_error',
        message: 'An unknown error occurred in the sandbox.',
      }),
    );
  });

  app.setNotFoundHandler((req, reply) => {
    sendError(reply, req.id, unrecognizedUrl(req.method, req.url));
  });

  const registerFaults = await optionalRegistrar('./faults.ts', 'registerFaults');
  if (registerFaults) await registerFaults(app, sandbox);
  const registerWebhooks = await optionalRegistrar('./webhooks.ts', 'registerWebhooks');
  if (registerWebhooks) await registerWebhooks(app, sandbox);
  if (options.dataDir) {
    // --data DIR: replay the append-only journal into the store, then journal every event (journal.ts).
    const { attachJournal } = await import('./journal.ts');
    await attachJournal(app, sandbox, options.dataDir);
  }

  registerResources(app, sandbox);

  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  sandbox.port = port;
  sandbox.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  settlement.start();
  return sandbox;
}
