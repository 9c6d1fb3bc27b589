import { openDb } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { createReconciler, type Progress } from '../reconciliation/reconcile.ts';
import { REPORT_FORMATS, type ReportFormat, writeReport } from '../reconciliation/report.ts';
import { needsAttention } from '../reconciliation/runs.ts';
import { windowFrom } from '../reconciliation/window.ts';
import { createLogger } from '../shared/logger.ts';
import { createRequestBudget } from '../stripe/request-budget.ts';
import { createStripeClient } from '../stripe/stripe-client.ts';
import { createStripeGateway } from '../stripe/stripe-gateway.ts';
import { loadCliConfig } from './cli-config.ts';
import { type Command, parseFlags, UsageError } from './command.ts';
import { refuseWhileServing } from './running-service.ts';

export const reconcileCommand: Command = {
  summary: "Compare Stripe's refunds with Refundry's for a time window: heal what can be, flag the rest.",
  usage: [
    'refundry reconcile [--from DATE] [--to DATE] [--format table|json|csv]',
    '  DATE: YYYY-MM-DD (a UTC day; --to includes it) or an ISO 8601 date-time with offset.',
    '  Default window: the RECONCILE_WINDOW_DAYS days (default 3) up to now.',
    '  Needs STRIPE_SECRET_KEY (STRIPE_API_BASE points at a standalone sandbox) and the database',
    '  (DATABASE_URL or REFUNDRY_DATA_DIR). Waits while another reconciliation runs.',
    '  Exit code: 0 nothing needs a person, 1 something does (or the run failed), 2 usage error.',
  ].join('\n'),
  async run(argv) {
    const { values } = parseFlags({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string', default: 'table' },
      },
    });
    const format = values.format as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) throw new UsageError('--format must be table, json or csv');
    const config = loadCliConfig();
    refuseWhileServing(
      config,
      (api) =>
        `start a run through its API instead: POST ${api}/reconciliation/runs with an admin key, or the dashboard's Reconciliation page`,
    );
    const window = windowFrom(values, new Date(), config.reconcile.windowDays);
    if (!window.ok) throw new UsageError(window.message);
    if (!config.stripeSecretKey) {
      throw new UsageError(
        'reconcile compares with Stripe: set STRIPE_SECRET_KEY (and STRIPE_API_BASE for a standalone sandbox)',
      );
    }
    // stdout carries the report; logs and progress go to stderr.
    const logger = createLogger({
      level: config.logLevel === 'info' ? 'error' : config.logLevel,
      destination: process.stderr,
    });
    const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
    const progress = process.stderr.isTTY ? progressLine() : undefined;
    const reconciler = { stop: async () => {} };
    const onSignal = () => void reconciler.stop();
    try {
      await migrate(db);
      const budget = await createRequestBudget(db, { maxRate: config.worker.stripeRateLimit });
      const gateway = createStripeGateway(createStripeClient(config.stripeSecretKey, config.stripeApiBase));
      const r = createReconciler({ db, gateway, logger, beforeStripeRequest: () => budget.acquire() });
      reconciler.stop = () => r.stop();
      // Ctrl-C: the run ends as canceled and gives the lease back instead of holding it till expiry.
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const started = await r.start({
        window: window.window,
        triggeredBy: 'cli',
        onProgress: progress?.update,
      });
      const run = await started!.done;
      progress?.clear();
      await writeReport(db, run, format, (chunk) => process.stdout.write(chunk));
      if (run.status !== 'completed') console.error(`Reconciliation ${run.id} ${run.status}: ${run.error}`);
      return needsAttention(run) ? 1 : 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      progress?.clear();
      await db.close();
    }
  },
};

/** One self-rewriting stderr line, at most ten updates a second. */
function progressLine() {
  let last = 0;
  let shown = false;
  return {
    update(p: Progress) {
      const now = Date.now();
      if (p.phase !== 'done' && now - last < 100 && shown) return;
      last = now;
      const text =
        p.phase === 'waiting'
          ? `reconcile ${p.runId}: waiting for another reconciliation to finish…`
          : p.phase === 'local'
            ? `reconcile ${p.runId}: ${p.stripeRefunds} Stripe refunds compared; checking refunds Stripe did not list…`
            : `reconcile ${p.runId}: ${p.stripeRefunds} Stripe refunds compared, ${p.discrepancies} discrepancies`;
      process.stderr.write(`\r\x1b[2K${text}`);
      shown = true;
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}
