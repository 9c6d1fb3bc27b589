// `npm run bench -- reconcile [--sizes 10000,100000] [--accounts 10] [--json]`: N refunds at the
// sandbox (seeded straight into its store) and the same N in the database (multi-row INSERTs),
// reconciled by `refundry reconcile` in a child process, on PGlite and PostgreSQL. 0.1% of the local
// refunds are left `pending` (healed by the run) and 0.01% exist only here (flagged), so the run
// does real work besides matching. Reports the run's seconds, refunds/s and the child's peak RSS.
// With --accounts A (platforms, Stripe Connect), each size also runs with A connected accounts of N
// direct-charge refunds each (A×N in all; Stripe lists refunds per account, so the run lists A
// accounts); `rss_ratio` is that row's peak RSS over the platform-only row's of the same size, in
// the same run (bounded memory: it stays near 1 while the refunds grow A-fold).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Db, openDb } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { NODE_FLAGS } from '../src/db/node-flags.ts';
import { type Sandbox, startSandbox } from '../src/sandbox/server.ts';
import { fastId } from '../src/sandbox/state/fast-id.ts';
import type { ChargeRecord, RefundRecord } from '../src/sandbox/state/records.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { benchPostgres, createDatabase, stopBenchPostgres } from './postgres.ts';
import { load1 } from './proc.ts';
import { benchCharge } from './seed-charge.ts';

const CHILD = join(import.meta.dirname, 'reconcile-child.ts');
const PER_CHARGE = 10;
const DAY_S = 86_400;

interface Row {
  database: 'pglite' | 'postgres';
  /** Connected accounts the refunds are spread over (0: all on the platform). */
  accounts: number;
  refunds: number;
  seconds: number;
  per_s: number;
  rss_mb: number;
  /** Peak RSS over the platform-only row's of the same size and database. */
  rss_ratio: number;
  /** The 1-minute load average when the row ended (2 cores shared). */
  load: number;
}

interface Expected {
  healed: number;
  flagged: number;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '10000,100000' },
      accounts: { type: 'string', default: '0' },
      json: { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < PER_CHARGE)) {
    console.error('--sizes must be integers of at least 10, e.g. 10000,100000');
    return 2;
  }
  const accounts = Number(values.accounts);
  if (!Number.isInteger(accounts) || accounts < 0 || accounts > 1000) {
    console.error('--accounts must be an integer from 0 to 1000, e.g. 10');
    return 2;
  }
  const server = await benchPostgres();
  const rows: Row[] = [];
  let ok = true;
  try {
    for (const database of ['pglite', 'postgres'] as const) {
      if (database === 'postgres' && !server) {
        console.error('PostgreSQL is not installed: PostgreSQL rows skipped');
        continue;
      }
      for (const n of sizes) {
        const platform = await reconcileOnce(database, n, 0, server?.url);
        rows.push(platform.row);
        ok &&= platform.ok;
        if (accounts > 0) {
          const spread = await reconcileOnce(database, n, accounts, server?.url);
          spread.row.rss_ratio = round(spread.row.rss_mb / platform.row.rss_mb, 2);
          rows.push(spread.row);
          ok &&= spread.ok;
        }
      }
    }
  } finally {
    await stopBenchPostgres(server);
  }
  if (values.json) console.log(JSON.stringify(rows));
  else console.table(rows);
  return ok ? 0 : 1;
}

/** One run: n refunds on the platform, or n on each of `accounts` connected accounts. */
async function reconcileOnce(
  database: Row['database'],
  n: number,
  accounts: number,
  pgUrl: string | undefined,
): Promise<{ row: Row; ok: boolean }> {
  const sandbox = await startSandbox({
    port: 0,
    logger: silentLogger(),
    quiet: true,
    settleDelayMs: 3_600_000,
  });
  const dataDir = database === 'pglite' ? mkdtempSync(join(tmpdir(), 'refundry-reconcile-')) : undefined;
  const databaseUrl = pgUrl ? await createDatabase(pgUrl, 'reconcile') : undefined;
  try {
    const to = sandbox.clock.now();
    const from = to - DAY_S;
    const total = n * Math.max(1, accounts);
    const where = accounts > 0 ? ` on ${accounts} connected accounts` : '';
    console.error(`reconcile: ${database}, seeding ${total} refunds${where}`);
    const db = await openDb({ databaseUrl, dataDir });
    await migrate(db);
    const expected: Expected = { healed: 0, flagged: 0 };
    for (const account of accountIds(sandbox, accounts)) {
      const one = await seed(db, sandbox, n, from, account);
      expected.healed += one.healed;
      expected.flagged += one.flagged;
    }
    await db.close(); // the child opens it (PGlite: one process per data folder)
    console.error(`reconcile: ${database}, reconciling ${total} refunds${where}`);
    const report = await runChild({
      ...process.env,
      LOG_LEVEL: 'silent',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '', REFUNDRY_DATA_DIR: dataDir }),
      STRIPE_SECRET_KEY: 'sk_test_bench',
      STRIPE_API_BASE: sandbox.url,
      // Stripe's live-mode rate: the shared budget paces the list requests as it would in production.
      STRIPE_RATE_LIMIT: '100',
      BENCH_FROM: new Date(from * 1000).toISOString(),
      BENCH_TO: new Date((to + 1) * 1000).toISOString(),
    });
    const run = report.run;
    const ok =
      run.status === 'completed' &&
      run.stripe_refunds === total - expected.flagged &&
      run.healed === expected.healed &&
      run.flagged === expected.flagged;
    if (!ok) console.error(`reconcile: unexpected result ${JSON.stringify({ run, expected })}`);
    return {
      ok,
      row: {
        database,
        accounts,
        refunds: total,
        seconds: round(run.duration_seconds, 2),
        per_s: Math.round(total / run.duration_seconds),
        rss_mb: round(report.maxRssMb, 1),
        rss_ratio: 1,
        load: load1(),
      },
    };
  } finally {
    await sandbox.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** [null] (the platform), or `count` new connected accounts at the sandbox. */
function accountIds(sandbox: Sandbox, count: number): Array<string | null> {
  if (count === 0) return [null];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = fastId('acct');
    sandbox.store.addAccount({
      id,
      created: sandbox.clock.now() - 30 * DAY_S,
      type: 'standard',
      country: 'US',
      defaultCurrency: 'usd',
      email: null,
      businessType: null,
      businessName: `Bench seller ${i + 1}`,
      metadata: {},
    });
    ids.push(id);
  }
  return ids;
}

/**
 * Charges and refunds straight into the sandbox store of `account` (the platform's when null;
 * a connected account's are its direct charges), created ascending through the day as the store
 * expects, and the matching payments and refunds in the database, 10,000 rows a statement.
 */
async function seed(
  db: Db,
  sandbox: Sandbox,
  n: number,
  from: number,
  account: string | null,
): Promise<Expected> {
  const store = sandbox.store.scope(account)!;
  const prefix = account ? `${account}_` : '';
  const onlyHere = Math.max(1, Math.floor(n / 10_000));
  const atStripe = n - onlyHere;
  const pendingEvery = 1_000;
  let healed = 0;
  const batch = { pay: [] as string[], charge: [] as string[] };
  const refunds = { id: [] as string[], pay: [] as string[], stripe: [] as string[], status: [] as string[] };
  const flush = async () => {
    if (batch.pay.length) {
      await db.query(
        `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at, stripe_account)
         SELECT p, c, 1000000, 'usd', now() - interval '2 days', $3 FROM unnest($1::text[], $2::text[]) AS t(p, c)`,
        [batch.pay, batch.charge, account],
      );
    }
    if (refunds.id.length) {
      await db.query(
        `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key,
           stripe_refund_id, sent_at, attempts)
         SELECT r, p, 100, 'usd', 'requested_by_customer', st, 'bench', 'refundry_' || r, s, now() - interval '12 hours', 1
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(r, p, s, st)`,
        [refunds.id, refunds.pay, refunds.stripe, refunds.status],
      );
    }
    batch.pay.length = batch.charge.length = 0;
    refunds.id.length = refunds.pay.length = refunds.stripe.length = refunds.status.length = 0;
  };
  let charge: ChargeRecord | undefined;
  let payId = '';
  for (let i = 0; i < n; i++) {
    if (i % PER_CHARGE === 0) {
      charge = benchCharge(from, 1_000_000);
      store.charges.add(charge);
      payId = `pay_${charge.id}`;
      batch.pay.push(payId);
      batch.charge.push(charge.id);
    }
    const id = `rf_bench_${prefix}${i}`;
    let stripeId: string;
    if (i < atStripe) {
      const refund: RefundRecord = {
        id: fastId('re'),
        created: from + Math.floor((i * (DAY_S - 1)) / n),
        amount: 100,
        currency: 'usd',
        charge: charge!.id,
        paymentIntent: null,
        customer: null,
        paymentMethod: 'pm_card_visa',
        metadata: { refundry_refund_id: id },
        reason: 'requested_by_customer',
        status: 'succeeded',
        balanceTransaction: fastId('txn'),
        behaviour: 'succeed',
      };
      charge!.refunds.push(store.refunds.add(refund));
      charge!.amountRefunded += 100;
      stripeId = refund.id;
    } else stripeId = `re_bench_only_here_${prefix}${i}`;
    // Every thousandth refund missed its webhook here: still pending, succeeded at Stripe.
    const pending = i < atStripe && i % pendingEvery === 0;
    if (pending) healed++;
    refunds.id.push(id);
    refunds.pay.push(payId);
    refunds.stripe.push(stripeId);
    refunds.status.push(pending ? 'pending' : 'succeeded');
    if (refunds.id.length >= 10_000) await flush();
  }
  await flush();
  return { healed, flagged: onlyHere };
}

interface ChildReport {
  run: {
    status: string;
    stripe_refunds: number;
    healed: number;
    flagged: number;
    duration_seconds: number;
  };
  maxRssMb: number;
}

function runChild(env: NodeJS.ProcessEnv): Promise<ChildReport> {
  const child = spawn(process.execPath, [...NODE_FLAGS, CHILD], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const out: string[] = [];
  child.stdout.on('data', (chunk) => out.push(String(chunk)));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => {
      const last = out.join('').trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as ChildReport);
      } catch {
        reject(new Error(`the reconcile child printed no report: ${last.slice(0, 500)}`));
      }
    });
  });
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
