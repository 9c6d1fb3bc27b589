// Logging in with email and password. Whatever goes wrong — unknown address, wrong password,
// disabled account — the answer is the same and takes the same time (a dummy hash is checked when
// there is no account), so the login form cannot be used to find out who has an account.
import type { AuthConfig } from '../config.ts';
import type { Db } from '../db/db.ts';
import {
  clearThrottle,
  clientThrottleKey,
  emailThrottleKey,
  lockedUntil,
  pruneThrottle,
  readThrottle,
  recordFailure,
  type ThrottleRule,
} from './login-throttle.ts';
import {
  DEFAULT_SCRYPT,
  hashPassword,
  needsRehash,
  type ScryptParams,
  verifyDummy,
  verifyPassword,
} from './passwords.ts';
import { createSession, pruneSessions, type SessionSettings } from './sessions.ts';
import { findUserByEmail, recordLogin, rehashPassword, type User } from './users.ts';

export type LoginOutcome =
  | { kind: 'ok'; user: User; token: string; csrfToken: string; expiresAt: Date }
  | { kind: 'invalid' }
  /** Too many failures on this account (423) or from this client (429). */
  | { kind: 'locked'; scope: 'account' | 'client'; until: Date };

export interface LoginDeps {
  db: Db;
  now: () => Date;
  auth: Pick<
    AuthConfig,
    | 'loginMaxFailures'
    | 'loginLockMinutes'
    | 'loginMaxFailuresPerClient'
    | 'sessionIdleMinutes'
    | 'sessionAbsoluteHours'
  >;
  /** scrypt parameters for new hashes and the dummy check; DEFAULT_SCRYPT unless a test lowers them. */
  hashParams?: ScryptParams | undefined;
}

export function sessionSettings(auth: LoginDeps['auth']): SessionSettings {
  return { idleMs: auth.sessionIdleMinutes * 60_000, absoluteMs: auth.sessionAbsoluteHours * 3_600_000 };
}

export async function login(
  deps: LoginDeps,
  input: { email: string; password: string; ip?: string | undefined; userAgent?: string | undefined },
): Promise<LoginOutcome> {
  const { db, auth } = deps;
  const now = deps.now();
  const lockMs = auth.loginLockMinutes * 60_000;
  const accountRule: ThrottleRule = { maxFailures: auth.loginMaxFailures, windowMs: lockMs, lockMs };
  const clientRule: ThrottleRule = { maxFailures: auth.loginMaxFailuresPerClient, windowMs: lockMs, lockMs };
  const accountKey = emailThrottleKey(input.email);
  const clientKey = input.ip ? clientThrottleKey(input.ip) : undefined;

  if (clientKey) {
    const until = lockedUntil(await readThrottle(db, clientKey), now);
    if (until) return { kind: 'locked', scope: 'client', until };
  }
  const accountLock = lockedUntil(await readThrottle(db, accountKey), now);
  if (accountLock) return { kind: 'locked', scope: 'account', until: accountLock };

  const params = deps.hashParams ?? DEFAULT_SCRYPT;
  const user = await findUserByEmail(db, input.email);
  const valid = user
    ? await verifyPassword(input.password, user.passwordHash)
    : await verifyDummy(input.password, params);
  if (!user || !valid || user.disabledAt) {
    if (clientKey) {
      const client = await recordFailure(db, clientKey, now, clientRule);
      if (client.lockedUntil && client.lockedUntil > now) {
        return { kind: 'locked', scope: 'client', until: client.lockedUntil };
      }
    }
    const account = await recordFailure(db, accountKey, now, accountRule);
    if (account.lockedUntil && account.lockedUntil > now) {
      return { kind: 'locked', scope: 'account', until: account.lockedUntil };
    }
    return { kind: 'invalid' };
  }

  await clearThrottle(db, accountKey);
  if (needsRehash(user.passwordHash, params)) {
    await rehashPassword(db, user.id, await hashPassword(input.password, params));
  }
  const settings = sessionSettings(auth);
  // Housekeeping at a moment that is already slow on purpose (the hash above).
  await pruneSessions(db, now, settings);
  await pruneThrottle(db, now, Math.max(lockMs, 86_400_000));
  const session = await createSession(db, user.id, now, settings, {
    ip: input.ip,
    userAgent: input.userAgent,
  });
  await recordLogin(db, user.id, now);
  const { passwordHash: _, ...plain } = user;
  return { kind: 'ok', user: plain, ...session };
}
