// Logging in with email and password. Whatever goes wrong — unknown address, wrong password,
// disabled account — the answer is the same and takes the same time (a dummy hash is checked when
// there is no account), so the login form cannot be used to find out who has an account.
import type { AuthConfig } from '../config.ts';
import type { Db } from '../db/db.ts';
import {
  BASE_DELAY_MS,
  beginPairAttempt,
  type ClientRule,
  clearPair,
  lockedUntil,
  type PairRule,
  pruneThrottle,
  readClient,
  recordClientFailure,
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
  /** This client failed on this account too often and must wait (`pair`), or on too many (`client`). */
  | { kind: 'locked'; scope: 'pair' | 'client'; until: Date };

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

/** The throttle rules from the configuration. */
export function throttleRules(auth: LoginDeps['auth']): { pair: PairRule; client: ClientRule } {
  const lockMs = auth.loginLockMinutes * 60_000;
  return {
    pair: {
      freeFailures: auth.loginMaxFailures,
      baseDelayMs: Math.min(BASE_DELAY_MS, lockMs),
      maxDelayMs: lockMs,
      forgetAfterMs: Math.max(lockMs, 86_400_000),
    },
    client: { maxFailures: auth.loginMaxFailuresPerClient, windowMs: lockMs, lockMs },
  };
}

export async function login(
  deps: LoginDeps,
  input: { email: string; password: string; ip: string; userAgent?: string | undefined },
): Promise<LoginOutcome> {
  const { db, auth } = deps;
  const now = deps.now();
  const rules = throttleRules(auth);

  // A client over its cap waits, whatever account it tries.
  const clientLock = lockedUntil(await readClient(db, input.ip), now);
  if (clientLock) return { kind: 'locked', scope: 'client', until: clientLock };
  // This client on this account: counted before the (slow) password check, so parallel guesses
  // cannot all pass while the first is being checked.
  const attempt = await beginPairAttempt(db, input.email, input.ip, now, rules.pair);
  if (!attempt.allowed) return { kind: 'locked', scope: 'pair', until: attempt.until };

  const params = deps.hashParams ?? DEFAULT_SCRYPT;
  const user = await findUserByEmail(db, input.email);
  const valid = user
    ? await verifyPassword(input.password, user.passwordHash)
    : await verifyDummy(input.password, params);
  if (!user || !valid || user.disabledAt) {
    const client = await recordClientFailure(db, input.ip, now, rules.client);
    if (client.lockedUntil && client.lockedUntil > now) {
      return { kind: 'locked', scope: 'client', until: client.lockedUntil };
    }
    const delay = lockedUntil(attempt.state, now);
    if (delay) return { kind: 'locked', scope: 'pair', until: delay };
    return { kind: 'invalid' };
  }

  await clearPair(db, input.email, input.ip);
  if (needsRehash(user.passwordHash, params)) {
    await rehashPassword(db, user.id, await hashPassword(input.password, params));
  }
  const settings = sessionSettings(auth);
  // Housekeeping at a moment that is already slow on purpose (the hash above).
  await pruneSessions(db, now, settings);
  await pruneThrottle(db, now, rules.pair.forgetAfterMs);
  const session = await createSession(db, user.id, now, settings, {
    ip: input.ip,
    userAgent: input.userAgent,
  });
  await recordLogin(db, user.id, now);
  const { passwordHash: _, ...plain } = user;
  return { kind: 'ok', user: plain, ...session };
}
