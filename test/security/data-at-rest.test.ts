// Data at rest is owner-only whatever the umask: the embedded database's files (PGlite writes
// through Emscripten's NODEFS, which chmods files 0666/0644 by itself), the .eml outbox, the
// sandbox journal and the lock file. The test runs with umask 000 so that nothing is saved by a
// careful shell, and reads the modes back from the disk.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/db/pglite.ts';
import { createMailer } from '../../src/notifications/mailer.ts';
import { createWebhookEndpoint } from '../../src/notifications/webhook-endpoints.ts';
import { startSandbox } from '../../src/sandbox/server.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { looseEntries } from '../support/loose-entries.ts';
import { runCli } from '../support/run-cli.ts';

function captureLogs() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination: stream }) };
}

describe('data at rest is owner-only', () => {
  const root = mkdtempSync(join(tmpdir(), 'refundry-modes-'));
  let savedUmask = 0;
  beforeEach(() => {
    savedUmask = process.umask(0);
  });
  afterEach(() => {
    process.umask(savedUmask);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const dir = join(root, 'data');

  it('a new embedded database made by the CLI: folder 0700, every file 0600 or 0700 (WAL included), with umask 000', async () => {
    const saved = { ...process.env };
    process.env.REFUNDRY_DATA_DIR = dir;
    delete process.env.DATABASE_URL;
    try {
      expect((await runCli(['migrate'])).code).toBe(0);
      // The CLI sets an owner-only umask first thing (the test restores 000 before going on).
      expect(process.umask(0)).toBe(0o077);
    } finally {
      process.env = saved;
    }
    expect(looseEntries(dir).loose).toEqual([]);
    // Opened by the library (umask 000 now): secrets written, checkpointed, reopened — PostgreSQL
    // rewrites its relcache init files at every start, NODEFS would chmod them 0644.
    const db = await openPglite(dir);
    await createWebhookEndpoint(db, {
      url: 'https://shop.example/hook',
      enabledEvents: ['*'],
      createdBy: 'test',
    });
    await db.query('CHECKPOINT');
    const open = looseEntries(dir);
    await db.close();
    // The whole cluster was looked at (~550 entries: the template has no template databases).
    expect(open.total).toBeGreaterThan(500);
    expect(open.loose).toEqual([]);
    expect(looseEntries(dir).loose).toEqual([]);
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, 'pg_wal')).length).toBeGreaterThan(0);
  });

  it('an existing folder with loose modes is tightened at start, with a log line', async () => {
    // As an older version left it: everything readable (and writable) by anyone.
    const loosen = (path: string) => {
      const stat = lstatSync(path);
      chmodSync(path, stat.isDirectory() ? 0o777 : 0o666);
      if (stat.isDirectory()) for (const e of readdirSync(path)) loosen(join(path, e));
    };
    loosen(dir);
    const before = looseEntries(dir);
    expect(before.loose.length).toBe(before.total);

    const { lines, logger } = captureLogs();
    const reopened = await openPglite(dir, logger);
    await reopened.query('SELECT 1');
    expect(looseEntries(dir).loose).toEqual([]);
    await reopened.close();
    const line = lines.find((l) => String(l.msg).includes('tightened it to owner-only'));
    expect(line).toMatchObject({ level: 40, dir, tightened: before.total });
  });

  it('the .eml outbox: folder 0700 (tightened if loose), each message 0600', async () => {
    const dir = join(root, 'mail');
    mkdirSync(dir, { mode: 0o755 });
    writeFileSync(join(dir, 'old.eml'), 'From: x\r\n\r\nold', { mode: 0o644 });
    const { lines, logger } = captureLogs();
    const mailer = createMailer({ kind: 'dir', dir, from: 'Refunds <refunds@localhost>' }, logger);
    await mailer.send({
      to: 'c@example.com',
      subject: 'Your refund',
      text: 'hello',
      html: '<p>hello</p>',
      messageId: '<n1@refundry>',
      key: 'n1',
    });
    mailer.close();
    expect(readdirSync(dir).sort()).toEqual(['n1.eml', 'old.eml']);
    expect(looseEntries(dir).loose).toEqual([]);
    expect(lstatSync(join(dir, 'n1.eml')).mode & 0o777).toBe(0o600);
    expect(lines.some((l) => l.dir === dir && l.tightened === 2)).toBe(true);
  });

  it('the sandbox journal (--data): folder 0700, journal and lock 0600', async () => {
    const dir = join(root, 'sandbox');
    const sandbox = await startSandbox({ dataDir: dir, logger: createLogger({ level: 'silent' }) });
    try {
      const stripe = new Stripe('sk_test_modes', { host: '127.0.0.1', port: sandbox.port, protocol: 'http' });
      const pi = await stripe.paymentIntents.create({
        amount: 1000,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: true,
      });
      await stripe.refunds.create({ payment_intent: pi.id });
      const entries = readdirSync(dir).sort();
      expect(entries).toEqual(['refundry.lock', 'sandbox-journal.jsonl']);
      expect(looseEntries(dir).loose).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
