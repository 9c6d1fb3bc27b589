// The dashboard's sign-in: POST /auth/login, POST /auth/logout, GET /auth/me. The session token
// travels only in an HttpOnly, SameSite=Strict cookie; the CSRF token the page must echo in
// X-CSRF-Token comes in these JSON bodies.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AuthConfig, PolicySettings } from '../config.ts';
import type { Db } from '../db/db.ts';
import { ApiError } from '../http/http-error.ts';
import { parse } from '../http/validate.ts';
import { loadPolicySettings } from '../policy/policy-settings.ts';
import { login, sessionSettings } from './login.ts';
import type { ScryptParams } from './passwords.ts';
import { type AuthenticateDeps, checkCsrf, checkOrigin, sessionOf } from './principal.ts';
import { scopesForRole } from './roles.ts';
import { type ActiveSession, deleteSession, SESSION_COOKIE } from './sessions.ts';

export interface SessionRoutesDeps {
  db: Db;
  now: () => Date;
  auth: AuthConfig;
  hashParams?: ScryptParams | undefined;
  /** The configured policy defaults: /auth/me says whether self-approval is allowed. */
  policy?: PolicySettings | undefined;
}

export const loginBody = z.strictObject({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
});

/** "30 seconds", "1 minute", "15 minutes". */
function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export function meBody(
  session: Pick<ActiveSession, 'user' | 'csrfToken' | 'expiresAt' | 'idleExpiresAt'>,
  allowSelfApproval = false,
) {
  const { user } = session;
  return {
    // Whether this user may approve refunds they requested (the policy's four-eyes setting), so
    // the dashboard offers Approve only where the server would accept it.
    allow_self_approval: allowSelfApproval,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    scopes: scopesForRole(user.role),
    csrf_token: session.csrfToken,
    session: {
      expires_at: session.expiresAt.toISOString(),
      idle_expires_at: session.idleExpiresAt.toISOString(),
    },
  };
}

export function registerSessionRoutes(app: FastifyInstance, deps: SessionRoutesDeps): void {
  const settings = sessionSettings(deps.auth);
  const authDeps: AuthenticateDeps = {
    db: deps.db,
    now: deps.now,
    sessions: settings,
    publicUrl: deps.auth.publicUrl,
  };
  const secure = deps.auth.publicUrl?.startsWith('https://') ?? false;
  const selfApproval = async () =>
    deps.policy ? (await loadPolicySettings(deps.db, deps.policy)).allowSelfApproval === true : false;
  const clearCookie = (reply: FastifyReply) =>
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure });

  app.post('/auth/login', async (request, reply) => {
    // A login from another site would sign the browser in to the attacker's account.
    checkOrigin(request, deps.auth.publicUrl);
    const body = parse(loginBody, request.body, 'body');
    const outcome = await login(
      { db: deps.db, now: deps.now, auth: deps.auth, hashParams: deps.hashParams },
      {
        email: body.email,
        password: body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      },
    );
    if (outcome.kind === 'locked') {
      const seconds = Math.max(1, Math.ceil((outcome.until.getTime() - deps.now().getTime()) / 1000));
      reply.header('Retry-After', String(seconds));
      throw outcome.scope === 'pair'
        ? new ApiError(
            429,
            'sign_in_delayed',
            `Too many failed sign-ins for this account from your address; try again in ${waitText(seconds)}.`,
            'email',
            { retry_after_seconds: seconds },
          )
        : new ApiError(
            429,
            'too_many_attempts',
            `Too many failed sign-ins from your address; try again in ${waitText(seconds)}.`,
            undefined,
            { retry_after_seconds: seconds },
          );
    }
    if (outcome.kind === 'invalid') {
      throw new ApiError(401, 'invalid_credentials', 'The email or password is wrong.', 'email');
    }
    // Signing in again replaces the session this browser had.
    const previous = await sessionOf(request, authDeps);
    if (previous) await deleteSession(deps.db, previous.tokenHash);
    reply.setCookie(SESSION_COOKIE, outcome.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure,
      expires: outcome.expiresAt,
    });
    const now = deps.now();
    const allowSelf = await selfApproval();
    return meBody(
      {
        user: outcome.user,
        csrfToken: outcome.csrfToken,
        expiresAt: outcome.expiresAt,
        idleExpiresAt: new Date(Math.min(now.getTime() + settings.idleMs, outcome.expiresAt.getTime())),
      },
      allowSelf,
    );
  });

  app.post('/auth/logout', async (request, reply) => {
    const session = await sessionOf(request, authDeps);
    if (session) {
      checkCsrf(request, session.csrfToken, deps.auth.publicUrl);
      await deleteSession(deps.db, session.tokenHash);
    }
    clearCookie(reply);
    return reply.code(204).send();
  });

  app.get('/auth/me', async (request, reply) => {
    const session = await sessionOf(request, authDeps);
    if (!session) {
      if (request.cookies?.[SESSION_COOKIE]) clearCookie(reply);
      throw new ApiError(401, 'unauthenticated', 'Not signed in.');
    }
    reply.header('Cache-Control', 'no-store');
    return meBody(session, await selfApproval());
  });
}
