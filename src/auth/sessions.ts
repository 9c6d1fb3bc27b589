// Browser sessions. The cookie holds a random token; the database holds only its SHA-256, so a
// leaked database (or backup) cannot be replayed as a login. A session ends after an idle period
// or at its absolute expiry, whichever comes first, and at once when its user is disabled.
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/db.ts';
import { randomToken } from '../shared/ids.ts';
import { isRole, type Role } from './roles.ts';

export const SESSION_COOKIE = 'refundry_session';

export interface SessionSettings {
  idleMs: number;
  absoluteMs: number;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface ActiveSession {
  tokenHash: string;
  csrfToken: string;
  createdAt: Date;
  /** When the session ends if no request comes first. */
  idleExpiresAt: Date;
  /** When the session ends regardless. */
  expiresAt: Date;
  user: SessionUser;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

// last_seen_at is written at most this often per session, so reads do not become writes.
const TOUCH_EVERY_MS = 60_000;

export async function createSession(
  db: Queryable,
  userId: string,
  now: Date,
  settings: SessionSettings,
  meta: { ip?: string | undefined; userAgent?: string | undefined } = {},
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomToken(43); // ≈256 bits
  const csrfToken = randomToken(32);
  const expiresAt = new Date(now.getTime() + settings.absoluteMs);
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`,
    [
      hashToken(token),
      userId,
      csrfToken,
      now,
      expiresAt,
      meta.ip ?? null,
      meta.userAgent?.slice(0, 300) ?? null,
    ],
  );
  return { token, csrfToken, expiresAt };
}

interface SessionRow {
  token_hash: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  user_id: string;
  email: string;
  name: string;
  role: string;
  disabled_at: Date | null;
}

/**
 * The live session for this cookie token, its idle clock restarted; undefined when unknown,
 * expired (idle or absolute; the row is deleted) or its user is disabled.
 */
export async function resolveSession(
  db: Queryable,
  token: string,
  now: Date,
  settings: SessionSettings,
): Promise<ActiveSession | undefined> {
  if (!/^[0-9A-Za-z]{43}$/.test(token)) return undefined;
  const tokenHash = hashToken(token);
  const [row] = await db.query<SessionRow>(
    `SELECT s.token_hash, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at,
            u.id AS user_id, u.email, u.name, u.role, u.disabled_at
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
    [tokenHash],
  );
  if (!row) return undefined;
  const idleEnd = row.last_seen_at.getTime() + settings.idleMs;
  if (row.disabled_at || now >= row.expires_at || now.getTime() >= idleEnd || !isRole(row.role)) {
    await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    return undefined;
  }
  let lastSeen = row.last_seen_at;
  if (now.getTime() - lastSeen.getTime() >= TOUCH_EVERY_MS) {
    lastSeen = now;
    await db.query('UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2', [
      tokenHash,
      now,
    ]);
  }
  return {
    tokenHash,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    idleExpiresAt: new Date(Math.min(lastSeen.getTime() + settings.idleMs, row.expires_at.getTime())),
    expiresAt: row.expires_at,
    user: { id: row.user_id, email: row.email, name: row.name, role: row.role },
  };
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

/** Deletes sessions past either expiry (called now and then at login). */
export async function pruneSessions(db: Queryable, now: Date, settings: SessionSettings): Promise<void> {
  await db.query('DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [
    now,
    new Date(now.getTime() - settings.idleMs),
  ]);
}
