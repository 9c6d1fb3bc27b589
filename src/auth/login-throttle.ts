// Lock-out after repeated failed logins. The decision is pure (afterFailure, lockedUntil); the
// state lives in login_throttle so every process sees the same counts. Accounts are keyed by a
// hash of the lowercased address — also addresses with no account, so that being locked out does
// not reveal that an account exists — and client addresses separately, so one client cannot try
// many accounts.
import { createHash } from 'node:crypto';
import type { Db } from '../db/db.ts';

export interface ThrottleState {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

export interface ThrottleRule {
  /** Failures within `windowMs` that lock the key. */
  maxFailures: number;
  windowMs: number;
  /** How long the key stays locked. */
  lockMs: number;
}

/** When the key is locked at `now`, until when; otherwise undefined. */
export function lockedUntil(state: ThrottleState | undefined, now: Date): Date | undefined {
  return state?.lockedUntil && state.lockedUntil > now ? state.lockedUntil : undefined;
}

/** The state after one more failure: counted in a window; reaching the limit locks and restarts. */
export function afterFailure(state: ThrottleState | undefined, now: Date, rule: ThrottleRule): ThrottleState {
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

export const emailThrottleKey = (email: string) =>
  `email:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
export const clientThrottleKey = (ip: string) => `ip:${ip}`;

interface Row {
  failures: number;
  window_started_at: Date;
  locked_until: Date | null;
}

const toState = (r: Row): ThrottleState => ({
  failures: r.failures,
  windowStartedAt: r.window_started_at,
  lockedUntil: r.locked_until,
});

export async function readThrottle(db: Db, key: string): Promise<ThrottleState | undefined> {
  const [row] = await db.query<Row>(
    'SELECT failures, window_started_at, locked_until FROM login_throttle WHERE key = $1',
    [key],
  );
  return row ? toState(row) : undefined;
}

/** Counts one failure on `key` (row-locked, so concurrent failures all count); returns the new state. */
export function recordFailure(db: Db, key: string, now: Date, rule: ThrottleRule): Promise<ThrottleState> {
  return db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO login_throttle (key, failures, window_started_at) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING',
      [key, now],
    );
    const [row] = await tx.query<Row>(
      'SELECT failures, window_started_at, locked_until FROM login_throttle WHERE key = $1 FOR UPDATE',
      [key],
    );
    const previous = row && (row.failures > 0 || row.locked_until) ? toState(row) : undefined;
    const next = afterFailure(previous, now, rule);
    await tx.query(
      'UPDATE login_throttle SET failures = $2, window_started_at = $3, locked_until = $4 WHERE key = $1',
      [key, next.failures, next.windowStartedAt, next.lockedUntil],
    );
    return next;
  });
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.query('DELETE FROM login_throttle WHERE key = $1', [key]);
}

/** Forgets rows with no recent failure and no live lock (called now and then at login). */
export async function pruneThrottle(db: Db, now: Date, olderThanMs: number): Promise<void> {
  const cutoff = new Date(now.getTime() - olderThanMs);
  await db.query(
    'DELETE FROM login_throttle WHERE window_started_at < $1 AND (locked_until IS NULL OR locked_until < $2)',
    [cutoff, now],
  );
}
