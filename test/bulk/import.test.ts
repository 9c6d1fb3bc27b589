// Bulk import from a CSV through the CLI command, against the Stripe sandbox and both databases:
// good rows, policy-breaking rows, malformed rows, a dry run that changes nothing, a re-run that
// refunds nothing twice, two imports of one file at once, and the workers sending each refund once.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseBulkCsv } from '../../src/bulk/bulk-rows.ts';
import { importRows } from '../../src/bulk/import-rows.ts';
import { main } from '../../src/cli/main.ts';
import { type ImportIo, runRefundsCommand } from '../../src/cli/refunds-command.ts';
import type { Db } from '../../src/db/db.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { startWorkers } from '../../src/worker/workers.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { registerSandboxPayment } from '../support/payments.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { stripeRefundsByRefundryId, waitFor } from '../worker/helpers.ts';

const SETTINGS = { refundWindowDays: 90, approvalThreshold: 5_000 };
const DAY_S = 86_400;

async function tableCounts(db: Db) {
  const [row] = await db.query<{ refunds: number; payments: number; rejections: number; history: number }>(
    `SELECT (SELECT count(*)::int FROM refunds) AS refunds, (SELECT count(*)::int FROM payments) AS payments,
       (SELECT count(*)::int FROM refund_rejections) AS rejections, (SELECT count(*)::int FROM refund_history) AS history`,
  );
  return row!;
}

describe.each(engines())('refunds import on %s', (engine) => {
  let db: Db;
  let sb: TestSandbox;
  let dir: string;
  let file: string;
  let unregisteredPi: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDb(engine);
    sb = await startTestSandbox();
    dir = mkdtempSync(join(tmpdir(), 'refundry-import-'));
    // Made in the sandbox (Stripe's facts), registered with the merchant's order and flag.
    const reg = async (
      name: string,
      amount: number,
      currency: string,
      extra: { ageDays?: number; fraud?: boolean } = {},
    ) => {
      const payment = await registerSandboxPayment(
        db,
        sb.stripe,
        { amount, currency, asCharge: true, ageSeconds: (extra.ageDays ?? 0) * DAY_S, sandboxUrl: sb.url },
        { orderId: `ord_${name}_${engine}`, fraudFlagged: extra.fraud ?? false },
      );
      ids[name] = payment.id;
    };
    await reg('usd', 10_000, 'usd');
    await reg('jpy', 5_000, 'jpy');
    await reg('old', 3_000, 'usd', { ageDays: 200 });
    await reg('fraud', 3_000, 'usd', { fraud: true });
    unregisteredPi = (
      await sb.stripe.paymentIntents.create({
        amount: 2_000,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: true,
      })
    ).id;
    // BOM, CRLF, quoted commas; rows in the order the expectations below list them.
    const lines = [
      'payment_id,order_id,stripe_id,amount,reason,note',
      `${ids.usd},,,12.50,duplicate,"charged twice, refunded"`,
      `,ord_usd_${engine},,60.00,requested_by_customer,big one`,
      `${ids.usd},,,30.00,duplicate,more than remains`,
      `,ord_jpy_${engine},,1000,requested_by_customer,`,
      `,ord_jpy_${engine},,10.5,requested_by_customer,`,
      `${ids.usd},,,-5,duplicate,`,
      `${ids.usd},,,ten,duplicate,`,
      'pay_doesnotexist,,,1.00,duplicate,',
      ',,pi_unknownatstripe,1.00,duplicate,',
      `,,${unregisteredPi},all,fraudulent,`,
      `${ids.old},,,all,duplicate,`,
      `${ids.fraud},,,5.00,duplicate,`,
      `${ids.usd},,,1.00,other,`,
      `${ids.usd},,,1.00,duplicate,x,extra`,
      `${ids.usd},,,12.50,duplicate,"charged twice, refunded"`,
    ];
    file = join(dir, 'refunds.csv');
    writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`);
  });
  afterAll(async () => {
    await sb?.close();
    await db?.close();
  });

  function io(): ImportIo & { out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s), isTTY: true, columns: 80 },
      open: async () => ({
        db,
        gateway: createStripeGateway(sb.stripe),
        settings: SETTINGS,
        close: async () => {},
      }),
    };
  }

  const outcomesOf = (path: string) =>
    (parse(readFileSync(path), { columns: true }) as Record<string, string>[]).map((r) => [
      r.line,
      r.outcome,
      r.error_code,
    ]);

  it('dry run: evaluates every row, counting earlier rows of the file, and changes nothing', async () => {
    const before = await tableCounts(db);
    const run = io();
    const code = await runRefundsCommand(['import', file, '--dry-run'], run);
    expect(code).toBe(1);
    expect(await tableCounts(db)).toEqual(before);
    expect(outcomesOf(join(dir, 'refunds.dry-run.csv'))).toEqual([
      ['2', 'would_accept', ''],
      ['3', 'would_need_approval', ''],
      // 100.00 - 12.50 - 60.00 leaves 27.50: the earlier rows of the file count.
      ['4', 'would_reject', 'amount_exceeds_remaining'],
      ['5', 'would_accept', ''],
      ['6', 'error', 'invalid_amount'],
      ['7', 'error', 'invalid_amount'],
      ['8', 'error', 'invalid_amount'],
      ['9', 'error', 'not_found'],
      ['10', 'error', 'not_found'],
      ['11', 'would_accept', ''],
      ['12', 'would_reject', 'outside_refund_window'],
      ['13', 'would_reject', 'fraud_flagged'],
      ['14', 'error', 'missing_note'],
      ['15', 'error', 'wrong_column_count'],
      ['16', 'would_accept', ''],
    ]);
    const text = run.out.join('');
    expect(text).toContain('Dry run: nothing was changed.');
    expect(text).toMatch(/would_accept\s+4\s+¥1,000 \+ \$45\.00\n/);
    expect(text).toMatch(/total\s+15/);
    // A progress bar on the (TTY) stderr, ending at 15/15.
    expect(run.err.join('')).toMatch(/\r\[#+\] 15\/15 rows 100%\n$/);
  });

  it('real run: refunds the good rows, records the rest; the same file again refunds nothing twice', async () => {
    const before = await tableCounts(db);
    const first = io();
    expect(await runRefundsCommand(['import', file, '--out', join(dir, 'first.csv')], first)).toBe(1);
    const firstOutcomes = outcomesOf(join(dir, 'first.csv'));
    expect(firstOutcomes.map(([line, outcome]) => `${line}:${outcome}`)).toEqual([
      '2:accepted',
      '3:needs_approval',
      '4:rejected',
      '5:accepted',
      '6:error',
      '7:error',
      '8:error',
      '9:error',
      '10:error',
      '11:accepted',
      '12:rejected',
      '13:rejected',
      '14:error',
      '15:error',
      '16:accepted',
    ]);
    const after = await tableCounts(db);
    expect(after.refunds - before.refunds).toBe(5);
    expect(after.rejections - before.rejections).toBe(3);
    expect(after.payments - before.payments).toBe(1); // the payment known only to Stripe
    const rows = await db.query<{ amount: number; status: string; requested_by: string }>(
      `SELECT amount, status, requested_by FROM refunds ORDER BY amount`,
    );
    expect(rows.map((r) => [Number(r.amount), r.status])).toEqual([
      [1_000, 'queued'],
      [1_250, 'queued'],
      [1_250, 'queued'],
      [2_000, 'queued'],
      [6_000, 'awaiting_approval'],
    ]);
    expect(rows[0]!.requested_by).toMatch(/^cli:/);

    const again = io();
    expect(await runRefundsCommand(['import', file, '--out', join(dir, 'again.csv')], again)).toBe(1);
    const againOutcomes = outcomesOf(join(dir, 'again.csv'));
    expect(againOutcomes.filter(([, o]) => o === 'already_imported').map(([line]) => line)).toEqual([
      '2',
      '3',
      '5',
      '11',
      '16',
    ]);
    expect(againOutcomes.some(([, o]) => o === 'accepted' || o === 'needs_approval')).toBe(false);
    expect((await tableCounts(db)).refunds).toBe(after.refunds);
    expect(again.out.join('')).toMatch(/already_imported\s+5/);

    // The workers send each accepted refund to Stripe exactly once.
    const workers = await startWorkers({
      db,
      gateway: createStripeGateway(sb.stripe),
      logger: silentLogger(),
      pollIntervalMs: 20,
      budget: { maxRate: 1000 },
    });
    try {
      await waitFor(
        async () => (await db.query("SELECT 1 FROM refunds WHERE status = 'queued'")).length === 0,
        15_000,
      );
    } finally {
      await workers.stop();
    }
    const atStripe = await stripeRefundsByRefundryId(sb.stripe);
    expect([...atStripe.values()].map((v) => v.length)).toEqual([1, 1, 1, 1]);
  });

  it('two imports of one file at the same moment make each refund once', async () => {
    const payment = await registerSandboxPayment(db, sb.stripe, {
      amount: 9_000,
      currency: 'usd',
      asCharge: true,
    });
    const rows = parseBulkCsv(
      `payment_id,amount,reason\n${Array.from({ length: 6 }, () => `${payment.id},10.00,duplicate`).join('\n')}\n`,
    );
    const deps = { db, gateway: createStripeGateway(sb.stripe), settings: SETTINGS, actor: 'cli:test' };
    const [a, b] = await Promise.all([
      importRows(deps, rows, { dryRun: false }),
      importRows(deps, rows, { dryRun: false }),
    ]);
    const made = await db.query('SELECT id FROM refunds WHERE payment_id = $1', [payment.id]);
    expect(made).toHaveLength(6);
    const outcomes = [...a, ...b].map((r) => r.outcome).sort();
    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(6);
    expect(outcomes.filter((o) => o === 'already_imported')).toHaveLength(6);
  });
});

describe('refunds command usage', () => {
  it('a wrong header is a usage error naming the expected columns (exit 2, nothing opened)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'refundry-import-'));
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'payment,amount,why\npay_1,5,duplicate\n');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await main(['refunds', 'import', path])).toBe(2);
      const message = String(error.mock.calls[0]?.[0]);
      expect(message).toContain("unknown columns 'payment', 'why'");
      expect(message).toContain('Expected columns: one or more of payment_id, order_id, stripe_id');
      expect(await main(['refunds', 'import'])).toBe(2);
      expect(String(error.mock.calls[1]?.[0])).toContain('name the CSV file to import');
    } finally {
      error.mockRestore();
    }
  });
});
