// A standalone worker process (tests, the crash test and the drain benchmark start it as a
// child). Configured from the environment: DATABASE_URL or REFUNDRY_DATA_DIR, STRIPE_SECRET_KEY,
// STRIPE_HOST/STRIPE_PORT/STRIPE_PROTOCOL (the sandbox), WORKER_CONCURRENCY, STRIPE_RATE_LIMIT,
// WORKER_LEASE_MS, WORKER_HEARTBEAT_MS, WORKER_POLL_MS. Prints "ready" once claiming; SIGTERM/SIGINT stop gracefully.
import Stripe from 'stripe';
import { DEFAULT_STRIPE_RATE_LIMIT, DEFAULT_WORKER_LEASE_MS } from '../config.ts';
import { openDb } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { createLogger } from '../shared/logger.ts';
import { createStripeGateway } from '../stripe/stripe-gateway.ts';
import { startWorkers } from './workers.ts';

const env = process.env;
const num = (value: string | undefined, fallback: number) => (value ? Number(value) : fallback);

const db = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.REFUNDRY_DATA_DIR ?? '.refundry' });
await migrate(db);
const stripe = new Stripe(env.STRIPE_SECRET_KEY ?? 'sk_test_sandbox', {
  host: env.STRIPE_HOST,
  port: env.STRIPE_PORT ? Number(env.STRIPE_PORT) : undefined,
  protocol: (env.STRIPE_PROTOCOL as 'http' | 'https' | undefined) ?? (env.STRIPE_HOST ? 'http' : 'https'),
  maxNetworkRetries: 0,
  timeout: num(env.STRIPE_TIMEOUT_MS, 20_000),
});
const logger = createLogger({ name: 'refundry-worker', level: env.LOG_LEVEL ?? 'warn' });
const workers = await startWorkers({
  db,
  gateway: createStripeGateway(stripe),
  logger,
  workerId: env.WORKER_ID,
  concurrency: num(env.WORKER_CONCURRENCY, 16),
  pollIntervalMs: num(env.WORKER_POLL_MS, 200),
  leaseMs: num(env.WORKER_LEASE_MS, DEFAULT_WORKER_LEASE_MS),
  ...(env.WORKER_HEARTBEAT_MS ? { heartbeatMs: Number(env.WORKER_HEARTBEAT_MS) } : {}),
  budget: { maxRate: num(env.STRIPE_RATE_LIMIT, DEFAULT_STRIPE_RATE_LIMIT) },
  backoff: { baseMs: num(env.WORKER_BACKOFF_BASE_MS, 500), capMs: num(env.WORKER_BACKOFF_CAP_MS, 30_000) },
});
process.stdout.write('ready\n');

const shutdown = async () => {
  await workers.stop();
  process.stdout.write(
    `${JSON.stringify({ stats: workers.stats, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
  await db.close();
  process.exit(0);
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
