// The demo's admin key and login kept in the data folder: the same ones at every start while the
// database agrees, a new key once the kept one is revoked, and no stale password printed once
// someone changed it.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { listApiKeys, revokeApiKey, verifyApiKey } from '../../src/auth/api-keys.ts';
import { verifyPassword } from '../../src/auth/passwords.ts';
import { findUserByEmail, setPassword } from '../../src/auth/users.ts';
import type { Db } from '../../src/db/db.ts';
import { DEMO_ADMIN_EMAIL, demoCredentials } from '../../src/demo/demo-credentials.ts';
import { createTestDb, engines } from '../support/databases.ts';

// Counts the scrypt checks demoCredentials runs (the real check still runs).
const scrypt = vi.hoisted(() => ({ checks: 0 }));
vi.mock('../../src/auth/passwords.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/auth/passwords.ts')>();
  return {
    ...real,
    verifyPassword: (password: string, hash: string) => {
      scrypt.checks++;
      return real.verifyPassword(password, hash);
    },
  };
});

describe.each(engines())('demo credentials on %s', (engine) => {
  const dir = mkdtempSync(join(tmpdir(), 'refundry-demo-credentials-'));
  let db: Db;
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are made once, kept owner-only, and printed again while the database agrees', async () => {
    db = await createTestDb(engine);
    const first = await demoCredentials(db, dir);
    expect(first).toMatchObject({ email: DEMO_ADMIN_EMAIL, path: join(dir, 'demo-credentials.json') });
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect((await verifyApiKey(db, first.apiKey))?.scopes).toEqual(['admin']);
    const user = (await findUserByEmail(db, DEMO_ADMIN_EMAIL))!;
    expect(await verifyPassword(first.password!, user.passwordHash)).toBe(true);

    const again = await demoCredentials(db, dir);
    expect(again).toEqual(first);
    expect((await listApiKeys(db)).filter((k) => k.name === 'demo admin')).toHaveLength(1);
    // The password was not set again (that would have ended the admin's sessions).
    expect((await findUserByEmail(db, DEMO_ADMIN_EMAIL))!.passwordChangedAt).toEqual(user.passwordChangedAt);
  });

  // A restart must not spend scrypt's ~0.2 s of CPU on a password it set itself: while the
  // database holds the very hash the kept password was checked against, it is still that password.
  it('are checked without scrypt while the database holds the hash they were checked against', async () => {
    const file = join(dir, 'demo-credentials.json');
    const kept = await demoCredentials(db, dir);
    const user = (await findUserByEmail(db, DEMO_ADMIN_EMAIL))!;
    expect(JSON.parse(readFileSync(file, 'utf8')).admin_password_hash).toBe(user.passwordHash);
    const before = scrypt.checks;
    expect(await demoCredentials(db, dir)).toEqual(kept);
    expect(scrypt.checks - before).toBe(0);

    // A file from an older version (no hash): checked once with scrypt, and the hash kept from then on.
    const { admin_password_hash: _, ...older } = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify(older), { mode: 0o600 });
    expect(await demoCredentials(db, dir)).toEqual(kept);
    expect(scrypt.checks - before).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8')).admin_password_hash).toBe(user.passwordHash);

    // The same password set again (a new salt, so a new hash): checked with scrypt, still printed.
    await db.transaction((tx) => setPassword(tx, user.id, kept.password!));
    expect(await demoCredentials(db, dir)).toEqual(kept);
    expect(scrypt.checks - before).toBe(2);
    const rehashed = (await findUserByEmail(db, DEMO_ADMIN_EMAIL))!.passwordHash;
    expect(rehashed).not.toBe(user.passwordHash);
    expect(JSON.parse(readFileSync(file, 'utf8')).admin_password_hash).toBe(rehashed);
  });

  it('replace a revoked key, and say nothing stale once the password was changed', async () => {
    const before = await demoCredentials(db, dir);
    const [kept] = (await listApiKeys(db)).filter((k) => k.name === 'demo admin');
    await revokeApiKey(db, kept!.id);
    const user = (await findUserByEmail(db, DEMO_ADMIN_EMAIL))!;
    await db.transaction((tx) => setPassword(tx, user.id, 'chosen by the admin'));

    const after = await demoCredentials(db, dir);
    expect(after.apiKey).not.toBe(before.apiKey);
    expect(await verifyApiKey(db, after.apiKey)).toBeDefined();
    expect(after.password).toBeUndefined();
    // The admin's own choice is left alone.
    expect(
      await verifyPassword(
        'chosen by the admin',
        (await findUserByEmail(db, DEMO_ADMIN_EMAIL))!.passwordHash,
      ),
    ).toBe(true);
    expect((await demoCredentials(db, dir)).apiKey).toBe(after.apiKey);
  });
});
