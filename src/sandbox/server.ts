import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { endConnectionsOnClose } from '../shared/end-connections-on-close.ts';
import type { Sandbox, SandboxOptions } from './context.ts';
import { registerFaults } from './faults/faults.ts';
import { StripeError } from './http/errors.ts';
import { BODY_LIMIT_BYTES, parseForm } from './http/form.ts';
import {
  authenticate,
  DEFAULT_API_VERSION,
  INVALID_QUERY,
  isApiPath,
  isControlPath,
  routePath,
  sendError,
  unrecognizedUrl,
} from './http/http.ts';
import { registerResources } from './resources/register.ts';
import { createClock, type SandboxClock } from './state/clock.ts';
import { fastId } from './state/fast-id.ts';
import { attachJournal } from './state/journal.ts';
import { SettlementScheduler } from './state/settlement.ts';
import { SandboxStore } from './state/store.ts';
import { registerWebhooks } from './webhooks/webhooks.ts';

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
 * - `registerFaults(app, sandbox)` (faults/) and `registerWebhooks(app, sandbox)` (webhooks/) are
 *   called before the routes are registered; `attachJournal(app, sandbox, dataDir)` (state/journal.ts)
 *   after them when `dataDir` is set.
 *
 * Layout: server.ts builds the app; context.ts is the `Sandbox` every part is handed; http/ is
 * Stripe's wire (form parsing, auth, errors, params); state/ the store, records, clock, settlement
 * and journal; resources/ the API objects and their routes; faults/ and webhooks/ the extras.
 * - `sandbox.clock` (now(), nowMs(), advance(seconds)), `sandbox.settlement.settleDue()`.
 * - Control API: `POST /_sandbox/clock/advance` (seconds=N), `POST /_sandbox/reset`,
 *   `GET /_sandbox/clock`.
 */

export type { Sandbox, SandboxOptions, WriteHook } from './context.ts';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const clock = createClock();
  const store = new SandboxStore(clock);
  const settlement = new SettlementScheduler(clock, store, options.settleDelayMs ?? 2000);
  const app = createSandboxApp(options);
  const sandbox = sandboxOf(app, { store, clock, settlement }, options);

  // Stripe's wire first (form bodies, the request gate, Stripe's error shapes), so that every
  // route registered after it, the extras' included, is parsed, authenticated and answered alike.
  parseFormBodies(app);
  gateRequests(app, options);
  // close() waits for the requests in flight, not for their kept-alive connections to time out.
  endConnectionsOnClose(app);
  answerErrorsAsStripe(app);

  // The extras after the gate (their onRequest hooks run once a request is authenticated) and
  // before the routes; the journal after the webhooks, whose endpoints it restores (webhooksFor).
  await registerFaults(app, sandbox);
  await registerWebhooks(app, sandbox);
  if (options.dataDir) {
    // --data DIR: replay the append-only journal into the store, then journal every event (journal.ts).
    await attachJournal(app, sandbox, options.dataDir);
  }

  registerResources(app, sandbox);

  await listen(sandbox, host, options.port ?? 0);
  // Settlements (those the journal rescheduled included) start running once the sandbox listens.
  settlement.start();
  return sandbox;
}

/**
 * The Fastify app with Stripe's wire settings: its request ids (`req_…`, never taken from the
 * caller), its form-encoded query strings and body limit, no request logging, and trailing slashes
 * ignored as Stripe does.
 */
function createSandboxApp(options: SandboxOptions): FastifyInstance {
  return Fastify({
    loggerInstance: options.logger as FastifyBaseLogger | undefined,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => fastId('req'),
    requestIdHeader: false,
    // Fastify's own 503 while closing has `"error": "Service Unavailable"`, a string, which the SDK
    // reads as an OAuth error; the onRequest hook (gateRequests) answers as Stripe does in an outage.
    return503OnClosing: false,
    routerOptions: {
      ignoreTrailingSlash: true,
      // A query string that does not parse is kept as INVALID_QUERY for the route to refuse with
      // Stripe's error (http/params.ts), not Fastify's.
      querystringParser: (text: string) => {
        try {
          return parseForm(text);
        } catch (error) {
          return { [INVALID_QUERY]: error };
        }
      },
    },
  });
}

/** The sandbox's state, which sandboxOf wraps with the app. */
interface SandboxState {
  store: SandboxStore;
  clock: SandboxClock;
  settlement: SettlementScheduler;
}

/** The `Sandbox` every part is handed; its url and port are set once it listens. */
function sandboxOf(
  app: FastifyInstance,
  { store, clock, settlement }: SandboxState,
  options: SandboxOptions,
): Sandbox {
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
  return sandbox;
}

/** Bodies as Stripe takes them: form-encoded only (any other Content-Type is a 415, then Stripe's 400). */
function parseFormBodies(app: FastifyInstance): void {
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
}

/**
 * What every request meets first: its request-id header; Stripe's 503 once the sandbox is closing;
 * the Stripe-Version it asked for (or the default) echoed; and the API key checked on the API's
 * paths (and the control API's when a key is pinned).
 */
function gateRequests(app: FastifyInstance, options: SandboxOptions): void {
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
}

/**
 * Every error answered in Stripe's shape: a StripeError as it is; Fastify's own refusals (body too
 * large, wrong Content-Type, other 4xx) as Stripe's invalid_request_error; anything else is a bug
 * of the sandbox, logged, and answered as Stripe's api_error. An unknown URL is Stripe's 404.
 */
function answerErrorsAsStripe(app: FastifyInstance): void {
  app.setErrorHandler((error: Error & { code?: string; statusCode?: number }, req, reply) => {
    if (error instanceof StripeError) return sendError(reply, req.id, error);
    const status = error.statusCode ?? 500;
    const refuse = (answer: number, code: string, message: string) =>
      sendError(
        reply,
        req.id,
        new StripeError({ status: answer, type: 'invalid_request_error', code, message }),
      );
    if (status === 413) {
      return refuse(
        413,
        'parameter_invalid_string_empty',
        `Request body too large: the limit is ${BODY_LIMIT_BYTES} bytes.`,
      );
    }
    if (status === 415) {
      return refuse(
        400,
        'parameter_invalid_empty',
        `Invalid request: unsupported Content-Type ${req.headers['content-type'] ?? '(none)'}. Send parameters as application/x-www-form-urlencoded.`,
      );
    }
    if (status >= 400 && status < 500) {
      return refuse(400, 'parameter_invalid_empty', `Invalid request: ${error.message}`);
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
}

/** Listens on `host`:`port` (0: one the system chooses) and records the port and URL it got. */
async function listen(sandbox: Sandbox, host: string, port: number): Promise<void> {
  await sandbox.app.listen({ host, port });
  const address = sandbox.app.server.address();
  sandbox.port = typeof address === 'object' && address ? address.port : port;
  sandbox.url = `http://${host.includes(':') ? `[${host}]` : host}:${sandbox.port}`;
}
