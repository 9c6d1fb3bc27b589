// Running a whole file in this process (the CLI): every row through the shared row runner, in
// order, with a progress callback; plus the summary table printed at the end.
import { formatMoney } from '../shared/money.ts';
import type { BulkRow } from './bulk-rows.ts';
import type { OutcomeRecord } from './outcomes-csv.ts';
import { type BulkDeps, createRowRunner, ROW_OUTCOMES, type RowOutcome } from './run-row.ts';

export type ImportedRow = OutcomeRecord & Pick<RowOutcome, 'violations'> & { outcome: RowOutcome['outcome'] };

export async function importRows(
  deps: BulkDeps,
  rows: readonly BulkRow[],
  options: { dryRun: boolean; onProgress?: (done: number, total: number) => void },
): Promise<ImportedRow[]> {
  const runner = createRowRunner(deps, { dryRun: options.dryRun });
  const out: ImportedRow[] = [];
  for (const row of rows) {
    const o = await runner.run(row);
    out.push({ line: row.line, input: row.input, ...o });
    options.onProgress?.(out.length, rows.length);
  }
  return out;
}

/** Rows and amounts per outcome, e.g. "accepted   12   $1,204.50". Amounts are per currency. */
export function summaryTable(records: readonly ImportedRow[], dryRun: boolean): string {
  const by = new Map<string, { rows: number; amounts: Map<string, number> }>();
  for (const r of records) {
    const entry = by.get(r.outcome) ?? { rows: 0, amounts: new Map<string, number>() };
    entry.rows++;
    // Amounts mean money committed (or that would be); errors and rejections carry none.
    if (r.amount !== undefined && r.currency && !['error', 'rejected', 'would_reject'].includes(r.outcome)) {
      entry.amounts.set(r.currency, (entry.amounts.get(r.currency) ?? 0) + r.amount);
    }
    by.set(r.outcome, entry);
  }
  const lines: string[][] = [['outcome', 'rows', 'amount']];
  for (const outcome of ROW_OUTCOMES) {
    const e = by.get(outcome);
    if (!e) continue;
    const amounts = [...e.amounts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([c, a]) => formatMoney(a, c))
      .join(' + ');
    lines.push([outcome, String(e.rows), amounts]);
  }
  lines.push(['total', String(records.length), '']);
  const widths = [0, 1, 2].map((i) => Math.max(...lines.map((l) => l[i]!.length)));
  const fmt = (l: string[]) =>
    `${l[0]!.padEnd(widths[0]!)}  ${l[1]!.padStart(widths[1]!)}  ${l[2]!}`.trimEnd();
  const rule = '-'.repeat(widths[0]! + widths[1]! + widths[2]! + 4);
  const title = dryRun ? 'Dry run: nothing was changed. What would happen:' : 'Import finished:';
  return [title, fmt(lines[0]!), rule, ...lines.slice(1, -1).map(fmt), rule, fmt(lines.at(-1)!)].join('\n');
}

/** A one-line progress bar redrawn in place (for a terminal), at most every `intervalMs`. */
export function progressBar(
  stream: { write(s: string): unknown; columns?: number },
  options: { intervalMs?: number; clock?: () => number } = {},
): { update(done: number, total: number): void; finish(): void } {
  const clock = options.clock ?? Date.now;
  const intervalMs = options.intervalMs ?? 100;
  let last = -Infinity;
  let drawn = false;
  const draw = (done: number, total: number) => {
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 30));
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} rows ${pct}%`);
    drawn = true;
  };
  return {
    update(done, total) {
      const t = clock();
      if (done === total || t - last >= intervalMs) {
        last = t;
        draw(done, total);
      }
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}
