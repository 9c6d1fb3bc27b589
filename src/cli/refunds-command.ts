// `refundry refunds import FILE.csv [--dry-run] [--out OUTCOMES.csv]`: bulk refunds from a CSV,
// row by row through the same policy and row locks as the API, idempotent per row.
import { readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { BulkFormatError, type BulkRow, parseBulkCsv } from '../bulk/bulk-rows.ts';
import { importRows, progressBar, summaryTable } from '../bulk/import-rows.ts';
import { outcomesCsv } from '../bulk/outcomes-csv.ts';
import { ATTENTION_OUTCOMES } from '../bulk/run-row.ts';
import type { PolicySettings } from '../config.ts';
import { type Db, openDb } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { REFUND_REASONS } from '../refunds/reasons.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import { withRequestBudget } from '../stripe/gateway-budget.ts';
import { createRequestBudget } from '../stripe/request-budget.ts';
import { createStripeClient } from '../stripe/stripe-client.ts';
import { createStripeGateway } from '../stripe/stripe-gateway.ts';
import { loadCliConfig, stderrLogger } from './cli-config.ts';
import { type Command, parseFlags, UsageError } from './command.ts';
import { refuseWhileServing } from './running-service.ts';

export interface ImportEnvironment {
  db: Db;
  gateway: StripeGateway;
  settings: PolicySettings;
  close(): Promise<void>;
}

export interface ImportIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  /** Opens the database and Stripe; the default reads the configuration from the environment. */
  open(): Promise<ImportEnvironment>;
}

const USAGE = [
  'refundry refunds import FILE.csv [--dry-run] [--out OUTCOMES.csv] [--actor NAME]',
  '',
  'Columns (header row, any order): payment_id | order_id | stripe_id (at least one), amount (in the',
  "currency's usual notation, e.g. 12.50 or 1000 for JPY, or 'all'), reason (one of",
  `${REFUND_REASONS.join(', ')}), note (required for other), currency (optional check).`,
  '',
  '--dry-run   evaluate every row against the policy and print what would happen; change nothing',
  '--out FILE  where to write the CSV of row outcomes (default FILE.outcomes.csv, or',
  '            FILE.dry-run.csv for a dry run; "-" for standard output)',
  '--actor     who the refunds are recorded as requested by (default cli:<login name>)',
  '',
  'Running the same file again refunds nothing twice: each row has a stable key. Exit code 0 when',
  'every row went through, 1 when some row was rejected by the policy or had an error.',
].join('\n');

async function openFromConfig(): Promise<ImportEnvironment> {
  const config = loadCliConfig();
  refuseWhileServing(
    config,
    (api) =>
      `import through its API instead: POST ${api}/refund-batches with the CSV (?dry_run=true first) and a refunds:write key, or the dashboard's Bulk import page`,
  );
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger: stderrLogger(),
  });
  await migrate(db);
  // Stripe is only asked about payments not registered yet (STRIPE_API_BASE may point at a
  // standalone sandbox). Without a key, such rows are errors: register payments first.
  const noKey = () => Promise.reject(new Error('no STRIPE_SECRET_KEY'));
  // Its Stripe calls draw on the request budget every Refundry process shares.
  const budget = await createRequestBudget(db, { maxRate: config.worker.stripeRateLimit });
  const gateway: StripeGateway = config.stripeSecretKey
    ? withRequestBudget(
        createStripeGateway(createStripeClient(config.stripeSecretKey, config.stripeApiBase)),
        { acquire: () => budget.acquire(), rateLimited: () => budget.rateLimited() },
      )
    : {
        createRefund: noKey,
        retrieveRefund: noKey,
        findRefundByRefundryId: async () => undefined,
        retrievePayment: async () => undefined,
        listRefunds: () => ({ [Symbol.asyncIterator]: () => ({ next: noKey }) }),
      };
  return { db, gateway, settings: config.policy, close: () => db.close() };
}

const defaultIo: ImportIo = { stdout: process.stdout, stderr: process.stderr, open: openFromConfig };

export async function runRefundsCommand(argv: string[], io: ImportIo = defaultIo): Promise<number> {
  const { values, positionals } = parseFlags({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      out: { type: 'string' },
      actor: { type: 'string' },
    },
  });
  const [action, file, ...extra] = positionals;
  if (action !== 'import') throw new UsageError('expected `refunds import FILE.csv`');
  if (!file) throw new UsageError('name the CSV file to import');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
  const dryRun = values['dry-run'] === true;
  const actor = values.actor?.trim() || `cli:${userInfo().username}`;

  let text: Buffer;
  try {
    text = await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let rows: BulkRow[];
  try {
    rows = parseBulkCsv(text);
  } catch (error) {
    if (error instanceof BulkFormatError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }

  const env = await io.open();
  try {
    const bar = io.stderr.isTTY ? progressBar(io.stderr) : undefined;
    const records = await importRows(
      { db: env.db, gateway: env.gateway, settings: env.settings, actor },
      rows,
      {
        dryRun,
        onProgress: bar ? (done, total) => bar.update(done, total) : undefined,
      },
    );
    bar?.finish();
    io.stdout.write(`${summaryTable(records, dryRun)}\n`);
    const csv = outcomesCsv(records);
    const out = values.out ?? file.replace(/(\.csv)?$/i, dryRun ? '.dry-run.csv' : '.outcomes.csv');
    if (out === '-') io.stdout.write(csv);
    else {
      await writeFile(out, csv);
      io.stdout.write(`Row outcomes: ${out}\n`);
    }
    return records.some((r) => ATTENTION_OUTCOMES.has(r.outcome)) ? 1 : 0;
  } finally {
    await env.close();
  }
}

export const refundsCommand: Command = {
  summary: 'Bulk refunds: import a CSV of refunds (with a dry run).',
  usage: USAGE,
  run: (argv) => runRefundsCommand(argv),
};
