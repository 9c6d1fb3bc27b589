// Prometheus metrics for the service, on a Registry of their own (never prom-client's global one)
// so that tests and several apps in one process don't share counters.
//
// Two kinds, so that several processes sharing one database add up right:
// - events that happen in exactly one process (a refund request answered, a Stripe call, a 429)
//   are per-process counters: sum them across instances;
// - facts about the shared state (queue depth, budget, refunds reaching a final status wherever
//   that happened, time to final, failures by reason) are read from the database at scrape time,
//   so every process reports the same truth: aggregate them with max, not sum.
import { Counter, collectDefaultMetrics, Gauge, Histogram, type Metric, Registry } from 'prom-client';
import type { Queryable } from '../db/db.ts';
import {
  accountLabelSql,
  FINAL_STATUSES,
  type RefundOutcomeReader,
  type RefundOutcomeTotals,
  refundOutcomeReader,
  TIME_TO_FINAL_BUCKETS,
} from './refund-outcomes.ts';

export type RefundRequestOutcome = 'accepted' | 'rejected' | 'needs_approval';

export interface Metrics {
  readonly registry: Registry;
  readonly refundRequests: Counter<'outcome'>;
  /** Groups of API refund requests read and decided again (src/refunds/request-refund.ts). */
  readonly refundGroupsDecidedAgain: Counter<'reason'>;
  readonly stripeRequests: Counter<'operation' | 'outcome'>;
  readonly stripeRequestDuration: Histogram<'operation'>;
  readonly stripeRateLimited: Counter<string>;
  // Learning what Stripe did (src/stripe-sync, src/webhooks).
  readonly webhookEvents: Counter<'type' | 'result'>;
  readonly webhookLag: Histogram<string>;
  // Reconciliation (src/reconciliation/).
  readonly reconciliationDiscrepancies: Counter<'kind'>;
  /** Bulk import rows by outcome (accepted, needs_approval, rejected, already_imported, error, would_*). */
  readonly bulkRows: Counter<'outcome'>;
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
  /** How refund outcomes are read from refund_history (tests shorten the fold horizon). */
  outcomes?: RefundOutcomeReader;
  /**
   * Connected accounts given their own value of the `account` label (METRICS_ACCOUNTS); every
   * other connected account is 'other', the platform's own payments 'platform'.
   */
  labelledAccounts?: readonly string[];
}

interface SampleValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/**
 * A metric whose samples are computed at scrape time (from the database). prom-client's own types
 * cannot set a counter or histogram to a value, so this is a minimal collector in the shape the
 * Registry formats.
 */
function registerComputed(
  registry: Registry,
  def: {
    name: string;
    help: string;
    type: 'counter' | 'gauge' | 'histogram';
    values: () => Promise<SampleValue[]>;
  },
): void {
  const metric = {
    name: def.name,
    help: def.help,
    type: def.type,
    aggregator: 'max',
    async get() {
      return {
        name: def.name,
        help: def.help,
        type: def.type,
        aggregator: 'max',
        values: await def.values(),
      };
    },
    reset() {},
  };
  registry.registerMetric(metric as unknown as Metric<string>);
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const now = options.now ?? (() => new Date());
  const db = options.db;
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  // Registered in this order, which is the order of the exposition: the facts read from the
  // database (queue and budget, reconciliation, refund outcomes), then this process's counters.
  registerQueueGauges(registers, db, now);
  registerReconciliationGauges(registers, db);
  if (db) {
    const labelledAccounts = options.labelledAccounts ?? [];
    registerDbMetrics(
      registry,
      db,
      options.outcomes ?? refundOutcomeReader(db, { labelledAccounts }),
      labelledAccounts,
    );
  }
  return { registry, ...processCounters(registers) };
}

/**
 * The refund queue and the shared Stripe request budget, read from the database at scrape time
 * (the same in every process). Without a database they stay 0.
 */
function registerQueueGauges(registers: Registry[], db: Queryable | undefined, now: () => Date): void {
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
}

/** Reconciliation gauges, from the database: right whichever process (or the CLI) ran the job. */
function registerReconciliationGauges(registers: Registry[], db: Queryable | undefined): void {
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
}

/**
 * The events that happen in exactly one process (a refund request answered, a Stripe call, a 429,
 * a Stripe event received, a discrepancy found, a bulk row): counted here, summed across
 * instances. A list of declarations.
 */
function processCounters(registers: Registry[]): Omit<Metrics, 'registry'> {
  return {
    refundRequests: new Counter({
      name: 'refundry_refund_requests_total',
      help: 'Refund requests by outcome.',
      labelNames: ['outcome'],
      registers,
    }),
    refundGroupsDecidedAgain: new Counter({
      name: 'refundry_refund_groups_decided_again_total',
      help: 'Groups of refund requests read and decided again: a payment they read changed before their write (payment_changed), a key of theirs was stored meanwhile (key_stored), or a deadlock.',
      labelNames: ['reason'],
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
    bulkRows: new Counter({
      name: 'refundry_bulk_rows_total',
      help: 'Bulk refund rows processed by this process, by outcome.',
      labelNames: ['outcome'],
      registers,
    }),
  };
}

const IN_FLIGHT = ['awaiting_approval', 'queued', 'pending', 'requires_action'] as const;

/**
 * The families read from the database at scrape time (the same in every process: aggregate them
 * with max). Registered in this order, the order of the exposition: split by account, the refund
 * outcomes, then the state of the queues.
 */
function registerDbMetrics(
  registry: Registry,
  db: Queryable,
  outcomes: RefundOutcomeReader,
  labelledAccounts: readonly string[],
): void {
  /** A family computed from the refund outcomes (read from refund_history: the same in every process). */
  const fromOutcomes: FromOutcomes = (family, values) =>
    registerComputed(registry, { ...family, values: async () => values(await outcomes.read()) });
  registerAccountFamilies(registry, db, fromOutcomes, labelledAccounts);
  registerOutcomeFamilies(fromOutcomes);
  registerStateGauges(registry, db);
}

/** Registers a family whose samples are computed from the refund outcomes totals. */
type FromOutcomes = (
  family: { name: string; help: string; type: 'counter' | 'histogram' },
  values: (totals: RefundOutcomeTotals) => SampleValue[],
) => void;

/** A map's entries in the order of their keys, so the exposition is stable. */
function byKey<V>(map: Map<string, V>): Array<[string, V]> {
  return [...map].sort(([a], [b]) => a.localeCompare(b));
}

/**
 * Split by account (docs/connect.md#metrics): families of their own, so the totals of
 * registerOutcomeFamilies keep their labels (alerts and dashboards aggregate them with max across
 * instances).
 */
function registerAccountFamilies(
  registry: Registry,
  db: Queryable,
  fromOutcomes: FromOutcomes,
  labelledAccounts: readonly string[],
): void {
  fromOutcomes(
    {
      name: 'refundry_account_refunds_final_total',
      help: "Refunds reaching each final status by the payment's account: 'platform', a connected account listed in METRICS_ACCOUNTS, or 'other'.",
      type: 'counter',
    },
    (totals) =>
      byKey(totals.finalByAccount).map(([key, value]) => {
        const [account, status] = key.split('|');
        return { labels: { account: account!, status: status! }, value };
      }),
  );
  registerComputed(registry, {
    name: 'refundry_account_refunds_in_flight',
    help: "Refunds accepted and not yet final by the payment's account (as refundry_account_refunds_final_total) and status.",
    type: 'gauge',
    async values() {
      const rows = await db.query<{ account: string; status: string; n: number }>(
        `SELECT ${accountLabelSql('p.connected_account', '$1')} AS account, r.status, count(*)::int AS n
         FROM refunds r JOIN payments p ON p.id = r.payment_id
         WHERE r.status IN (${IN_FLIGHT.map((s) => `'${s}'`).join(', ')}) GROUP BY 1, 2`,
        [labelledAccounts],
      );
      return rows
        .map((r) => ({ labels: { account: r.account, status: r.status }, value: Number(r.n) }))
        .sort((a, b) =>
          `${a.labels.account}|${a.labels.status}`.localeCompare(`${b.labels.account}|${b.labels.status}`),
        );
    },
  });
}

/** The refund outcomes, wherever they happened: final statuses, failures, time to final. */
function registerOutcomeFamilies(fromOutcomes: FromOutcomes): void {
  fromOutcomes(
    {
      name: 'refundry_refunds_final_total',
      help: 'Refunds reaching each final status, wherever it happened (from refund_history; same in every process).',
      type: 'counter',
    },
    (totals) =>
      FINAL_STATUSES.map((status) => ({ labels: { status }, value: totals.final.get(status) ?? 0 })),
  );
  fromOutcomes(
    {
      name: 'refundry_refund_failures_total',
      help: 'Refunds that failed, by failure code (from refund_history; same in every process).',
      type: 'counter',
    },
    (totals) => byKey(totals.failures).map(([reason, value]) => ({ labels: { reason }, value })),
  );
  fromOutcomes(
    {
      name: 'refundry_refund_time_to_final_seconds',
      help: 'Time from acceptance to each final status, for refunds requested through Refundry.',
      type: 'histogram',
    },
    timeToFinalSamples,
  );
}

/**
 * The histogram's samples, as prom-client formats a histogram: for each final status (one with
 * no refund yet included, at 0), its cumulative buckets, +Inf, sum and count.
 */
function timeToFinalSamples(totals: RefundOutcomeTotals): SampleValue[] {
  const out: SampleValue[] = [];
  for (const status of FINAL_STATUSES) {
    const h = totals.timeToFinal.get(status) ?? {
      buckets: TIME_TO_FINAL_BUCKETS.map(() => 0),
      sum: 0,
      count: 0,
    };
    TIME_TO_FINAL_BUCKETS.forEach((le, i) => {
      out.push({
        metricName: 'refundry_refund_time_to_final_seconds_bucket',
        labels: { status, le },
        value: h.buckets[i] ?? 0,
      });
    });
    out.push(
      {
        metricName: 'refundry_refund_time_to_final_seconds_bucket',
        labels: { status, le: '+Inf' },
        value: h.count,
      },
      { metricName: 'refundry_refund_time_to_final_seconds_sum', labels: { status }, value: h.sum },
      { metricName: 'refundry_refund_time_to_final_seconds_count', labels: { status }, value: h.count },
    );
  }
  return out;
}

/** What waits now: refunds in flight by status, bulk rows still to process, sending paused. */
function registerStateGauges(registry: Registry, db: Queryable): void {
  registerComputed(registry, {
    name: 'refundry_refunds_in_flight',
    help: 'Refunds accepted and not yet final, by status (awaiting approval, queued, pending, requires action).',
    type: 'gauge',
    async values() {
      const rows = await db.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM refunds WHERE status IN (${IN_FLIGHT.map((s) => `'${s}'`).join(', ')}) GROUP BY status`,
      );
      const by = new Map(rows.map((r) => [r.status, Number(r.n)]));
      return IN_FLIGHT.map((status) => ({ labels: { status }, value: by.get(status) ?? 0 }));
    },
  });
  registerComputed(registry, {
    name: 'refundry_refund_batch_rows_pending',
    help: 'Rows of bulk refund batches (queued or running) still to process.',
    type: 'gauge',
    async values() {
      const [row] = await db.query<{ n: number | null }>(
        "SELECT sum(total - processed)::int AS n FROM refund_batches WHERE status IN ('queued', 'running')",
      );
      return [{ labels: {}, value: Number(row?.n ?? 0) }];
    },
  });
  registerComputed(registry, {
    name: 'refundry_sending_paused',
    help: '1 while sending to Stripe is paused after Stripe rejected the API key, else 0.',
    type: 'gauge',
    async values() {
      const rows = await db.query("SELECT 1 FROM service_state WHERE key = 'sending_paused'");
      return [{ labels: {}, value: rows.length > 0 ? 1 : 0 }];
    },
  });
}

/** The outcome label for a refund request: accepted ones over the threshold wait for approval. */
export function refundRequestOutcome(kind: 'accepted' | 'rejected', status?: string): RefundRequestOutcome {
  if (kind === 'rejected') return 'rejected';
  return status === 'awaiting_approval' ? 'needs_approval' : 'accepted';
}
