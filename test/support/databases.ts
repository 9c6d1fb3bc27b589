// Test databases on both engines. PostgreSQL: one fresh database per call on the run's server.
// PGlite: loaded once per test file from the run's migrated template (made by global-setup.ts), then
// cloned per call (cloning is ~10x cheaper than creating).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { wrapPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';

export type Engine = 'pglite' | 'postgres';

/** The engines to run a suite on: PGlite always; PostgreSQL when installed (always in CI). */
export function engines(): Engine[] {
  return inject('postgresUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

/** Creates an empty database on the run's PostgreSQL server and returns its URL. */
export async function createPostgresDatabase(): Promise<string> {
  const base = inject('postgresUrl');
  if (!base) throw new Error('No PostgreSQL server in this run');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

let template: Promise<import('@electric-sql/pglite').PGliteInterface> | undefined;

/** A migrated, empty database of the given engine. */
export async function createTestDb(engine: Engine): Promise<Db> {
  if (engine === 'postgres') {
    const db = await openPostgres(await createPostgresDatabase(), 10);
    await migrate(db);
    return db;
  }
  template ??= (async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const loadDataDir = new Blob([readFileSync(inject('pgliteTemplate'))]);
    return PGlite.create({ loadDataDir });
  })();
  return wrapPglite(await (await template).clone());
}
