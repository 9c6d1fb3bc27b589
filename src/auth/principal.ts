// Who is making a request: an API key (`Authorization: Bearer rfk_…`) or a person signed in to the
// dashboard (the session cookie). Both become a Principal with scopes, and every route checks
// scopes the same way, so the dashboard has exactly the powers of an API key with its role's scopes.
//
// Cookie-authenticated requests that change something must also carry the session's CSRF token
// in `X-CSRF-Token` (a synchronizer token: another site can make the browser send the cookie, but
// cannot read the token), and their Origin/Referer, when sent, must be this service's.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/db.ts';
import { ApiError } from '../http/http-error.ts';
import { type ApiKey, type Scope, verifyApiKey } from './api-keys.ts';
import { hasScope, scopesForRole } from './roles.ts';
import { type ActiveSession, resolveSession, SESSION_COOKIE, type SessionSettings } from './sessions.ts';

export interface Principal {
  kind: 'key' | 'user';
  id: string;
  scopes: Scope[];
  /** The session, for kind 'user'. */
  session?: ActiveSession | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
    /** Set for API-key requests only; prefer `principal`. */
    apiKey: ApiKey | undefined;
  }
}

/** The actor string written in history rows: `key:<id>` or `user:<id>`. */
export function actorOf(request: FastifyRequest): string {
  const p = request.principal;
  if (!p) throw new ApiError(401, 'unauthenticated', 'Sign in or send an API key.');
  return `${p.kind}:${p.id}`;
}

/**
 * A preHandler refusing (403 forbidden) principals without `required` (admin passes all). A
 * callback hook, not an async one: it runs on every API request and has nothing to wait for.
 */
export const requireScope =
  (required: Scope) => (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    const p = request.principal;
    if (!p) return done(new ApiError(401, 'unauthenticated', 'Sign in or send an API key.'));
    if (!hasScope(p.scopes, required)) {
      const who = p.kind === 'key' ? 'This API key lacks' : 'Your role lacks';
      return done(
        new ApiError(403, 'forbidden', `${who} the '${required}' scope.`, undefined, {
          required_scope: required,
        }),
      );
    }
    done();
  };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthenticateDeps {
  db: Db;
  now: () => Date;
  sessions: SessionSettings;
  publicUrl?: string | undefined;
}

/** The session of this request's cookie, if live. */
export async function sessionOf(request: FastifyRequest, deps: AuthenticateDeps) {
  const token = request.cookies?.[SESSION_COOKIE];
  return token ? resolveSession(deps.db, token, deps.now(), deps.sessions) : undefined;
}

/** An onRequest hook: sets request.principal from the API key or the session cookie, or answers 401. */
export function authenticate(deps: AuthenticateDeps) {
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const key = match ? await verifyApiKey(deps.db, match[1]!) : undefined;
      if (!key) throw new ApiError(401, 'unauthenticated', 'The API key is unknown or revoked.');
      request.apiKey = key;
      request.principal = { kind: 'key', id: key.id, scopes: key.scopes };
      return;
    }
    const session = await sessionOf(request, deps);
    if (!session) {
      throw new ApiError(
        401,
        'unauthenticated',
        request.cookies?.[SESSION_COOKIE]
          ? 'Your session has ended; sign in again.'
          : 'Send an API key as `Authorization: Bearer rfk_…`, or sign in.',
      );
    }
    if (!SAFE_METHODS.has(request.method)) checkCsrf(request, session.csrfToken, deps.publicUrl);
    request.principal = {
      kind: 'user',
      id: session.user.id,
      scopes: scopesForRole(session.user.role),
      session,
    };
  };
}

/** Refuses (403) a cookie-authenticated unsafe request without the session's CSRF token. */
export function checkCsrf(request: FastifyRequest, expected: string, publicUrl: string | undefined): void {
  checkOrigin(request, publicUrl);
  const sent = request.headers['x-csrf-token'];
  if (typeof sent !== 'string' || sent.length === 0) {
    throw new ApiError(403, 'csrf_token_missing', 'Send the X-CSRF-Token header from GET /auth/me.');
  }
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new ApiError(403, 'csrf_token_invalid', 'The X-CSRF-Token header does not match this session.');
  }
}

/**
 * When the browser says where a request comes from (Origin, else Referer), it must be this
 * service: the configured PUBLIC_URL's origin, or the Host the request was sent to.
 */
export function checkOrigin(request: FastifyRequest, publicUrl: string | undefined): void {
  const origin = request.headers.origin ?? request.headers.referer;
  if (typeof origin !== 'string' || origin === '') return;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    throw new ApiError(403, 'cross_origin', 'The request comes from another site.');
  }
  const sentHost = u.host;
  const sentOrigin = u.origin;
  if (publicUrl && new URL(publicUrl).origin === sentOrigin) return;
  if (request.headers.host && sameHost(u.protocol, request.headers.host, sentHost)) return;
  throw new ApiError(403, 'cross_origin', 'The request comes from another site.');
}

/** Host header vs the origin's host, with the scheme's default port made explicit on neither side. */
function sameHost(protocol: string, hostHeader: string, originHost: string): boolean {
  try {
    return new URL(`${protocol}//${hostHeader}`).host === originHost;
  } catch {
    return false;
  }
}
