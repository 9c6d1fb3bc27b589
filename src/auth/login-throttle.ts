// Slowing down password guessing without handing attackers a way to lock people out.
//
// - Per (account, client address) pair: the first `freeFailures` failures cost nothing; from then
//   on each failure makes that pair wait, 30 s doubling up to `maxDelayMs`. Another client — the
//   account's owner at their own address — is not slowed by it, so knowing someone's email is not
//   enough to keep them out. Unknown addresses are throttled the same way (keyed by a hash of the
//   lowercased address), so being slowed reveals nothing about who has an account.
// - Per client address: `maxFailures` failures on any accounts within `windowMs` lock that client
//   out for `lockMs`, so one client cannot spray many accounts. Behind a reverse proxy the client
//   address comes from X-Forwarded-For only when TRUST_PROXY says which proxies to believe.
//
// The decisions are pure (pairDelayMs, afterPairFailure, afterClientFailure, lockedUntil); the
// state lives in login_throttle so every process sees the same counts. A pair's attempt is counted
// before the password is checked, in one row-locked transaction, so concurrent guesses cannot all
// slip through one gap; a correct password then deletes the pair's row.
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db/db.ts';

export interface ThrottleState {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

export interface ClientRule {
  /** Failures within `windowMs` that lock the client. */
  maxFailures: number;
  windowMs: number;
  /** How long the client stays locked. */
  lockMs: number;
}

export interface PairRule {
  /** Failures of one pair that cost nothing. */
  freeFailures: number;
  /** The first delay; each further failure doubles it… */
  baseDelayMs: number;
  /** …up to this. */
  maxDelayMs: number;
  /** A pair quiet for this long starts again from zero. */
  forgetAfterMs: number;
}

/** The first delay after the free failures: long enough to make guessing slow, short for a typo. */
export const BASE_DELAY_MS = 30_000;

export interface PairState {
  failures: number;
  lastFailureAt: Date | null;
  lockedUntil: Date | null;
}

/** When the key is locked at `now`, until when; otherwise undefined. */
export function lockedUntil(state: { lockedUntil: Date | null } | undefined, now: Date): Date | undefined {
  return state?.lockedUntil && state.lockedUntil > now ? state.lockedUntil : undefined;
}

/** How long a pair waits after its `failures`-th consecutive failure. */
export function pairDelayMs(failures: number, rule: PairRule): number {
  if (failures < rule.freeFailures) return 0;
  const doublings = Math.min(failures - rule.freeFailures, 30);
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** doublings);
}

/** The pair's state after one more failure at `now`. */
export function afterPairFailure(state: PairState | undefined, now: Date, rule: PairRule): PairState {
  const forgotten =
    !state?.lastFailureAt || now.getTime() - state.lastFailureAt.getTime() >= rule.forgetAfterMs;
  const failures = (forgotten ? 0 : state.failures) + 1;
  const delay = pairDelayMs(failures, rule);
  return { failures, lastFailureAt: now, lockedUntil: delay > 0 ? new Date(now.getTime() + delay) : null };
}

/** The client's state after one more failure: counted in a window; reaching the limit locks and restarts. */
export function afterClientFailure(
  state: ThrottleState | undefined,
  now: Date,
  rule: ClientRule,
): ThrottleState {
  const fresh = !state || now.getTime() - state.windowStartedAt.getTime() >= rule.windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  if (failures >= rule.maxFailures) {
    return { failures: 0, windowStartedAt: now, lockedUntil: new Date(now.getTime() + rule.lockMs) };
  }
  return {
    failures,
    windowStartedAt: fresh ? now : state.windowStartedAt,
    lockedUntil: state?.lockedUntil ?? null,
  };
}

/** A hash of the lowercased address: accounts (and addresses with no account) in the table. */
export const accountDigest = (email: string) =>
  createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
export const pairThrottleKey = (email: string, ip: string) => `pair:${accountDigest(email)}:${ip}`;
export const clientThrottleKey = (ip: string) => `ip:${ip}`;

interface Row {
  failures: number;
  window_started_at: Date;
  last_failure_at: Date | null;
  locked_until: Date | null;
}

export type PairAttempt =
  | { allowed: false; until: Date }
  /** Counted as a failure already; `lockedUntil` is the delay that applies if it fails. */
  | { allowed: true; state: PairState };

/**
 * Starts a login attempt for (email, ip): refused while the pair waits; otherwise counted as a
 * failure at once (undone by clearPair when the password is right).
 */
export function beginPairAttempt(
  db: Db,
  email: string,
  ip: string,
  now: Date,
  rule: PairRule,
): Promise<PairAttempt> {
  const key = pairThrottleKey(email, ip);
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO login_throttle (key, account, failures, window_started_at) VALUES ($1, $2, 0, $3)
       ON CONFLICT DO NOTHING`,
      [key, accountDigest(email), now],
    );
    const [row] = await tx.query<Row>(
      'SELECT failures, window_started_at, last_failure_at, locked_until FROM login_throttle WHERE key = $1 FOR UPDATE',
      [key],
    );
    const previous: PairState | undefined = row
      ? { failures: row.failures, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until }
      : undefined;
    const until = lockedUntil(previous, now);
    if (until) return { allowed: false, until };
    const next = afterPairFailure(previous, now, rule);
    await tx.query(
      'UPDATE login_throttle SET failures = $2, last_failure_at = $3, locked_until = $4 WHERE key = $1',
      [key, next.failures, next.lastFailureAt, next.lockedUntil],
    );
    return { allowed: true, state: next };
  });
}

/** A correct password: the pair starts again from zero. */
export async function clearPair(db: Queryable, email: string, ip: string): Promise<void> {
  await db.query('DELETE FROM login_throttle WHERE key = $1', [pairThrottleKey(email, ip)]);
}

/** Forgets every pair of an account (its password was reset). */
export async function clearAccount(db: Queryable, email: string): Promise<void> {
  await db.query('DELETE FROM login_throttle WHERE account = $1', [accountDigest(email)]);
}

/** The latest delay some client trying this account is waiting out, if any (for admins). */
export async function accountDelayedUntil(
  db: Queryable,
  email: string,
  now: Date,
): Promise<Date | undefined> {
  const [row] = await db.query<{ until: Date | null }>(
    'SELECT max(locked_until) AS until FROM login_throttle WHERE account = $1 AND locked_until > $2',
    [accountDigest(email), now],
  );
  return row?.until ?? undefined;
}

export async function readClient(db: Queryable, ip: string): Promise<ThrottleState | undefined> {
  const [row] = await db.query<Row>(
    'SELECT failures, window_started_at, locked_until FROM login_throttle WHERE key = $1',
    [clientThrottleKey(ip)],
  );
  return row
    ? { failures: row.failures, windowStartedAt: row.window_started_at, lockedUntil: row.locked_until }
    : undefined;
}

/** Counts one failure of a client (row-locked, so concurrent failures all count); returns the new state. */
export function recordClientFailure(db: Db, ip: string, now: Date, rule: ClientRule): Promise<ThrottleState> {
  const key = clientThrottleKey(ip);
  return db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO login_throttle (key, failures, window_started_at) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING',
      [key, now],
    );
    const [row] = await tx.query<Row>(
      'SELECT failures, window_started_at, locked_until FROM login_throttle WHERE key = $1 FOR UPDATE',
      [key],
    );
    const previous =
      row && (row.failures > 0 || row.locked_until)
        ? { failures: row.failures, windowStartedAt: row.window_started_at, lockedUntil: row.locked_until }
        : undefined;
    const next = afterClientFailure(previous, now, rule);
    await tx.query(
      'UPDATE login_throttle SET failures = $2, window_started_at = $3, locked_until = $4 WHERE key = $1',
      [key, next.failures, next.windowStartedAt, next.lockedUntil],
    );
    return next;
  });
}

/** Forgets rows with no recent failure and no live lock (called now and then at login). */
export async function pruneThrottle(db: Queryable, now: Date, olderThanMs: number): Promise<void> {
  const cutoff = new Date(now.getTime() - olderThanMs);
  await db.query(
    `DELETE FROM login_throttle
     WHERE COALESCE(last_failure_at, window_started_at) < $1 AND (locked_until IS NULL OR locked_until < $2)`,
    [cutoff, now],
  );
}
