// A standalone worker process (tests, the crash test and the drain benchmark start it as a
// child): `node worker-process.ts [--id ID] [--poll-ms N] [--backoff-base-ms N] [--backoff-cap-ms N]`.
// Configured like the service, through loadConfig: DATABASE_URL or REFUNDRY_DATA_DIR,
// STRIPE_SECRET_KEY, STRIPE_API_BASE (the sandbox), WORKER_CONCURRENCY (default 16 here),
// STRIPE_RATE_LIMIT, WORKER_LEASE_MS, WORKER_HEARTBEAT_MS, LOG_LEVEL (default warn here); the flags
// are the knobs only tests turn. Prints "ready" once claiming; SIGTERM/SIGINT stop gracefully.
import { parseArgs } from 'node:util';
import Stripe from 'stripe';
import { loadConfig } from '../config.ts';
import { openDb } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { createLogger } from '../shared/logger.ts';
import { createStripeGateway } from '../stripe/stripe-gateway.ts';
import { startWorkers } from './workers.ts';

const { values: flags } = parseArgs({
  options: {
    id: { type: 'string' },
    'poll-ms': { type: 'string', default: '200' },
    'backoff-base-ms': { type: 'string', default: '500' },
    'backoff-cap-ms': { type: 'string', default: '30000' },
  },
});
const config = loadConfig({ LOG_LEVEL: 'warn', WORKER_CONCURRENCY: '16', ...process.env });

const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await migrate(db);
const apiBase = config.stripeApiBase ? new URL(config.stripeApiBase) : undefined;
const stripe = new Stripe(config.stripeSecretKey ?? 'sk_test_sandbox', {
  host: apiBase?.hostname,
  port: apiBase?.port ? Number(apiBase.port) : undefined,
  protocol: apiBase?.protocol === 'http:' ? 'http' : 'https',
  maxNetworkRetries: 0,
  timeout: 20_000,
});
const logger = createLogger({ name: 'refundry-worker', level: config.logLevel });
const workers = await startWorkers({
  db,
  gateway: createStripeGateway(stripe),
  logger,
  workerId: flags.id,
  concurrency: config.worker.concurrency,
  pollIntervalMs: Number(flags['poll-ms']),
  leaseMs: config.worker.leaseMs,
  heartbeatMs: config.worker.heartbeatMs,
  budget: { maxRate: config.worker.stripeRateLimit },
  backoff: { baseMs: Number(flags['backoff-base-ms']), capMs: Number(flags['backoff-cap-ms']) },
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
