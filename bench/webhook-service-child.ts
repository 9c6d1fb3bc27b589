// The Stripe webhook receiver under benchmark, in a process of its own (Stripe sends from elsewhere,
// so the senders in bench/webhooks.ts do not share its event loop). Started by bench/webhooks.ts
// with an IPC channel; the database is DATABASE_URL or REFUNDRY_DATA_DIR (migrated by the parent):
//   node bench/webhook-service-child.ts receiver   POST /webhooks/stripe and the event applier, as
//                                                  `refundry serve --role all` runs them
//   node bench/webhook-service-child.ts ceiling    Fastify + one INSERT per delivery (the ceiling)
// Messages from the parent: 'begin' zeroes the CPU clock; 'end' answers {cpu_ms, rss_mb};
// {secret} sets the endpoint secret; {sql, params} answers {rows} (PGlite's folder is this
// process's alone); 'stop' stops and exits. Prints {ready, url} when listening.
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/db.ts';
import { createMetrics } from '../src/metrics/metrics.ts';
import { createServiceApp } from '../src/service/app.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { type EventApplier, startEventApplier } from '../src/stripe-sync/event-applier.ts';
import { STRIPE_WEBHOOK_PATH } from '../src/webhooks/stripe-webhook-route.ts';
import { peakRssMb } from './proc.ts';

const mode = process.argv[2] as 'receiver' | 'ceiling';
const config = loadConfig(process.env);
const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 20 });
let secret = 'whsec_unset';
let app: FastifyInstance;
let applier: EventApplier | undefined;

if (mode === 'ceiling') {
  await db.exec(`CREATE TABLE IF NOT EXISTS bench_webhook_ceiling (
    id text PRIMARY KEY, payload text NOT NULL, received_at timestamptz NOT NULL DEFAULT now())`);
  app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  let n = 0;
  app.post(STRIPE_WEBHOOK_PATH, async (request) => {
    await db.query('INSERT INTO bench_webhook_ceiling (id, payload) VALUES ($1, $2)', [
      `d${n++}`,
      request.body as string,
    ]);
    return { received: true };
  });
} else {
  const logger = silentLogger();
  const metrics = createMetrics({ defaultMetrics: false });
  app = await createServiceApp({
    db,
    gateway: {} as never,
    config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
    logger,
    metrics,
    dashboardDir: false,
    stripeWebhook: { secret: () => secret, onStored: () => applier?.wake() },
  });
  applier = startEventApplier({ db, logger, metrics, intervalMs: 100 });
}
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

let cpu = process.cpuUsage();
process.on(
  'message',
  async (message: 'begin' | 'end' | 'stop' | { secret: string } | { sql: string; params?: unknown[] }) => {
    if (message === 'begin') cpu = process.cpuUsage();
    else if (message === 'end') {
      const used = process.cpuUsage(cpu);
      process.send?.({ cpu_ms: (used.user + used.system) / 1000, rss_mb: peakRssMb(process.pid) });
    } else if (message === 'stop') {
      await app.close();
      await applier?.stop();
      await db.close();
      process.exit(0);
    } else if ('secret' in message) {
      secret = message.secret;
      process.send?.({ ok: true });
    } else {
      try {
        process.send?.({ rows: await db.query(message.sql, message.params) });
      } catch (error) {
        process.send?.({ error: String(error) });
      }
    }
  },
);
process.send?.({ ready: true, url });
