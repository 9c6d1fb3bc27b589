// The PostgreSQL the benches measure against, and a fresh database on it per measurement.
import pg from 'pg';
import { type PostgresServer, startPostgres } from '../test/support/postgres-server.ts';

/** An existing server (BENCH_POSTGRES_URL, its maintenance database) or a private throw-away one;
 * undefined when PostgreSQL is not installed. */
export async function benchPostgres(): Promise<PostgresServer | undefined> {
  return process.env.BENCH_POSTGRES_URL
    ? { url: process.env.BENCH_POSTGRES_URL, stop: async () => {} }
    : await startPostgres();
}

/** Stops the server, bounded: a stop that hangs (the server runs under runuser) must not keep the
 * results back, and its child process would keep this one alive, so exit once main.ts has set the
 * exit code. */
export async function stopBenchPostgres(server: PostgresServer | undefined): Promise<void> {
  const stopped = await Promise.race([server?.stop().then(() => true), sleep(5_000).then(() => false)]);
  if (server && !stopped) setTimeout(() => process.exit(), 200);
}

/** Creates an empty database named `<prefix>_<time>_<random>` on the server and returns its URL. */
export async function createDatabase(base: string, prefix: string): Promise<string> {
  const name = `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
