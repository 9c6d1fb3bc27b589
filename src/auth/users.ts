// Dashboard accounts: SQL for the users table. Emails are unique whatever their case; the stored
// form keeps what was typed (trimmed), lookups compare lower(email).

import type { Queryable } from '../db/db.ts';
import { fieldsOf } from '../db/row-fields.ts';
import { ApiError } from '../http/http-error.ts';
import { newId } from '../shared/ids.ts';
import { clearAccount } from './login-throttle.ts';
import { hashPassword, passwordProblem, type ScryptParams } from './passwords.ts';
import { isRole, type Role } from './roles.ts';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  passwordChangedAt: Date;
  createdAt: Date;
}

export interface UserWithHash extends User {
  passwordHash: string;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  disabled_at: Date | null;
  last_login_at: Date | null;
  password_changed_at: Date;
  created_at: Date;
}

const COLUMNS =
  'id, email, name, role, password_hash, disabled_at, last_login_at, password_changed_at, created_at';

function toUser(row: UserRow): UserWithHash {
  return {
    ...fieldsOf(row, 'id', 'email', 'name'),
    role: isRole(row.role) ? row.role : 'viewer',
    ...fieldsOf(row, 'password_hash', 'disabled_at', 'last_login_at', 'password_changed_at', 'created_at'),
  };
}

function withoutHash(u: UserWithHash): User {
  const { passwordHash: _, ...rest } = u;
  return rest;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailProblem(email: string): string | undefined {
  const e = email.trim();
  if (e.length > 254 || !EMAIL.test(e)) return 'must be an email address';
  return undefined;
}

export interface CreateUserInput {
  email: string;
  name?: string | undefined;
  role: Role;
  password: string;
}

/** Creates an account; an address already used (in any case) is a 409 email_taken. */
export async function createUser(
  db: Queryable,
  input: CreateUserInput,
  params?: ScryptParams,
): Promise<User> {
  const emailIssue = emailProblem(input.email);
  if (emailIssue) throw new ApiError(400, 'invalid_request', `email: ${emailIssue}`, 'email');
  const pwIssue = passwordProblem(input.password);
  if (pwIssue) throw new ApiError(400, 'invalid_password', `password: ${pwIssue}`, 'password');
  const hash = await hashPassword(input.password, params);
  const rows = await db.query<UserRow>(
    `INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [newId('usr'), input.email.trim(), input.name?.trim() ?? '', input.role, hash],
  );
  if (!rows[0]) {
    throw new ApiError(
      409,
      'email_taken',
      `An account with the email '${input.email.trim()}' exists.`,
      'email',
    );
  }
  return withoutHash(toUser(rows[0]));
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserWithHash | undefined> {
  const [row] = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE lower(email) = $1`, [
    normalizeEmail(email),
  ]);
  return row ? toUser(row) : undefined;
}

export async function getUser(db: Queryable, id: string): Promise<User | undefined> {
  const [row] = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return row ? withoutHash(toUser(row)) : undefined;
}

/** Finds by id or (when it contains '@') by email; for the CLI. */
export async function findUser(db: Queryable, idOrEmail: string): Promise<User | undefined> {
  if (idOrEmail.includes('@')) {
    const u = await findUserByEmail(db, idOrEmail);
    return u ? withoutHash(u) : undefined;
  }
  return getUser(db, idOrEmail);
}

export async function listUsers(db: Queryable): Promise<User[]> {
  const rows = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY created_at, id`);
  return rows.map((r) => withoutHash(toUser(r)));
}

export interface UserChanges {
  name?: string | undefined;
  role?: Role | undefined;
  disabled?: boolean | undefined;
}

/**
 * Changes name, role or the disabled flag. Refuses (409 last_admin) to leave no enabled admin, so
 * the dashboard cannot lock every administrator out. Disabling ends the user's sessions.
 */
export async function updateUser(db: Queryable, id: string, changes: UserChanges): Promise<User> {
  const current = await lockUser(db, id);
  const losesAdmin =
    current.role === 'admin' &&
    current.disabledAt === null &&
    ((changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true);
  if (losesAdmin) await assertAnotherAdmin(db, id);
  const [row] = await db.query<UserRow>(
    `UPDATE users SET
       name = COALESCE($2, name),
       role = COALESCE($3, role),
       disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at
                          WHEN $4::boolean THEN COALESCE(disabled_at, now()) ELSE NULL END,
       updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, changes.name?.trim() ?? null, changes.role ?? null, changes.disabled ?? null],
  );
  if (changes.disabled === true) await db.query('DELETE FROM sessions WHERE user_id = $1', [id]);
  return withoutHash(toUser(row!));
}

/** Sets a new password, ends every session of the user and lifts every sign-in delay on the account. */
export async function setPassword(
  db: Queryable,
  id: string,
  password: string,
  params?: ScryptParams,
): Promise<User> {
  const pwIssue = passwordProblem(password);
  if (pwIssue) throw new ApiError(400, 'invalid_password', `password: ${pwIssue}`, 'password');
  const hash = await hashPassword(password, params);
  const user = await lockUser(db, id);
  const [row] = await db.query<UserRow>(
    `UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, hash],
  );
  await db.query('DELETE FROM sessions WHERE user_id = $1', [id]);
  // A reset lifts every delay on the account (whoever was failing on it).
  await clearAccount(db, user.email);
  return withoutHash(toUser(row!));
}

/** Replaces the stored hash (parameters upgraded at login), keeping sessions. */
export async function rehashPassword(db: Queryable, id: string, hash: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, hash]);
}

export async function recordLogin(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query('UPDATE users SET last_login_at = $2 WHERE id = $1', [id, at]);
}

async function lockUser(db: Queryable, id: string): Promise<UserWithHash> {
  const [row] = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1 FOR UPDATE`, [id]);
  if (!row) throw new ApiError(404, 'not_found', `No user with id '${id}'.`, 'id');
  return toUser(row);
}

async function assertAnotherAdmin(db: Queryable, exceptId: string): Promise<void> {
  const rows = await db.query(
    `SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> $1 FOR UPDATE`,
    [exceptId],
  );
  if (rows.length === 0) {
    throw new ApiError(
      409,
      'last_admin',
      'This is the only enabled admin; make another user admin first.',
      'role',
    );
  }
}
