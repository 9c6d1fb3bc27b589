// `refundry reconcile` end to end: the command against the sandbox (STRIPE_API_BASE) and a real
// database, its three formats and its exit codes (0 nothing for a person, 1 something, 2 usage).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { openDb } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { CSV_COLUMNS } from '../../src/reconciliation/report.ts';
import { createPostgresDatabase, engines } from '../support/databases.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { type Seeded, seedEveryCase } from './seed.ts';

describe.each(engines())('refundry reconcile on %s', (engine) => {
  let sb: TestSandbox;
  let seeded: Seeded;
  const dir = mkdtempSync(join(tmpdir(), 'refundry-reconcile-'));
  const saved = { ...process.env };
  const from = new Date(Date.now() - 3 * 3_600_000).toISOString();
  const to = new Date(Date.now() + 3 * 3_600_000).toISOString();

  beforeAll(async () => {
    sb = await startTestSandbox();
    const databaseUrl = engine === 'postgres' ? await createPostgresDatabase() : undefined;
    const dataDir = join(dir, 'data');
    const db = await openDb({ databaseUrl, dataDir });
    await migrate(db);
    seeded = await seedEveryCase(db, sb, 'cli');
    await db.close(); // the command opens the database itself (PGlite allows one process)
    process.env = {
      ...saved,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '', REFUNDRY_DATA_DIR: dataDir }),
      STRIPE_SECRET_KEY: 'sk_test_reconcile_cli',
      STRIPE_API_BASE: sb.url,
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    process.env = saved;
    await sb?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const error = vi.spyOn(console, 'error').mockImplementation((m) => void err.push(String(m)));
    try {
      return { code: await main(['reconcile', ...argv]), out: out.join(''), err: err.join('\n') };
    } finally {
      write.mockRestore();
      error.mockRestore();
    }
  };

  it('prints JSON and exits 1 while discrepancies need a person', async () => {
    const result = await run(['--from', from, '--to', to, '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    expect(report.run).toMatchObject({
      status: 'completed',
      triggered_by: 'cli',
      stripe_refunds: 11,
      healed: 4,
      flagged: 6,
      open: 6,
      needs_attention: true,
      window: { from, to },
    });
    expect(report.discrepancies).toHaveLength(10);
    const kinds = report.discrepancies.map((d: { kind: string }) => d.kind).sort();
    expect(kinds).toEqual([
      'amount_mismatch',
      'currency_mismatch',
      'duplicate_at_stripe',
      'missing_at_stripe',
      'missing_here',
      'status_mismatch',
      'status_mismatch',
      'status_mismatch',
      'status_mismatch',
      'unknown_payment',
    ]);
    const amount = report.discrepancies.find((d: { kind: string }) => d.kind === 'amount_mismatch');
    expect(amount).toMatchObject({
      refund_id: seeded.ids.amount,
      action: 'flagged',
      stripe: { amount: 1_400, currency: 'usd', status: 'succeeded' },
      local: { amount: 1_401, currency: 'usd', status: 'succeeded' },
    });
  });

  it('prints CSV (one row per discrepancy) and a table', async () => {
    const csv = await run(['--from', from, '--to', to, '--format', 'csv']);
    expect(csv.code).toBe(1);
    const rows = parse(csv.out, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    // Healed last time, so only the five still wrong are left (all open).
    expect(rows.map((r) => r.kind).sort()).toEqual([
      'amount_mismatch',
      'currency_mismatch',
      'missing_at_stripe',
      'status_mismatch',
      'unknown_payment',
    ]);
    expect(rows.every((r) => r.open === 'yes' && r.action === 'flagged')).toBe(true);
    expect(rows.find((r) => r.kind === 'amount_mismatch')).toMatchObject({
      stripe_amount: '1400',
      local_amount: '1401',
    });

    const table = await run(['--from', from, '--to', to]);
    expect(table.code).toBe(1);
    expect(table.out).toMatch(/^Reconciliation rcn_\w+: completed/);
    expect(table.out).toMatch(/amount_mismatch\s+1\s+0\s+1\s+1/);
    expect(table.out).toContain('5 discrepancies need a person.');
  });

  it('exits 0 once every flagged discrepancy was resolved by a person', async () => {
    const databaseUrl = process.env.DATABASE_URL || undefined;
    const db = await openDb({ databaseUrl, dataDir: process.env.REFUNDRY_DATA_DIR });
    await db.query(
      `UPDATE reconciliation_discrepancies SET resolved_at = now(), resolved_by = 'user:finance', resolution_note = 'checked'
       WHERE action = 'flagged' AND resolved_at IS NULL`,
    );
    await db.close();
    const result = await run(['--from', from, '--to', to, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).run).toMatchObject({ flagged: 0, open: 0, needs_attention: false });
  });

  it('refuses bad flags and a missing Stripe key with exit code 2', async () => {
    expect((await run(['--format', 'xml'])).code).toBe(2);
    expect((await run(['--from', 'yesterday'])).code).toBe(2);
    expect((await run(['--from', '2026-06-02', '--to', '2026-06-01'])).code).toBe(2);
    expect((await run(['--bogus'])).code).toBe(2);
    const key = process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_SECRET_KEY;
    try {
      const result = await run([]);
      expect(result.code).toBe(2);
      expect(result.err).toContain('STRIPE_SECRET_KEY');
    } finally {
      process.env.STRIPE_SECRET_KEY = key;
    }
  });
});
