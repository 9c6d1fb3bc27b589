// Commands beside a running service. The embedded database (PGlite) serves one process: while
// `serve` or `demo` holds it, a command that needs it either goes through that service's admin API
// (users, keys: with REFUNDRY_API_KEY, or the demo's own key) or says in one line what to do
// instead, naming the API (exit 2). With PostgreSQL (DATABASE_URL) commands open the database.
import type { Config } from '../config.ts';
import { lockHolder } from '../db/data-dir-lock.ts';
import { type Db, openDb } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { readDemoCredentials } from '../demo/demo-credentials.ts';
import { ApiError } from '../http/http-error.ts';
import { readServiceInfo } from '../service/service-info.ts';
import { stderrLogger } from './cli-config.ts';
import { CommandRefused } from './command.ts';
import { ServiceApi } from './service-api.ts';

type Where = Pick<Config, 'databaseUrl' | 'dataDir'>;

export interface ServiceHolder {
  pid: number;
  dataDir: string;
  /** Its API base (…/api/v1), once it listens. */
  apiUrl: string | undefined;
}

/** The live process holding the embedded database in the data folder, if any. */
export function serviceHolder(config: Where): ServiceHolder | undefined {
  if (config.databaseUrl) return undefined;
  const pid = lockHolder(config.dataDir);
  if (pid === undefined) return undefined;
  const info = readServiceInfo(config.dataDir);
  return { pid, dataDir: config.dataDir, apiUrl: info?.pid === pid ? info.api_url : undefined };
}

/** `hint` gets the API base (or the path /api/v1 when the service has not said where it is). */
type Hint = string | ((api: string) => string);

function refusal(holder: ServiceHolder, hint: Hint): CommandRefused {
  const api = holder.apiUrl ?? '/api/v1';
  const at = holder.apiUrl ? `, API ${holder.apiUrl}` : '';
  return new CommandRefused(
    `Refundry (pid ${holder.pid}${at}) is running on ${holder.dataDir} and holds its embedded database; ${typeof hint === 'function' ? hint(api) : hint}.`,
  );
}

/** Throws the one-line refusal when a running service holds the database. */
export function refuseWhileServing(config: Where, hint: Hint): void {
  const holder = serviceHolder(config);
  if (holder) throw refusal(holder, hint);
}

/** Opens (and migrates) the database, or refuses in one line while a running service holds it. */
export async function openCliDb(config: Where, hint: Hint): Promise<Db> {
  refuseWhileServing(config, hint);
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger: stderrLogger(),
  });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** The usage lines of an admin command that runs through withAdminBackend (`path` as there). */
export function adminBackendUsage(path: string): string[] {
  return [
    `While Refundry runs on the embedded database, this goes through its API (/api/v1${path}) with`,
    'the admin key in REFUNDRY_API_KEY (the demo uses its own key).',
  ];
}

/**
 * Runs an admin command against the database, or through the running service's API when it holds
 * the database (`path`, its API route under /api/v1, is named in the refusal when there is no key to
 * use).
 * Refusals (address taken, short password, last admin, no such key) are plain messages and exit 1,
 * not stack traces.
 */
export async function withAdminBackend<B>(
  config: Where & Pick<Config, 'cliApiKey'>,
  backends: { db: (db: Db) => B; api: (api: ServiceApi) => B },
  path: string,
  fn: (backend: B) => Promise<number>,
): Promise<number> {
  try {
    return await onAdminBackend(config, backends, path, fn);
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

async function onAdminBackend<B>(
  config: Where & Pick<Config, 'cliApiKey'>,
  backends: { db: (db: Db) => B; api: (api: ServiceApi) => B },
  path: string,
  fn: (backend: B) => Promise<number>,
): Promise<number> {
  const hint = (api: string) =>
    `set REFUNDRY_API_KEY to an admin API key to do this through its API (${api}${path}), or stop it first`;
  const holder = serviceHolder(config);
  if (holder) {
    const key = config.cliApiKey ?? readDemoCredentials(config.dataDir).api_key;
    if (!holder.apiUrl || !key) throw refusal(holder, hint);
    console.error(`Refundry is running on ${holder.dataDir}: going through its API at ${holder.apiUrl}.`);
    return fn(backends.api(new ServiceApi(holder.apiUrl, key)));
  }
  const db = await openCliDb(config, hint);
  try {
    return await fn(backends.db(db));
  } finally {
    await db.close();
  }
}
