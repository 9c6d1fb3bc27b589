import { describe, expect, it } from 'vitest';
import {
  ambiguousForCurrency,
  BulkFormatError,
  bulkRowsFromObjects,
  checkHeader,
  parseAmountText,
  parseBulkCsv,
} from './bulk-rows.ts';
import { outcomesCsv } from './outcomes-csv.ts';

describe('parseBulkCsv', () => {
  it('reads a BOM, CRLF line ends, quoted commas and multi-line notes, with the line each row starts on', () => {
    const text =
      '\uFEFFPayment_ID,Amount,Reason,Note\r\n' +
      'pay_1,12.50,duplicate,"charged twice, sorry"\r\n' +
      '\r\n' +
      'pay_2,all,other,"line one\r\nline two"\r\n' +
      'pay_3,"1,000.00",requested_by_customer,\r\n';
    const rows = parseBulkCsv(text);
    expect(rows.map((r) => [r.seq, r.line, r.input])).toEqual([
      [1, 2, { payment_id: 'pay_1', amount: '12.50', reason: 'duplicate', note: 'charged twice, sorry' }],
      [2, 4, { payment_id: 'pay_2', amount: 'all', reason: 'other', note: 'line one\r\nline two' }],
      [3, 6, { payment_id: 'pay_3', amount: '1,000.00', reason: 'requested_by_customer' }],
    ]);
    expect(rows.every((r) => r.malformed === undefined)).toBe(true);
  });

  it('marks a row with the wrong number of fields as malformed instead of failing the file', () => {
    const rows = parseBulkCsv('order_id,amount,reason\nord_1,5,duplicate,extra\nord_2,5\n');
    expect(rows.map((r) => r.malformed?.code)).toEqual(['wrong_column_count', 'wrong_column_count']);
    expect(rows[0]!.malformed!.message).toBe('The row has 4 fields; the header has 3.');
  });

  it('refuses a wrong header, naming what is wrong and the expected columns', () => {
    const attempt = () => parseBulkCsv('payment,amout,reason\npay_1,5,duplicate\n');
    expect(attempt).toThrow(BulkFormatError);
    expect(attempt).toThrow(
      /Wrong CSV header: unknown columns 'payment', 'amout'; no payment_id, order_id or stripe_id column; missing column 'amount'\. Expected columns: one or more of payment_id, order_id, stripe_id/,
    );
    expect(() => checkHeader(['payment_id', 'amount', 'reason', 'amount'])).toThrow(
      /duplicate column 'amount'/,
    );
    expect(() => parseBulkCsv('')).toThrow(/empty/);
    expect(() => parseBulkCsv('payment_id,amount,reason\n')).toThrow(/no rows/);
    expect(() => parseBulkCsv('payment_id,amount,reason\n"pay_1,5,duplicate\n')).toThrow(/not valid CSV/);
  });

  it('refuses a file with a NUL byte in a cell, naming the line and column (no database can store it)', () => {
    const attempt = () =>
      parseBulkCsv('payment_id,amount,reason,note\npay_1,5,duplicate,ok\npay_2,5,duplicate,a\u0000b\n');
    expect(attempt).toThrow(BulkFormatError);
    expect(attempt).toThrow('Line 3, column note: the cell must not contain a NUL byte.');
  });

  it('gives the same key to the same row however it is written, and a new key to each repetition', () => {
    const a = parseBulkCsv(
      'payment_id,amount,reason,note\npay_1,12.5,duplicate,a  note\npay_1,12.50,DUPLICATE, a note\npay_1,12.51,duplicate,a note\n',
    );
    const b = bulkRowsFromObjects([
      { payment_id: 'pay_1', amount: '012.500', reason: 'duplicate', note: 'a note' },
      { payment_id: 'pay_1', amount: '12.5', reason: 'duplicate', note: 'a note' },
    ]);
    // Rows 1 and 2 are the same content: first and second occurrence, different keys.
    expect(a[0]!.key).not.toBe(a[1]!.key);
    expect(a[2]!.key).not.toBe(a[0]!.key);
    // The same file (or the same rows as JSON) gives the same keys again.
    expect(b.map((r) => r.key)).toEqual([a[0]!.key, a[1]!.key]);
    expect(a[0]!.key).toMatch(/^bulk_[0-9a-f]{40}$/);
  });
});

describe('parseAmountText', () => {
  it('accepts decimals and all; refuses negatives and text', () => {
    expect(parseAmountText('all')).toEqual({ kind: 'all' });
    expect(parseAmountText(' ALL ')).toEqual({ kind: 'all' });
    expect(parseAmountText('1,000.5')).toEqual({
      kind: 'decimal',
      whole: '1000',
      frac: '5',
      text: '1000.5',
      groupedWhole: false,
    });
    expect(parseAmountText('-5')).toEqual({ kind: 'invalid', message: "The amount '-5' is negative." });
    expect(parseAmountText('ten')).toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(/not a number/),
    });
    expect(parseAmountText('')).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/missing/) });
    expect(parseAmountText('1e3')).toMatchObject({ kind: 'invalid' });
  });

  it('reads only unambiguous decimals: a point for decimals, commas only between groups of three', () => {
    const read = (text: string) => {
      const a = parseAmountText(text);
      return a.kind === 'decimal' ? a.text : a.kind;
    };
    expect(['12.50', '1000', '1,000', '1,000.50', '12,345,678.9', '0.5', '5.', ' 7 '].map(read)).toEqual([
      '12.50',
      '1000',
      '1000',
      '1000.50',
      '12345678.9',
      '0.5',
      '5',
      '7',
    ]);
    // Each of these was once read with its separators dropped: 5,00 as 500, 1_000 as 1000.
    for (const text of [
      '5,00',
      '1_000',
      '1 000',
      '1.000,50',
      '1,0000',
      '10,00,000',
      '1,000,00',
      ',5',
      '.5',
      '1,,000',
      "1'000",
      '1.2.3',
    ]) {
      const a = parseAmountText(text);
      expect(a, text).toMatchObject({
        kind: 'invalid',
        message: expect.stringMatching(/ambiguous|not a number/),
      });
    }
    expect(parseAmountText('5,00')).toEqual({
      kind: 'invalid',
      message:
        "The amount '5,00' is ambiguous: write it with a point for decimals and, if you like, commas between thousands (e.g. 1,000.50 or 1000.50).",
    });
  });

  it('a whole amount with thousands commas is ambiguous only in a currency with three decimals', () => {
    const grouped = parseAmountText('1,500');
    expect(ambiguousForCurrency(grouped, 2)).toBe(false);
    expect(ambiguousForCurrency(grouped, 0)).toBe(false);
    expect(ambiguousForCurrency(grouped, 3)).toBe(true);
    expect(ambiguousForCurrency(parseAmountText('1,500.000'), 3)).toBe(false);
    expect(ambiguousForCurrency(parseAmountText('1500'), 3)).toBe(false);
  });
});

describe('outcomes CSV', () => {
  it('formats minor units in the currency notation and quotes what needs quoting', () => {
    const csv = outcomesCsv([
      {
        line: 2,
        input: { payment_id: 'pay_1', amount: '12.50', reason: 'other', note: 'a, "b"' },
        outcome: 'accepted',
        refundId: 'rf_1',
        paymentId: 'pay_1',
        amount: 1250,
        currency: 'usd',
        status: 'queued',
        message: 'queued',
      },
    ]);
    expect(csv.split('\n')[0]).toBe(
      'line,payment_id,order_id,stripe_id,amount,reason,note,currency,reverse_transfer,refund_application_fee,outcome,refund_id,refund_status,resolved_payment_id,refund_amount,refund_currency,error_code,message',
    );
    expect(csv.split('\n')[1]).toBe(
      '2,pay_1,,,12.50,other,"a, ""b""",,,,accepted,rf_1,queued,pay_1,12.50,usd,,queued',
    );
    // A note a spreadsheet would run as a formula comes back as text.
    const risky = outcomesCsv([
      {
        line: 3,
        input: { payment_id: 'pay_1', amount: '-5', reason: 'duplicate', note: '=HYPERLINK("x")' },
        outcome: 'error',
        message: 'bad',
      },
    ]);
    expect(risky.split('\n')[1]).toBe(`3,pay_1,,,'-5,duplicate,"'=HYPERLINK(""x"")",,,,error,,,,,,,bad`);
  });
});
