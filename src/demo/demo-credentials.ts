// The demo's admin API key and login, kept in `<data dir>/demo-credentials.json` (owner-only), so
// every start prints the same ones: no new admin key per start, and the printed login keeps
// working (and its sessions keep going) across restarts. What the file holds is only ever used
// while the database agrees: a revoked key is replaced, and a password changed since the demo set
// it is left alone (the demo says so instead of printing a stale one).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApiKey, verifyApiKey } from '../auth/api-keys.ts';
import { generatePassword, verifyPassword } from '../auth/passwords.ts';
import { createUser, findUserByEmail, setPassword, updateUser } from '../auth/users.ts';
import type { Db } from '../db/db.ts';

export const DEMO_CREDENTIALS_FILE = 'demo-credentials.json';
export const DEMO_ADMIN_EMAIL = 'admin@refundry.example';

interface StoredCredentials {
  api_key?: string;
  admin_password?: string;
  /**
   * The demo admin's password hash as the database held it when `admin_password` was last known
   * to be its password: while the database still holds this very hash, the password is still that
   * one (any change of password makes a new salted hash), so a restart need not run scrypt (~0.2 s
   * of CPU) to check it.
   */
  admin_password_hash?: string;
}

export interface DemoCredentials {
  apiKey: string;
  email: string;
  /** undefined when someone changed the demo admin's password since the demo set it. */
  password: string | undefined;
  /** Where they are kept. */
  path: string;
}

export function demoCredentialsPath(dataDir: string): string {
  return join(dataDir, DEMO_CREDENTIALS_FILE);
}

/** What the file holds ({} when there is none or it is unreadable). */
export function readDemoCredentials(dataDir: string): StoredCredentials {
  try {
    const parsed = JSON.parse(readFileSync(demoCredentialsPath(dataDir), 'utf8')) as StoredCredentials;
    return {
      ...(typeof parsed.api_key === 'string' ? { api_key: parsed.api_key } : {}),
      ...(typeof parsed.admin_password === 'string' ? { admin_password: parsed.admin_password } : {}),
      ...(typeof parsed.admin_password_hash === 'string'
        ? { admin_password_hash: parsed.admin_password_hash }
        : {}),
    };
  } catch {
    return {};
  }
}

function writeDemoCredentials(dataDir: string, stored: StoredCredentials): void {
  const path = demoCredentialsPath(dataDir);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** The demo's admin key and login: the kept ones while they are valid, new ones otherwise. */
export async function demoCredentials(db: Db, dataDir: string): Promise<DemoCredentials> {
  const stored = readDemoCredentials(dataDir);
  const next: StoredCredentials = { ...stored };

  const live = stored.api_key ? await verifyApiKey(db, stored.api_key) : undefined;
  if (!live?.scopes.includes('admin')) {
    next.api_key = (await createApiKey(db, { name: 'demo admin', scopes: ['admin'] })).key;
  }

  let password: string | undefined;
  let hash: string | undefined;
  const user = await findUserByEmail(db, DEMO_ADMIN_EMAIL);
  if (!user) {
    password = stored.admin_password ?? generatePassword();
    await createUser(db, { email: DEMO_ADMIN_EMAIL, name: 'Demo admin', role: 'admin', password });
  } else if (
    stored.admin_password &&
    (user.passwordHash === stored.admin_password_hash ||
      (await verifyPassword(stored.admin_password, user.passwordHash)))
  ) {
    password = stored.admin_password;
    hash = user.passwordHash;
  } else if (!stored.admin_password) {
    // A login made by an older version, which printed a new password at every start.
    password = generatePassword();
    await db.transaction(async (tx) => {
      await updateUser(tx, user.id, { role: 'admin', disabled: false });
      await setPassword(tx, user.id, password!);
    });
  }
  if (password) {
    next.admin_password = password;
    next.admin_password_hash = hash ?? (await findUserByEmail(db, DEMO_ADMIN_EMAIL))!.passwordHash;
  }

  if (
    next.api_key !== stored.api_key ||
    next.admin_password !== stored.admin_password ||
    next.admin_password_hash !== stored.admin_password_hash
  ) {
    writeDemoCredentials(dataDir, next);
  }
  return { apiKey: next.api_key!, email: DEMO_ADMIN_EMAIL, password, path: demoCredentialsPath(dataDir) };
}
