import { describe, expect, it } from 'vitest';
import { type BulkRow, type BulkRowInput, parseAmountText } from './bulk-rows.ts';
import { checkRowText, rowAmount, type WrittenRow } from './run-row.ts';

const row = (input: BulkRowInput, extra: Partial<BulkRow> = {}): BulkRow => ({
  seq: 1,
  line: 2,
  input,
  key: 'k1',
  ...extra,
});
const good: BulkRowInput = { payment_id: 'pay_1', amount: '12.50', reason: 'duplicate' };

describe('checkRowText: what a row is refused for before anything is looked up', () => {
  it.each([
    ['no reason', { reason: undefined }, 'invalid_reason', /^The reason is missing: use duplicate, /],
    ['an unknown reason', { reason: 'Because' }, 'invalid_reason', /^Unknown reason 'Because': use /],
    ['other without a note', { reason: 'OTHER' }, 'missing_note', /^A note is required when the reason/],
    ['no amount', { amount: undefined }, 'invalid_amount', /^The amount is missing/],
    ['a bad flag', { reverse_transfer: 'maybe' }, 'invalid_flag', /^The reverse_transfer 'maybe' is not/],
    ['no payment', { payment_id: undefined }, 'missing_payment', /^The row names no payment: fill /],
  ])('%s', (_, change, errorCode, message) => {
    expect(checkRowText(row({ ...good, ...change }))).toEqual({
      outcome: 'error',
      errorCode,
      message: expect.stringMatching(message),
    });
  });

  it('refuses an unreadable line with what the reader found', () => {
    const malformed = { code: 'bad_row', message: 'Too many fields.' };
    expect(checkRowText(row(good, { malformed }))).toEqual({
      outcome: 'error',
      errorCode: 'bad_row',
      message: 'Too many fields.',
    });
  });

  it('passes a good row on with its reason (lower case), amount text and Connect choices', () => {
    const written = checkRowText(row({ ...good, reason: 'Duplicate', refund_application_fee: 'true' }));
    expect(written).toEqual({
      reason: 'duplicate',
      amount: parseAmountText('12.50'),
      connectAsk: { reverseTransfer: undefined, refundApplicationFee: true },
    });
  });
});

describe("rowAmount: the amount read in the payment's currency", () => {
  const amountOf = (text: string) => parseAmountText(text) as WrittenRow['amount'];
  const payment = (currency: string) => ({ id: 'pay_1', currency });

  it.each([
    ['all', 'usd', undefined],
    ['12.50', 'usd', 1250],
    ['1,000.50', 'usd', 100_050],
    ['500', 'jpy', 500],
    ['1.234', 'kwd', 1234],
  ])('%s in %s is %s minor units', (text, currency, minor) => {
    expect(rowAmount(amountOf(text), text, payment(currency))).toEqual({ minor });
  });

  it.each([
    [
      '1,000',
      'kwd',
      "The amount '1,000' is ambiguous in KWD, which has three decimals: write 1000 (or 1,000.000) if you mean 1000, or use a point for decimals.",
    ],
    ['1.234', 'usd', "The amount '1.234' has more decimals than USD allows (2)."],
    ['0.00', 'usd', 'The amount must be more than zero.'],
  ])('refuses %s in %s, naming the payment', (text, currency, message) => {
    expect(rowAmount(amountOf(text), text, payment(currency))).toEqual({
      outcome: 'error',
      errorCode: 'invalid_amount',
      message,
      paymentId: 'pay_1',
      currency,
    });
  });
});
