// Who is calling /api/v1: an API key (Authorization: Bearer rfk_…) or a dashboard session (its
// cookie, with the CSRF token on changes). Registered once on the /api/v1 scope, before the
// features' routes, which then ask for a scope with requireScope.
import type { FastifyInstance } from 'fastify';
import { type AuthConfig, DEFAULT_AUTH } from '../config.ts';
import type { Db } from '../db/db.ts';
import { sessionSettings } from './login.ts';
import { authenticate } from './principal.ts';

export interface ApiAuthDeps {
  db: Db;
  /** `auth` (sessions) falls back to DEFAULT_AUTH when omitted. */
  config: { auth?: AuthConfig | undefined };
  now?: (() => Date) | undefined;
}

export function registerApiAuthentication(app: FastifyInstance, deps: ApiAuthDeps): void {
  const now = deps.now ?? (() => new Date());
  const auth = deps.config.auth ?? DEFAULT_AUTH;
  app.decorateRequest('apiKey', undefined);
  app.decorateRequest('principal', undefined);
  app.addHook(
    'onRequest',
    authenticate({ db: deps.db, now, sessions: sessionSettings(auth), publicUrl: auth.publicUrl }),
  );
}
