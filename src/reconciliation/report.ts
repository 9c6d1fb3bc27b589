// Printing a stored run: a table for people, JSON or CSV for machines. Discrepancies are read
// from the database a page at a time and written as they come, so a run with many of them is
// printed in bounded memory too.
import { stringify } from 'csv-stringify/sync';
import type { Queryable } from '../db/db.ts';
import { formatMoney } from '../shared/money.ts';
import { DISCREPANCY_KINDS } from './classify.ts';
import {
  type Discrepancy,
  listDiscrepancies,
  listRunAccounts,
  type Run,
  serializeDiscrepancy,
  serializeRun,
  serializeRunAccount,
} from './runs.ts';

export type ReportFormat = 'table' | 'json' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'csv'];

const PAGE = 500;

async function* allDiscrepancies(db: Queryable, runId: string): AsyncGenerator<Discrepancy> {
  let after: string | undefined;
  for (;;) {
    const page = await listDiscrepancies(db, runId, { limit: PAGE, startingAfter: after });
    yield* page.data;
    if (!page.hasMore || page.data.length === 0) return;
    after = page.data[page.data.length - 1]!.id;
  }
}

/** Writes the report of `run` in `format` through `write` (e.g. to stdout). */
export async function writeReport(
  db: Queryable,
  run: Run,
  format: ReportFormat,
  write: (chunk: string) => void,
): Promise<void> {
  if (format === 'json') return writeJson(db, run, write);
  if (format === 'csv') return writeCsv(db, run, write);
  return writeTable(db, run, write);
}

async function writeJson(db: Queryable, run: Run, write: (chunk: string) => void): Promise<void> {
  const accounts = (await listRunAccounts(db, run.id)).map(serializeRunAccount);
  write(
    `{"run":${JSON.stringify(serializeRun(run))},"accounts":${JSON.stringify(accounts)},"discrepancies":[`,
  );
  let first = true;
  for await (const d of allDiscrepancies(db, run.id)) {
    write(`${first ? '\n' : ',\n'}${JSON.stringify(serializeDiscrepancy(d))}`);
    first = false;
  }
  write(']}\n');
}

export const CSV_COLUMNS = [
  'id',
  'run_id',
  'kind',
  'action',
  'open',
  'refund_id',
  'stripe_refund_id',
  'payment_id',
  'account',
  'stripe_amount',
  'stripe_currency',
  'stripe_status',
  'local_amount',
  'local_currency',
  'local_status',
  'detail',
  'resolved_by',
  'resolution_note',
] as const;

function csvRow(d: Discrepancy): unknown[] {
  const s = d.stripeValues ?? {};
  const l = d.localValues ?? {};
  return [
    d.id,
    d.runId,
    d.kind,
    d.action,
    d.action === 'flagged' && d.resolvedAt === null ? 'yes' : 'no',
    d.refundId,
    d.stripeRefundId,
    d.paymentId,
    d.account ?? 'platform',
    s.amount,
    s.currency,
    s.status,
    l.amount,
    l.currency,
    l.status,
    d.detail,
    d.resolvedBy,
    d.resolutionNote,
  ];
}

async function writeCsv(db: Queryable, run: Run, write: (chunk: string) => void): Promise<void> {
  write(stringify([CSV_COLUMNS as unknown as string[]]));
  let rows: unknown[][] = [];
  for await (const d of allDiscrepancies(db, run.id)) {
    rows.push(csvRow(d));
    if (rows.length === PAGE) {
      write(stringify(rows));
      rows = [];
    }
  }
  if (rows.length) write(stringify(rows));
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}

/** "$49.99 succeeded": the amount in its currency's notation, never bare minor units. */
const money = (v: Record<string, unknown> | null) => {
  if (!v) return '—';
  const amount =
    typeof v.amount === 'number' && typeof v.currency === 'string'
      ? formatMoney(v.amount, v.currency)
      : `${v.amount ?? '?'} ${v.currency ?? '?'}`;
  return `${amount} ${v.status ?? '?'}`;
};

async function writeTable(db: Queryable, run: Run, write: (chunk: string) => void): Promise<void> {
  const r = serializeRun(run);
  write(
    `Reconciliation ${run.id}: ${run.status}\n` +
      `Window:         ${r.window.from} → ${r.window.to}\n` +
      `Stripe refunds: ${run.stripeRefunds}` +
      (r.duration_seconds !== null ? ` in ${r.duration_seconds.toFixed(2)} s` : '') +
      '\n' +
      (run.error ? `Error:          ${run.error}\n` : '') +
      '\n',
  );
  const perKind = await db.query<{ kind: string; healed: number; flagged: number; open: number }>(
    `SELECT kind, count(*) FILTER (WHERE action = 'healed')::int AS healed,
       count(*) FILTER (WHERE action = 'flagged')::int AS flagged,
       count(*) FILTER (WHERE action = 'flagged' AND resolved_at IS NULL)::int AS open
     FROM reconciliation_discrepancies WHERE run_id = $1 GROUP BY kind`,
    [run.id],
  );
  const byKind = new Map(perKind.map((k) => [k.kind, k]));
  const summary = [['matched', String(run.counts.matched ?? 0), '', '', '']];
  // Connected accounts' refunds made by transfer reversals: counted, never a discrepancy.
  if (run.counts.transfer_reversal)
    summary.push(['transfer_reversal', String(run.counts.transfer_reversal), '', '', '']);
  for (const kind of DISCREPANCY_KINDS) {
    const k = byKind.get(kind);
    const pairs = run.counts[kind] ?? 0;
    if (!k && pairs === 0) continue;
    summary.push([
      kind,
      String(pairs),
      String(k?.healed ?? 0),
      String(k?.flagged ?? 0),
      String(k?.open ?? 0),
    ]);
  }
  write(table(['kind', 'pairs', 'healed', 'flagged', 'open'], summary));
  // Stripe lists refunds per account: with connected accounts, what was found on each.
  const accounts = await listRunAccounts(db, run.id);
  if (accounts.some((a) => a.account !== 'platform')) {
    write(
      `\n${table(
        ['account', 'stripe refunds', 'matched', 'reversals', 'discrepancies'],
        accounts.map((a) => {
          const v = serializeRunAccount(a);
          return [
            a.account,
            String(a.stripeRefunds),
            String(v.matched),
            String(a.counts.transfer_reversal ?? 0),
            String(v.discrepancies),
          ];
        }),
      )}`,
    );
  }
  const rows: string[][] = [];
  for await (const d of allDiscrepancies(db, run.id)) {
    rows.push([
      d.kind,
      d.action === 'healed' ? 'healed' : d.resolvedAt ? 'resolved' : 'OPEN',
      d.refundId ?? '—',
      d.stripeRefundId ?? '—',
      money(d.stripeValues),
      money(d.localValues),
      d.detail,
    ]);
    // A table needs its widths, so it is printed in blocks of one page.
    if (rows.length === PAGE) {
      write(`\n${table(['kind', 'state', 'refund', 'stripe refund', 'at Stripe', 'here', 'detail'], rows)}`);
      rows.length = 0;
    }
  }
  if (rows.length)
    write(`\n${table(['kind', 'state', 'refund', 'stripe refund', 'at Stripe', 'here', 'detail'], rows)}`);
  write(
    run.status !== 'completed'
      ? `\nThe run did not complete (${run.status}).\n`
      : run.open > 0
        ? `\n${run.open} discrepanc${run.open === 1 ? 'y needs' : 'ies need'} a person.\n`
        : '\nNothing needs a person.\n',
  );
}
