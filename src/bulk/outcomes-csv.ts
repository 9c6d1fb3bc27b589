// The row outcomes report as CSV (csv-stringify), the same columns from the CLI and the API: the
// row as given, then what happened to it. Text a spreadsheet would run as a formula is defused
// (safeCell): the rows come from whoever submitted the batch.
import { stringify } from 'csv-stringify/sync';
import { majorAmount, safeCell } from '../http/csv-cells.ts';
import { BULK_COLUMNS, type BulkRowInput } from './bulk-rows.ts';
import type { RowOutcome } from './run-row.ts';

/** A row's outcome as the CSV has it: its line and input, the outcome as text (stored rows). */
export type OutcomeRecord = Omit<RowOutcome, 'outcome' | 'violations'> & {
  line: number;
  input: BulkRowInput;
  outcome: string;
};

export const OUTCOME_COLUMNS = [
  'line',
  ...BULK_COLUMNS,
  'outcome',
  'refund_id',
  'refund_status',
  'resolved_payment_id',
  'refund_amount',
  'refund_currency',
  'error_code',
  'message',
] as const;

// Rows that refund nothing have no refund amount (whatever was asked is in the amount column).
const NO_REFUND = new Set(['rejected', 'would_reject', 'error']);

export function outcomesCsvHeader(): string {
  return stringify([[...OUTCOME_COLUMNS]]);
}

export function outcomesCsvRows(records: readonly OutcomeRecord[]): string {
  return stringify(
    records.map((r) => [
      r.line,
      ...BULK_COLUMNS.map((c) => safeCell(r.input[c])),
      r.outcome,
      r.refundId ?? '',
      r.status ?? '',
      r.paymentId ?? '',
      r.amount !== undefined && r.currency && !NO_REFUND.has(r.outcome)
        ? majorAmount(r.amount, r.currency)
        : '',
      r.currency ?? '',
      r.errorCode ?? '',
      safeCell(r.message),
    ]),
  );
}

export function outcomesCsv(records: readonly OutcomeRecord[]): string {
  return outcomesCsvHeader() + outcomesCsvRows(records);
}
