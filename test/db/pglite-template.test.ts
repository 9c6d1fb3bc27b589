// A new embedded data folder: filled from the template (built once per install) on a worker
// thread, with PGlite's WebAssembly compiled there too, while the main thread does other work; the
// template carries only the database Refundry uses.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../src/db/data-dir-lock.ts';
import { openPglite, preparePglite } from '../../src/db/pglite.ts';
import { ensureTemplate, isNewDataDir } from '../../src/db/pglite-template.ts';
import { looseEntries } from '../support/loose-entries.ts';

const dir = mkdtempSync(join(tmpdir(), 'refundry-pglite-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a new embedded data folder', () => {
  it('is prepared on a worker thread: the template copied and PGlite compiled', {
    timeout: 300_000,
  }, async () => {
    expect(await ensureTemplate()).toBeDefined();
    const dataDir = join(dir, 'new');
    const lock = await acquireDataDirLock(dataDir);
    const prepared = preparePglite(dataDir);
    // Begun, not done: the main thread is free meanwhile (the copy is not made in this call).
    expect(isNewDataDir(dataDir)).toBe(true);
    const artifacts = await prepared.artifacts;
    expect(artifacts.pgliteWasmModule).toBeInstanceOf(WebAssembly.Module);
    await prepared.filled;
    expect(isNewDataDir(dataDir)).toBe(false);
    expect(looseEntries(dataDir).loose).toEqual([]);

    const db = await openPglite(dataDir, undefined, lock, prepared);
    try {
      expect(await db.query('SELECT count(*)::int AS n FROM refunds')).toEqual([{ n: 0 }]);
      // Only the database Refundry uses: initdb's template databases are not copied.
      expect(
        (await db.query<{ datname: string }>('SELECT datname FROM pg_database')).map((r) => r.datname),
      ).toEqual(['postgres']);
    } finally {
      await db.close();
    }
    expect(readdirSync(join(dataDir, 'base'))).toHaveLength(1);
  });

  it('opens the same way when nothing was begun ahead, and again as an existing folder', {
    timeout: 300_000,
  }, async () => {
    const dataDir = join(dir, 'plain');
    for (const expected of [0, 1]) {
      const db = await openPglite(dataDir);
      try {
        expect(await db.query('SELECT count(*)::int AS n FROM users')).toEqual([{ n: expected }]);
        if (!expected) {
          await db.query(
            `INSERT INTO users (id, email, name, role, password_hash) VALUES ('usr_1', 'a@example.com', 'A', 'admin', 'x')`,
          );
        }
      } finally {
        await db.close();
      }
    }
    expect(looseEntries(dataDir).loose).toEqual([]);
  });
});
