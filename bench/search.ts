// `npm run bench -- search [--payments 1000000] [--runs 200] [--json]`: the dashboard's payment
// search (src/payments/payments.ts: searchPayments) on PostgreSQL with N payments and a refund on
// each, every searched field filled. Each row is one kind of search, timed over `runs` calls with
// different terms, beside the ceiling measured in the same run: a primary-key lookup of one
// payment. It prints the plan's scans (an index per field, never a sequential scan) and the load
// average, and exits 1 if any plan reads a table whole.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openDb } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { searchPayments } from '../src/payments/payments.ts';
import { explainSearch } from '../test/support/explain-search.ts';
import { benchPostgres, createDatabase, stopBenchPostgres } from './postgres.ts';

interface Row {
  database: 'postgres';
  payments: number;
  measure: string;
  p50_ms: number;
  p99_ms: number;
  /** p50 over the ceiling's p50 (a primary-key lookup in the same run). */
  ratio: number;
  found: number;
  seq_scans: number;
  load: string;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      payments: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '200' },
      json: { type: 'boolean', default: false },
    },
  });
  const n = Number(values.payments);
  const runs = Number(values.runs);
  if (!Number.isInteger(n) || n < 1000 || !Number.isInteger(runs) || runs < 10) {
    console.error('--payments must be an integer ≥ 1000 and --runs ≥ 10');
    return 2;
  }
  const server = await benchPostgres();
  if (!server) {
    console.error('PostgreSQL is not installed: the search bench needs it');
    return 2;
  }
  const rows: Row[] = [];
  let ok = true;
  try {
    const db = await openDb({ databaseUrl: await createDatabase(server.url, 'search'), poolSize: 2 });
    try {
      await migrate(db);
      console.error(`search: seeding ${n} payments and ${n} refunds`);
      const started = Date.now();
      await seed(db, n);
      console.error(`search: seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      const pick = (i: number) => 1 + ((i * 7919) % n); // spread over the table
      const md5 = async (s: string) => (await db.query<{ h: string }>('SELECT md5($1) AS h', [s]))[0]!.h;
      // Terms per kind, computed as the seed made them (so every search finds something).
      const kinds: Array<[string, 'exact' | 'prefix', (i: number) => Promise<string>]> = [
        ['exact pay_ id', 'exact', async (i) => `pay_${await md5(String(pick(i)))}`],
        ['pi_ prefix (12 chars)', 'prefix', async (i) => `pi_${(await md5(`pi${pick(i)}`)).slice(0, 9)}`],
        ['order id (exact)', 'exact', async (i) => `ord-${pick(i)}`],
        ['email prefix', 'prefix', async (i) => `buyer${pick(i)}@`],
        ['email, any case', 'exact', async (i) => `BUYER${pick(i)}@EXAMPLE.COM`],
        ['re_ id', 'exact', async (i) => `re_${await md5(`re${pick(i)}`)}`],
        ['rf_ prefix (10 chars)', 'prefix', async (i) => `rf_${(await md5(`rf${pick(i)}`)).slice(0, 7)}`],
        ['broad prefix (buyer1)', 'prefix', async () => 'buyer1'],
      ];
      // The ceiling: one payment by primary key, the cheapest read there is.
      const ceiling = await time(runs, async (i) => {
        const id = `pay_${await md5(String(pick(i)))}`;
        return (await db.query('SELECT * FROM payments WHERE id = $1', [id])).length;
      });
      const load = () =>
        loadavg()
          .map((l) => l.toFixed(2))
          .join(' ');
      rows.push({
        database: 'postgres',
        payments: n,
        measure: 'ceiling: payment by primary key',
        ...ceiling,
        ratio: 1,
        seq_scans: 0,
        load: load(),
      });
      for (const [measure, mode, term] of kinds) {
        const example = await term(0);
        const scans = await explainSearch(db, example.toLowerCase(), mode);
        const seq = scans.filter((s) => s.startsWith('Seq Scan')).length;
        if (seq > 0) {
          ok = false;
          console.error(`search: ${measure} reads a table whole: ${scans.join('; ')}`);
        }
        const t = await time(runs, async (i) => (await searchPayments(db, await term(i)))!.data.length);
        rows.push({
          database: 'postgres',
          payments: n,
          measure,
          ...t,
          ratio: round(t.p50_ms / Math.max(ceiling.p50_ms, 0.001), 1),
          seq_scans: seq,
          load: load(),
        });
      }
      console.error(
        `search: plan of an email prefix: ${(await explainSearch(db, 'buyer12345', 'prefix')).join('; ')}`,
      );
    } finally {
      await db.close();
    }
  } finally {
    await stopBenchPostgres(server);
  }
  if (values.json) console.log(JSON.stringify(rows));
  else console.table(rows);
  return ok ? 0 : 1;
}

/** p50 and p99 of `fn` over `runs` calls (the md5 of a term is part of each, as in the ceiling). */
async function time(runs: number, fn: (i: number) => Promise<number>) {
  const ms: number[] = [];
  let found = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    found += await fn(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const q = (p: number) => round(ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!, 2);
  return { p50_ms: q(0.5), p99_ms: q(0.99), found: Math.round(found / runs) };
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** N payments with every searched field filled and a refund on each, 100k rows a statement. */
async function seed(db: Awaited<ReturnType<typeof openDb>>, n: number): Promise<void> {
  const step = 100_000;
  for (let from = 1; from <= n; from += step) {
    const to = Math.min(n, from + step - 1);
    await db.query(
      `INSERT INTO payments (id, stripe_payment_intent_id, stripe_charge_id, order_id, customer_id, customer_email,
         amount, currency, captured_at)
       SELECT 'pay_' || md5(i::text), 'pi_' || md5('pi' || i), 'ch_' || md5('ch' || i), 'ORD-' || i,
              'cus_' || md5('c' || i), 'buyer' || i || '@example.com', 1000, 'usd', now()
         FROM generate_series($1::int, $2::int) AS i`,
      [from, to],
    );
    await db.query(
      `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key,
         stripe_refund_id)
       SELECT 'rf_' || md5('rf' || i), 'pay_' || md5(i::text), 100, 'usd', 'duplicate', 'succeeded', 'bench',
              'k' || i, 're_' || md5('re' || i)
         FROM generate_series($1::int, $2::int) AS i`,
      [from, to],
    );
  }
  await db.query('ANALYZE payments');
  await db.query('ANALYZE refunds');
}
