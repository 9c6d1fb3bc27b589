// Bulk refund rows: reading them from CSV (or JSON rows through the API) and giving each a stable
// idempotency key. Pure: no I/O. A wrong header is an error for the whole file (BulkFormatError);
// anything wrong inside a row is left for the row's evaluation to report as that row's error.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { unsafeText } from '../http/validate.ts';
import { REFUND_REASONS_TEXT } from '../refunds/reasons.ts';

export const REFERENCE_COLUMNS = ['payment_id', 'order_id', 'stripe_id'] as const;
export const OPTIONAL_COLUMNS = ['note', 'currency'] as const;
/** Platforms (Connect): what to take back with the refund; empty = the policy's defaults. */
export const CONNECT_COLUMNS = ['reverse_transfer', 'refund_application_fee'] as const;
export const BULK_COLUMNS = [
  ...REFERENCE_COLUMNS,
  'amount',
  'reason',
  ...OPTIONAL_COLUMNS,
  ...CONNECT_COLUMNS,
] as const;
export type BulkColumn = (typeof BULK_COLUMNS)[number];

/** One row as given (trimmed text; absent and empty cells are both undefined). */
export type BulkRowInput = Partial<Record<BulkColumn, string>>;

export interface BulkRow {
  /** 1-based position among the data rows. */
  seq: number;
  /** Line in the file where the row starts (JSON rows: their 1-based index). */
  line: number;
  input: BulkRowInput;
  /** Stable per row: the same file imported twice gives the same keys (see rowKey). */
  key: string;
  /** Set when the row cannot even be read (e.g. wrong number of fields). */
  malformed?: { code: string; message: string } | undefined;
}

export const EXPECTED_COLUMNS_TEXT = `one or more of payment_id, order_id, stripe_id (naming the payment); amount (e.g. 12.50, or "all"); reason (${REFUND_REASONS_TEXT}); optional note and currency; for platforms, optional reverse_transfer and refund_application_fee (true or false)`;

/** The whole input is unusable (wrong header, broken quoting, no rows): a usage error. */
export class BulkFormatError extends Error {
  override name = 'BulkFormatError';
}

/** Checks a header and returns the column of each position; throws naming the expected columns. */
export function checkHeader(header: readonly string[]): BulkColumn[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !(BULK_COLUMNS as readonly string[]).includes(n));
  const problems: string[] = [];
  if (unknown.length > 0) {
    problems.push(
      `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}`,
    );
  }
  const dupes = names.filter((n, i) => names.indexOf(n) !== i);
  if (dupes.length > 0)
    problems.push(`duplicate column ${[...new Set(dupes)].map((d) => `'${d}'`).join(', ')}`);
  if (!names.some((n) => (REFERENCE_COLUMNS as readonly string[]).includes(n))) {
    problems.push('no payment_id, order_id or stripe_id column');
  }
  for (const required of ['amount', 'reason']) {
    if (!names.includes(required)) problems.push(`missing column '${required}'`);
  }
  if (problems.length > 0) {
    throw new BulkFormatError(
      `Wrong CSV header: ${problems.join('; ')}. Expected columns: ${EXPECTED_COLUMNS_TEXT}.`,
    );
  }
  return names as BulkColumn[];
}

/** Parses CSV text (UTF-8, optional BOM, CRLF or LF, quoted fields) into rows with keys. */
export function parseBulkCsv(text: string | Buffer): BulkRow[] {
  let records: { record: string[]; info: { bytes: number } }[];
  const buffer = typeof text === 'string' ? Buffer.from(text) : text;
  try {
    records = parse(buffer, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw new BulkFormatError(`The file is not valid CSV: ${(error as Error).message}`);
  }
  const [head, ...body] = records;
  if (!head)
    throw new BulkFormatError(
      `The file is empty. Expected a header row with columns: ${EXPECTED_COLUMNS_TEXT}.`,
    );
  const columns = checkHeader(head.record);
  const lineAt = lineCounter(buffer);
  let start = head.info.bytes;
  const rows = body.map((r, i) => {
    // info.bytes is where the record (and its line break) ends; it starts after blank lines there.
    const line = lineAt(start);
    start = r.info.bytes;
    const input: BulkRowInput = {};
    r.record.forEach((value, c) => {
      // Text no database can store refuses the file, naming the cell (nothing is half-imported).
      const reason = unsafeText(value);
      if (reason) {
        throw new BulkFormatError(`Line ${line}, column ${columns[c] ?? c + 1}: the cell ${reason}.`);
      }
    });
    columns.forEach((column, c) => {
      const value = r.record[c];
      if (value !== undefined && value !== '') input[column] = value;
    });
    const malformed =
      r.record.length !== columns.length
        ? {
            code: 'wrong_column_count',
            message: `The row has ${r.record.length} field${r.record.length === 1 ? '' : 's'}; the header has ${columns.length}.`,
          }
        : undefined;
    return { seq: i + 1, line, input, malformed };
  });
  if (rows.length === 0) throw new BulkFormatError('The file has a header but no rows.');
  return withKeys(rows);
}

/** Rows given as JSON objects (the API's alternative to CSV): the same columns, as strings. */
export function bulkRowsFromObjects(objects: readonly BulkRowInput[]): BulkRow[] {
  return withKeys(
    objects.map((o, i) => {
      const input: BulkRowInput = {};
      for (const column of BULK_COLUMNS) {
        const value = o[column]?.trim();
        if (value) input[column] = value;
      }
      return { seq: i + 1, line: i + 1, input, malformed: undefined };
    }),
  );
}

/**
 * The 1-based line of the first non-blank line at or after byte `from` (CRLF, LF or CR line ends).
 * Calls must come in increasing order: it counts on from where the previous call stopped.
 */
function lineCounter(buffer: Buffer): (from: number) => number {
  let pos = 0;
  let line = 1;
  return (from) => {
    let at = from;
    while (at < buffer.length && (buffer[at] === 0x0a || buffer[at] === 0x0d)) at++;
    for (; pos < at; pos++) {
      const b = buffer[pos];
      if (b === 0x0a || (b === 0x0d && buffer[pos + 1] !== 0x0a)) line++;
    }
    return line;
  };
}

function withKeys(rows: Omit<BulkRow, 'key'>[]): BulkRow[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const content = normaliseRow(row.input);
    const occurrence = (seen.get(content) ?? 0) + 1;
    seen.set(content, occurrence);
    return { ...row, key: rowKey(content, occurrence) };
  });
}

/**
 * The row's content in one canonical form, so cosmetic differences (case of the reason, "12.5"
 * vs "12.50" vs "1,012.50", spacing in the note) do not make a different row.
 */
export function normaliseRow(input: BulkRowInput): string {
  const amount = input.amount?.trim() ?? '';
  const content: string[] = [
    input.payment_id ?? '',
    input.order_id ?? '',
    input.stripe_id ?? '',
    canonicalAmount(amount),
    (input.reason ?? '').toLowerCase(),
    (input.note ?? '').replace(/\s+/g, ' ').trim(),
    (input.currency ?? '').toLowerCase(),
  ];
  // Only rows that fill a Connect column carry it, so every other row keeps the key it always had
  // (a file imported before these columns existed is still recognised).
  if (input.reverse_transfer !== undefined || input.refund_application_fee !== undefined) {
    content.push(
      String(parseFlagText(input.reverse_transfer) ?? input.reverse_transfer ?? ''),
      String(parseFlagText(input.refund_application_fee) ?? input.refund_application_fee ?? ''),
    );
  }
  return JSON.stringify(content);
}

/** A yes/no cell: true, false, yes, no, 1, 0 (any case); undefined when empty or anything else. */
export function parseFlagText(raw: string | undefined): boolean | undefined {
  const t = raw?.trim().toLowerCase();
  if (t === 'true' || t === 'yes' || t === '1') return true;
  if (t === 'false' || t === 'no' || t === '0') return false;
  return undefined;
}

/**
 * The idempotency key of the n-th occurrence of this content in its file: importing the file again
 * finds the same keys, while two identical rows in one file stay two refunds.
 */
export function rowKey(normalisedContent: string, occurrence: number): string {
  return `bulk_${createHash('sha256').update(`${normalisedContent}\n${occurrence}`).digest('hex').slice(0, 40)}`;
}

function canonicalAmount(text: string): string {
  if (text.toLowerCase() === 'all') return 'all';
  const parsed = parseAmountText(text);
  if (parsed.kind !== 'decimal') return text;
  const whole = parsed.whole.replace(/^0+(?=\d)/, '');
  const frac = parsed.frac.replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

export type AmountText =
  | { kind: 'all' }
  | {
      kind: 'decimal';
      whole: string;
      frac: string;
      /** The plain decimal: digits, then `.` and digits when there is a fraction. */
      text: string;
      /** Written with thousands separators and no decimal point ("1,500"): see AMBIGUOUS_GROUPING. */
      groupedWhole: boolean;
    }
  | { kind: 'invalid'; message: string };

/**
 * An unambiguous decimal as written in a CSV: digits with an optional `.` fraction (`12.50`,
 * `1000`), or with commas between groups of three digits before the point (`1,000.50`). A comma
 * is never a decimal mark and nothing else separates digits, so `5,00`, `1.000,50`, `1_000` and
 * `1 000` are refused rather than guessed (they would be read a hundred or a thousand times off).
 */
const DECIMAL = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/;

/** Reads an amount as written, before the currency is known: "all", or a non-negative decimal. */
export function parseAmountText(raw: string | undefined): AmountText {
  const text = (raw ?? '').trim();
  if (text === '')
    return { kind: 'invalid', message: "The amount is missing: give a number (e.g. 12.50) or 'all'." };
  if (text.toLowerCase() === 'all') return { kind: 'all' };
  if (/^[-−]/.test(text)) return { kind: 'invalid', message: `The amount '${text}' is negative.` };
  const match = DECIMAL.exec(text);
  if (!match) {
    if (/^[\d.,_\s'’]+$/.test(text) && /\d/.test(text)) {
      return {
        kind: 'invalid',
        message: `The amount '${text}' is ambiguous: write it with a point for decimals and, if you like, commas between thousands (e.g. 1,000.50 or 1000.50).`,
      };
    }
    return { kind: 'invalid', message: `The amount '${text}' is not a number (e.g. 12.50) or 'all'.` };
  }
  const whole = match[1]!.replaceAll(',', '');
  const frac = match[2] ?? '';
  return {
    kind: 'decimal',
    whole,
    frac,
    text: frac ? `${whole}.${frac}` : whole,
    groupedWhole: match[1]!.includes(',') && match[2] === undefined,
  };
}

/**
 * "1,500" with no decimal point is one thousand five hundred in most notations, but one and a half
 * where the comma is the decimal mark; only for currencies with three decimals (KWD, BHD, …) are
 * both readings valid amounts, so there such an amount is refused as ambiguous.
 */
export function ambiguousForCurrency(amount: AmountText, minorDigits: number): boolean {
  return amount.kind === 'decimal' && amount.groupedWhole && minorDigits === 3;
}
