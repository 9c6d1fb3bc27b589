import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDashboardBuilt } from '../../src/dashboard/build-dashboard.ts';
import { migrate } from '../../src/db/migrate.ts';
import { wrapPglite } from '../../src/db/pglite.ts';
import { type PostgresServer, startPostgres } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the run's PostgreSQL server, or '' when none is installed (outside CI only). */
    postgresUrl: string;
    /** A tarball of a migrated, empty PGlite data folder, made once for the whole run. */
    pgliteTemplate: string;
  }
}

let server: PostgresServer | undefined;
let templateFile: string | undefined;

/**
 * Creating a PGlite database runs initdb in WebAssembly (~5 s of CPU and ~750 MB). Doing it once per
 * run, instead of once per test file, keeps a loaded machine from timing out the first test of a file.
 */
async function buildPgliteTemplate(): Promise<string> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create();
  await migrate(wrapPglite(pglite));
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const file = join(tmpdir(), `refundry-pglite-template-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
  return file;
}

export async function setup(project: TestProject) {
  // Built once, before any test file runs: files that need web/dist (the end-to-end suites, the
  // serving tests) then find it fresh, instead of racing to build it at the same time.
  const built = ensureDashboardBuilt();
  templateFile = await buildPgliteTemplate();
  project.provide('pgliteTemplate', templateFile);
  if (process.env.TEST_DATABASE_URL) {
    project.provide('postgresUrl', process.env.TEST_DATABASE_URL);
    await built;
    return;
  }
  [server] = await Promise.all([startPostgres(), built]);
  if (!server && process.env.CI) {
    throw new Error('CI=true but PostgreSQL is not installed: the PostgreSQL tests cannot be skipped in CI.');
  }
  project.provide('postgresUrl', server?.url ?? '');
}

export async function teardown() {
  if (templateFile) rmSync(templateFile, { force: true });
  await server?.stop();
}
