import type { TestProject } from 'vitest/node';
import { ensureDashboardBuilt } from '../../src/dashboard/build-dashboard.ts';
import { type PostgresServer, startPostgres } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the run's PostgreSQL server, or '' when none is installed (outside CI only). */
    postgresUrl: string;
  }
}

let server: PostgresServer | undefined;

export async function setup(project: TestProject) {
  // Built once, before any test file runs: files that need web/dist (the end-to-end suites, the
  // serving tests) then find it fresh, instead of racing to build it at the same time.
  const built = ensureDashboardBuilt();
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
  await server?.stop();
}
