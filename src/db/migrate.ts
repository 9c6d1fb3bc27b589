import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './queryable.ts';

const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');

export interface Migration {
  name: string;
  sql: string;
}

/** The plain SQL files in src/db/migrations, in name order (001_…, 002_…). */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * Applies the migrations not yet applied, each in its own transaction, in order. Several
 * processes starting at once are serialised by an advisory lock, so each file runs once.
 * Returns the names applied now.
 */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  // One read to find what is left: usually nothing (a restart, or a new embedded database copied
  // from the migrated template). What is left is checked again under the lock, one at a time.
  const appliedBefore = new Set(
    (await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
  );
  const applied: string[] = [];
  for (const migration of migrations.filter((m) => !appliedBefore.has(m.name))) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(727274)');
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [migration.name]);
      if (done.length > 0) return false;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [migration.name]);
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}

/** Names of migrations in the code that the database has not applied yet (for /readyz). */
export async function pendingMigrations(db: Db, migrations = loadMigrations()): Promise<string[]> {
  const rows = await db
    .query<{ name: string }>('SELECT name FROM schema_migrations')
    .catch(() => [] as { name: string }[]);
  const applied = new Set(rows.map((r) => r.name));
  return migrations.map((m) => m.name).filter((n) => !applied.has(n));
}

/**
 * Splits a migration file into statements so each runs through the extended protocol inside the
 * transaction. Statements end with `;` at the end of a line; a function body between `$$` quotes
 * is kept whole.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    if (!inDollar && /^\s*--/.test(line)) continue;
    current += `${line}\n`;
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inDollar = !inDollar;
    if (!inDollar && /;\s*$/.test(line)) {
      statements.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
