// Prometheus metrics for the service, on a Registry of their own (never prom-client's global one)
// so that tests and several apps in one process don't share counters. Queue and budget gauges are
// read from the database at scrape time, so they are right whichever process did the work.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Queryable } from '../db/db.ts';

export type RefundRequestOutcome = 'accepted' | 'rejected' | 'needs_approval';

export interface Metrics {
  readonly registry: Registry;
  readonly refundRequests: Counter<'outcome'>;
  readonly stripeRequests: Counter<'operation' | 'outcome'>;
  readonly stripeRequestDuration: Histogram<'operation'>;
  readonly refundsFinal: Counter<'status'>;
  readonly refundTimeToFinal: Histogram<string>;
  readonly refundFailures: Counter<'reason'>;
  readonly stripeRateLimited: Counter<string>;
  // Learning what Stripe did (src/stripe-sync, src/webhooks).
  readonly webhookEvents: Counter<'type' | 'result'>;
  readonly webhookLag: Histogram<string>;
  // Reconciliation (src/reconciliation/).
  readonly reconciliationDiscrepancies: Counter<'kind'>;
}

/** How a received or read Stripe event ended (the `result` label of refundry_webhook_events_total). */
export type WebhookEventResult =
  | 'applied'
  | 'duplicate'
  | 'bad_signature'
  | 'malformed'
  | 'ignored'
  | 'error';

export interface MetricsOptions {
  /** Queue and budget gauges are computed from this at scrape time; omitted, they stay 0. */
  db?: Queryable;
  now?: () => Date;
  /** Process metrics (CPU, memory, event loop); off in tests that want an exact scrape. */
  defaultMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const now = options.now ?? (() => new Date());
  const db = options.db;
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  new Gauge({
    name: 'refundry_queue_depth',
    help: 'Refunds queued for submission to Stripe.',
    registers,
    async collect() {
      if (!db) return;
      const [row] = await db.query<{ n: number; oldest: Date | null }>(
        "SELECT count(*)::int AS n, min(created_at) AS oldest FROM refunds WHERE status = 'queued'",
      );
      this.set(row?.n ?? 0);
    },
  });
  new Gauge({
    name: 'refundry_queue_oldest_age_seconds',
    help: 'Age of the oldest queued refund (0 when the queue is empty).',
    registers,
    async collect() {
      if (!db) return;
      const [row] = await db.query<{ oldest: Date | null }>(
        "SELECT min(created_at) AS oldest FROM refunds WHERE status = 'queued'",
      );
      const oldest = row?.oldest ? new Date(row.oldest) : undefined;
      this.set(oldest ? Math.max(0, (now().getTime() - oldest.getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'refundry_stripe_request_budget',
    help: 'Current shared Stripe request rate (requests/second) from rate_buckets.',
    labelNames: ['bucket'],
    registers,
    async collect() {
      if (!db) return;
      this.reset();
      const rows = await db.query<{ name: string; rate: number }>('SELECT name, rate FROM rate_buckets');
      for (const r of rows) this.set({ bucket: r.name }, Number(r.rate));
    },
  });
  // Reconciliation gauges, from the database: right whichever process (or the CLI) ran the job.
  const lastRun = async () => {
    if (!db) return undefined;
    const [row] = await db.query<{ finished_at: Date; seconds: number }>(
      `SELECT finished_at, EXTRACT(EPOCH FROM finished_at - started_at)::float8 AS seconds
       FROM reconciliation_runs WHERE status = 'completed' ORDER BY finished_at DESC LIMIT 1`,
    );
    return row;
  };
  new Gauge({
    name: 'refundry_reconciliation_last_run_timestamp_seconds',
    help: 'When the last reconciliation run completed (Unix seconds; 0 before the first).',
    registers,
    async collect() {
      const row = await lastRun();
      this.set(row ? new Date(row.finished_at).getTime() / 1000 : 0);
    },
  });
  new Gauge({
    name: 'refundry_reconciliation_last_run_duration_seconds',
    help: 'How long the last completed reconciliation run took.',
    registers,
    async collect() {
      this.set(Number((await lastRun())?.seconds ?? 0));
    },
  });
  new Gauge({
    name: 'refundry_reconciliation_open_discrepancies',
    help: 'Reconciliation discrepancies flagged for a person and not resolved yet.',
    registers,
    async collect() {
      if (!db) return;
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM reconciliation_discrepancies WHERE action = 'flagged' AND resolved_at IS NULL`,
      );
      this.set(row?.n ?? 0);
    },
  });
  return {
    registry,
    refundRequests: new Counter({
      name: 'refundry_refund_requests_total',
      help: 'Refund requests by outcome.',
      labelNames: ['outcome'],
      registers,
    }),
    stripeRequests: new Counter({
      name: 'refundry_stripe_requests_total',
      help: 'Stripe API calls by operation and outcome.',
      labelNames: ['operation', 'outcome'],
      registers,
    }),
    stripeRequestDuration: new Histogram({
      name: 'refundry_stripe_request_duration_seconds',
      help: 'Stripe API call duration.',
      labelNames: ['operation'],
      registers,
    }),
    refundsFinal: new Counter({
      name: 'refundry_refunds_final_total',
      help: 'Refunds reaching a final status.',
      labelNames: ['status'],
      registers,
    }),
    refundTimeToFinal: new Histogram({
      name: 'refundry_refund_time_to_final_seconds',
      help: 'Time from request to final status.',
      buckets: [1, 5, 30, 60, 300, 1800, 3600, 6 * 3600, 86_400, 7 * 86_400],
      registers,
    }),
    refundFailures: new Counter({
      name: 'refundry_refund_failures_total',
      help: 'Failed refunds by reason.',
      labelNames: ['reason'],
      registers,
    }),
    stripeRateLimited: new Counter({
      name: 'refundry_stripe_rate_limited_total',
      help: 'Stripe 429 responses.',
      registers,
    }),
    webhookEvents: new Counter({
      name: 'refundry_webhook_events_total',
      help: 'Stripe events received (webhook) or read (backfill), by type and result.',
      labelNames: ['type', 'result'],
      registers,
    }),
    webhookLag: new Histogram({
      name: 'refundry_webhook_lag_seconds',
      help: "Time from a Stripe event's creation to its receipt by Refundry.",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600, 86_400],
      registers,
    }),
    // Reconciliation: discrepancies found by kind (healed or flagged), and the last completed run.
    reconciliationDiscrepancies: new Counter({
      name: 'refundry_reconciliation_discrepancies_total',
      help: 'Reconciliation discrepancies found, by kind.',
      labelNames: ['kind'],
      registers,
    }),
  };
}

/** The outcome label for a refund request: accepted ones over the threshold wait for approval. */
export function refundRequestOutcome(kind: 'accepted' | 'rejected', status?: string): RefundRequestOutcome {
  if (kind === 'rejected') return 'rejected';
  return status === 'awaiting_approval' ? 'needs_approval' : 'accepted';
}
