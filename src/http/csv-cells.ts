// Cells of the CSV files Refundry writes (the refund export, bulk outcomes): safe to open in a
// spreadsheet, amounts exact. Shared by routes and the core, so it lives in the leaf.
import { minorUnitDigits } from '../shared/money.ts';

/** Minor units as an exact decimal string in the currency's notation: (2145, usd) → "21.45". */
export function majorAmount(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(amount);
  const s = String(amount).padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/**
 * Spreadsheets run a cell starting with = + - @ (or a tab/CR) as a formula; such text cells are
 * prefixed with an apostrophe (OWASP's advice against CSV injection).
 */
export function safeCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
