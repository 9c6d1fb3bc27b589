import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Sandbox } from '../context.ts';
import type { AccountScope, IdempotencyEntry } from '../state/store.ts';
import { StripeError } from './errors.ts';
import type { Params } from './form.ts';

// Route plumbing shared by every resource: Stripe's auth, JSON responses, idempotency on POST.

export interface RequestContext {
  sandbox: Sandbox;
  /** The connected account named by `Stripe-Account` (null: the platform itself). */
  account: string | null;
  /** That account's objects: every lookup, list and event of the request goes through it. */
  scope: AccountScope;
  params: Params;
  path: Record<string, string>;
  requestId: string;
  apiKey: string;
  idempotencyKey: string | null;
  /** `{ id, idempotency_key }` for events caused by this request. */
  eventRequest: { id: string; idempotency_key: string | null };
}

export type Handler = (ctx: RequestContext) => unknown;

export const DEFAULT_API_VERSION = '2026-10-28.endive';
const DAY_MS = 24 * 60 * 60 * 1000;

declare module 'fastify' {
  interface FastifyRequest {
    stripeApiKey?: string;
  }
}

export function sendJson(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('content-type', 'application/json').send(body);
}

export function sendError(reply: FastifyReply, requestId: string, error: StripeError): FastifyReply {
  return sendJson(reply, error.status, JSON.stringify(error.body(requestId)));
}

function maskKey(key: string): string {
  const last4 = key.slice(-4);
  const prefix = key.startsWith('sk_test_') ? 'sk_test_' : key.startsWith('sk_live_') ? 'sk_live_' : '';
  return `${prefix}****${last4}`;
}

const unauthorized = (message: string) =>
  new StripeError({ status: 401, type: 'invalid_request_error', message, validation: true });

/** Returns the key, or the 401 Stripe answers. */
export function authenticate(header: string | undefined, pinned: string | undefined): string | StripeError {
  if (!header) {
    return unauthorized(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  let key: string;
  const space = header.indexOf(' ');
  const scheme = space < 0 ? header : header.slice(0, space);
  const credentials = space < 0 ? '' : header.slice(space + 1).trim();
  if (/^bearer$/i.test(scheme)) key = credentials;
  else if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    key = colon < 0 ? decoded : decoded.slice(0, colon);
  } else {
    return unauthorized(
      "Invalid Authorization header. Use 'Authorization: Bearer YOUR_SECRET_KEY' or HTTP Basic auth with the key as the user name.",
    );
  }
  if (!key) {
    return unauthorized(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  if (key.startsWith('sk_live_')) {
    return unauthorized(
      `This sandbox only accepts test mode keys; a live mode key was provided: ${maskKey(key)}. Use a key that starts with sk_test_.`,
    );
  }
  if (!/^sk_test_[A-Za-z0-9_]{1,247}$/.test(key) || (pinned !== undefined && key !== pinned)) {
    return unauthorized(`Invalid API Key provided: ${maskKey(key)}`);
  }
  return key;
}

/**
 * The path a request is routed by, for decisions about it (which key it needs, whether faults
 * apply): the pattern of the route it matched (the router has already decoded `/v%31/…`), or for
 * an unmatched request its path percent-decoded with `//`, `.` and `..` resolved. A raw prefix
 * test on `req.url` would let `/v%31/refunds` through unauthenticated.
 */
export function routePath(req: FastifyRequest): string {
  const matched = req.routeOptions?.url;
  if (matched) return matched;
  return normalizePath(req.url);
}

export function normalizePath(url: string): string {
  const raw = url.split(/[?#]/, 1)[0] ?? '';
  const out: string[] = [];
  for (const segment of raw.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      decoded = segment; // malformed escapes: kept as they are (the router will not match them)
    }
    // A decoded segment may hold '/' (%2F): split it too.
    for (const part of decoded.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') out.pop();
      else out.push(part);
    }
  }
  return `/${out.join('/')}`;
}

/** Stripe's API (`/v1/…`): needs a key. */
export const isApiPath = (path: string) => path === '/v1' || path.startsWith('/v1/');
/** The sandbox's control API (`/_sandbox/…`): needs the pinned key when one is set. */
export const isControlPath = (path: string) => path === '/_sandbox' || path.startsWith('/_sandbox/');

/**
 * The account a request acts on: the `Stripe-Account` header (direct charges, a connected account's
 * objects) or the platform. An account the platform does not have is Stripe's 403 `account_invalid`.
 */
export function accountOf(
  sandbox: Sandbox,
  req: FastifyRequest,
): { account: string | null; scope: AccountScope } {
  const header = req.headers['stripe-account'];
  const account = typeof header === 'string' && header !== '' ? header : null;
  const scope = sandbox.store.scope(account);
  if (!scope) {
    throw new StripeError({
      status: 403,
      type: 'invalid_request_error',
      code: 'account_invalid',
      message: `The provided key '${maskKey(req.stripeApiKey ?? '')}' does not have access to account '${String(account).slice(0, 100)}' (or that account does not exist). Application access may have been revoked.`,
      validation: true,
    });
  }
  return { account, scope };
}

function contextOf(
  sandbox: Sandbox,
  req: FastifyRequest,
  params: Params,
  idem: string | null,
  on: { account: string | null; scope: AccountScope } = accountOf(sandbox, req),
): RequestContext {
  return {
    sandbox,
    account: on.account,
    scope: on.scope,
    params,
    path: (req.params ?? {}) as Record<string, string>,
    requestId: req.id,
    apiKey: req.stripeApiKey ?? '',
    idempotencyKey: idem,
    eventRequest: { id: req.id, idempotency_key: idem },
  };
}

function queryParams(req: FastifyRequest): Params {
  const q = req.query as Params & { [INVALID_QUERY]?: StripeError };
  if (q?.[INVALID_QUERY]) throw q[INVALID_QUERY];
  return q ?? {};
}

export const INVALID_QUERY = Symbol('invalid query');

function bodyParams(req: FastifyRequest): Params {
  const body = req.body as Params | undefined | null;
  const query = queryParams(req);
  // Stripe reads POST parameters from the body; the query string is merged for curl habits.
  if (!body || typeof body !== 'object') return { ...query };
  return Object.keys(query).length ? { ...query, ...body } : body;
}

/** The 404 Stripe answers for a URL it does not serve. */
export function unrecognizedUrl(method: string, url: string): StripeError {
  return new StripeError({
    status: 404,
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `Unrecognized request URL (${method}: ${url.split('?')[0]}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}

/**
 * A Stripe endpoint the sandbox does not implement whose path would otherwise be taken for an id
 * (`GET /v1/charges/search` is not the charge "search"): answered like any unknown URL.
 */
export function unsupported(app: FastifyInstance, method: 'GET' | 'POST', url: string): void {
  app.route({
    method,
    url,
    handler: (req, reply) => sendError(reply, req.id, unrecognizedUrl(req.method, req.url)),
  });
}

/** A GET or DELETE route: parameters in the query, no idempotency (Stripe ignores keys on both). */
function queryRoute(method: 'GET' | 'DELETE') {
  return (app: FastifyInstance, sandbox: Sandbox, url: string, handler: Handler): void => {
    app.route({
      method,
      url,
      handler: (req, reply) => {
        try {
          const result = handler(contextOf(sandbox, req, queryParams(req), null));
          return sendJson(reply, 200, JSON.stringify(result));
        } catch (error) {
          if (error instanceof StripeError) return sendError(reply, req.id, error);
          throw error;
        }
      },
    });
  };
}

export const get = queryRoute('GET');
export const del = queryRoute('DELETE');

/** Canonical form of decoded parameters: key order does not matter, values do. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Params)[k])}`).join(',')}}`;
}

/** The last API key's hash: a client sends the same key request after request (one sha256 each saved). */
let lastKey: string | undefined;
let lastKeyHash = '';

/** The API key as it scopes idempotency keys: a hash, so no key reaches the --data journal. */
function keyHash(key: string): string {
  if (key !== lastKey) {
    lastKeyHash = createHash('sha256').update(key).digest('base64url').slice(0, 22);
    lastKey = key;
  }
  return lastKeyHash;
}

/**
 * A POST route with Stripe's idempotency: the first finished response (2xx, 4xx from business
 * rules, 5xx) under a key is replayed; validation errors are not stored. `sandbox.hooks.beforeWrite`
 * runs after the key is marked in flight and before the handler (fault injection, latency).
 */
export function post(app: FastifyInstance, sandbox: Sandbox, url: string, handler: Handler): void {
  app.post(url, async (req, reply) => {
    const rawKey = req.headers['idempotency-key'];
    const idem = typeof rawKey === 'string' && rawKey !== '' ? rawKey : null;
    if (idem) reply.header('idempotency-key', idem);
    const store = sandbox.store;
    let entry: IdempotencyEntry | undefined;
    let slot = '';
    try {
      const on = accountOf(sandbox, req);
      const params = bodyParams(req);
      if (idem) {
        if (idem.length > 255) {
          throw new StripeError({
            status: 400,
            type: 'invalid_request_error',
            code: 'parameter_invalid_string_empty',
            message: `Idempotency-Key must be at most 255 characters long; got ${idem.length}.`,
            validation: true,
          });
        }
        const nowMs = sandbox.clock.nowMs();
        store.pruneIdempotency(nowMs);
        // Scoped to the API key by its hash, so no key reaches the --data journal, and to the account
        // (keys are per account at Stripe).
        slot = `${keyHash(req.stripeApiKey ?? '')}\u0000${on.account ? `${on.account}\u0000` : ''}${idem}`;
        const path = req.url.split('?')[0]!;
        const paramsKey = canonical(params);
        const existing = store.idempotency.get(slot);
        if (existing && existing.expiresAtMs > nowMs) {
          if (existing.path !== path) {
            throw new StripeError({
              status: 400,
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${existing.path}' vs '${path}'). Try using a key other than '${idem}' if you meant to execute a different request.`,
              validation: true,
            });
          }
          if (existing.params !== paramsKey) {
            throw new StripeError({
              status: 400,
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idem}' if you meant to execute a different request.`,
              validation: true,
            });
          }
          if (existing.state === 'in_flight') {
            throw new StripeError({
              status: 409,
              type: 'invalid_request_error',
              code: 'idempotency_key_in_use',
              message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${idem}. Please try again later.`,
              validation: true,
            });
          }
          reply.header('idempotent-replayed', 'true').header('original-request', existing.requestId);
          return sendJson(reply, existing.status, existing.body);
        }
        if (existing) store.idempotency.delete(slot);
        entry = {
          path,
          params: paramsKey,
          state: 'in_flight',
          status: 0,
          body: '',
          requestId: req.id,
          expiresAtMs: nowMs + DAY_MS,
        };
      }
      const ctx = contextOf(sandbox, req, params, idem, on);
      if (entry) store.idempotency.set(slot, entry);
      for (const hook of sandbox.hooks.beforeWrite) await hook(req, reply);
      if (reply.sent) {
        // A hook answered (an injected fault before the write): nothing ran, forget the key.
        if (entry) store.idempotency.delete(slot);
        return reply;
      }
      let status = 200;
      let body: string;
      try {
        body = JSON.stringify(handler(ctx));
      } catch (error) {
        if (!(error instanceof StripeError)) throw error;
        if (error.validation) {
          if (entry) store.idempotency.delete(slot);
          entry = undefined;
        }
        status = error.status;
        body = JSON.stringify(error.body(req.id));
      }
      if (entry) {
        entry.status = status;
        entry.body = body;
        store.finishIdempotency(slot, entry);
        entry = undefined;
      }
      for (const hook of sandbox.hooks.afterWrite) await hook(req, reply);
      if (reply.sent) return reply;
      return sendJson(reply, status, body);
    } catch (error) {
      // A crash inside the handler: store it as Stripe does for 500s? No: drop the key so that the
      // retry runs again (the sandbox's writes are synchronous, so nothing half-happened).
      if (entry) store.idempotency.delete(slot);
      if (error instanceof StripeError) return sendError(reply, req.id, error);
      throw error;
    }
  });
}
