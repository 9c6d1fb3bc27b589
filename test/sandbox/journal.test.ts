import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_FILE, type Line, openJournalFile } from '../../src/sandbox/state/journal-file.ts';
import { startTestSandbox } from '../support/sandbox.ts';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'refundry-journal-'));
  dirs.push(dir);
  return dir;
}

describe('journal (--data DIR)', () => {
  it('rebuilds charges, refunds, events and list order after a restart', async () => {
    const dataDir = tempDir();
    const first = await startTestSandbox({ dataDir });
    const s = first.stripe;
    const a = await s.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
    const b = await s.charges.create({ amount: 2500, currency: 'eur', source: 'tok_visa' });
    const pi = await s.paymentIntents.create({
      amount: 800,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    const r1 = await s.refunds.create({ charge: a.id, amount: 300 });
    const r2 = await s.refunds.create({ charge: b.id });
    const r3 = await s.refunds.create({ charge: a.id, amount: 200, metadata: { k: 'v' } });
    const r4 = await s.refunds.create({ payment_intent: pi.id });
    await s.refunds.update(r1.id, { metadata: { note: 'x' } });
    const we = await s.webhookEndpoints.create({ url: 'https://example.com/hook', enabled_events: ['*'] });
    const gone = await s.webhookEndpoints.create({ url: 'https://example.com/gone', enabled_events: ['*'] });
    await s.webhookEndpoints.update(we.id, { description: 'kept' });
    await s.webhookEndpoints.del(gone.id);
    const before = {
      refunds: (await s.refunds.list({ limit: 100 })).data,
      charges: (await s.charges.list({ limit: 100 })).data,
      events: (await s.events.list({ limit: 100 })).data.map((e) => [e.id, e.type]),
      chargeA: await s.charges.retrieve(a.id),
      pi: await s.paymentIntents.retrieve(pi.id),
    };
    await first.close();

    const second = await startTestSandbox({ dataDir });
    const t = second.stripe;
    try {
      const refunds = (await t.refunds.list({ limit: 100 })).data;
      expect(refunds.map((r) => r.id)).toEqual([r4.id, r3.id, r2.id, r1.id]);
      expect(refunds).toEqual(before.refunds);
      expect((await t.refunds.retrieve(r1.id)).metadata).toEqual({ note: 'x' });
      expect((await t.charges.list({ limit: 100 })).data.map((c) => c.id)).toEqual(
        before.charges.map((c) => c.id),
      );
      const chargeA = await t.charges.retrieve(a.id);
      expect(chargeA.amount_refunded).toBe(500);
      expect({ ...chargeA, lastResponse: undefined }).toEqual({ ...before.chargeA, lastResponse: undefined });
      expect((await t.refunds.list({ charge: a.id })).data.map((r) => r.id)).toEqual([r3.id, r1.id]);
      expect((await t.paymentIntents.retrieve(pi.id)).latest_charge).toBe(before.pi.latest_charge);
      expect((await t.events.list({ limit: 100 })).data.map((e) => [e.id, e.type])).toEqual(before.events);
      const endpoints = (await t.webhookEndpoints.list()).data;
      expect(endpoints.map((e) => [e.id, e.description])).toEqual([[we.id, 'kept']]);
      // The store keeps working (and journaling) after the replay.
      await expect(t.refunds.create({ charge: a.id, amount: 600 })).rejects.toMatchObject({
        code: 'amount_too_large',
      });
      const r5 = await t.refunds.create({ charge: a.id, amount: 500 });
      expect((await t.charges.retrieve(a.id)).refunded).toBe(true);
      await second.close();
      const third = await startTestSandbox({ dataDir });
      expect((await third.stripe.refunds.list({ limit: 1 })).data[0]!.id).toBe(r5.id);
      await third.close();
    } finally {
      await second.close().catch(() => {});
    }
  });

  it('settles asynchronous test refunds left pending at the restart', async () => {
    const dataDir = tempDir();
    const first = await startTestSandbox({ dataDir });
    const charge = await first.stripe.charges.create({
      amount: 900,
      currency: 'usd',
      source: 'tok_pendingRefund',
    });
    const refund = await first.stripe.refunds.create({ charge: charge.id });
    expect(refund.status).toBe('pending');
    await first.close();
    const second = await startTestSandbox({ dataDir });
    try {
      expect((await second.stripe.refunds.retrieve(refund.id)).status).toBe('pending');
      await second.advance(3_600);
      expect((await second.stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
    } finally {
      await second.close();
    }
  });

  it('replays idempotent responses after a restart, until their 24 h expiry', async () => {
    const dataDir = tempDir();
    const first = await startTestSandbox({ dataDir });
    const s = first.stripe;
    const charge = await s.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
    const original = await s.refunds.create({ charge: charge.id, amount: 300 }, { idempotencyKey: 'r-1' });
    // A business-rule error is stored under its key too; the other key expires during the test.
    await expect(
      s.refunds.create({ charge: charge.id, amount: 5000 }, { idempotencyKey: 'too-big' }),
    ).rejects.toMatchObject({ code: 'amount_too_large' });
    await first.close();

    const second = await startTestSandbox({ dataDir });
    try {
      const t = second.stripe;
      const replay = await t.refunds.create({ charge: charge.id, amount: 300 }, { idempotencyKey: 'r-1' });
      expect(replay.id).toBe(original.id);
      expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect((await t.refunds.list({ charge: charge.id })).data).toHaveLength(1);
      await expect(
        t.refunds.create({ charge: charge.id, amount: 200 }, { idempotencyKey: 'r-1' }),
      ).rejects.toMatchObject({ type: 'StripeIdempotencyError' });
      await expect(
        t.refunds.create({ charge: charge.id, amount: 5000 }, { idempotencyKey: 'too-big' }),
      ).rejects.toMatchObject({ code: 'amount_too_large', headers: { 'idempotent-replayed': 'true' } });
      // Another API key does not see the key.
      const other = await second
        .client('sk_test_other')
        .refunds.create({ charge: charge.id, amount: 300 }, { idempotencyKey: 'r-1' });
      expect(other.id).not.toBe(original.id);
      await second.advance(24 * 3600 + 60);
    } finally {
      await second.close();
    }

    // The advance is journaled too: after another restart the key has expired and runs anew.
    const third = await startTestSandbox({ dataDir });
    try {
      const fresh = await third.stripe.refunds.create(
        { charge: charge.id, amount: 300 },
        { idempotencyKey: 'r-1' },
      );
      expect(fresh.id).not.toBe(original.id);
      expect(fresh.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    } finally {
      await third.close();
    }
  });

  it('keeps the clock offset across a restart (time never goes backwards); reset clears it', async () => {
    const dataDir = tempDir();
    const clockOf = async (url: string) =>
      (await (await fetch(`${url}/_sandbox/clock`)).json()) as { now: number; offset_seconds: number };
    const first = await startTestSandbox({ dataDir });
    await first.advance(3_600);
    await first.advance(86_400);
    const before = await clockOf(first.url);
    expect(before.offset_seconds).toBe(90_000);
    await first.close();

    const second = await startTestSandbox({ dataDir });
    try {
      const after = await clockOf(second.url);
      expect(after.offset_seconds).toBe(90_000);
      expect(after.now).toBeGreaterThanOrEqual(before.now);
      // Objects created after the restart are not dated before those created earlier.
      const charge = await second.stripe.charges.create({ amount: 100, currency: 'usd', source: 'tok_visa' });
      expect(charge.created).toBeGreaterThanOrEqual(before.now);
      await fetch(`${second.url}/_sandbox/reset`, { method: 'POST' });
    } finally {
      await second.close();
    }
    const third = await startTestSandbox({ dataDir });
    try {
      expect((await clockOf(third.url)).offset_seconds).toBe(0);
    } finally {
      await third.close();
    }
  });

  it('refuses a data folder another live process holds', async () => {
    const dataDir = tempDir();
    const held = await openJournalFile(dataDir, { onLine: () => {} });
    try {
      // Same process: the lock file names our own pid, so fake another live owner (pid 1).
      const lockPath = join(dataDir, 'refundry.lock');
      expect(readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
      rmSync(lockPath);
      appendFileSync(lockPath, '1');
      await expect(openJournalFile(dataDir, { onLine: () => {} })).rejects.toThrow(/in use/);
    } finally {
      held.close();
    }
  });

  it('cuts a torn last line left by a crash and keeps appending after it', async () => {
    const dataDir = tempDir();
    const j = await openJournalFile(dataDir, { onLine: () => {} });
    j.append({ t: 'reset' });
    j.close();
    appendFileSync(join(dataDir, JOURNAL_FILE), '{"t":"ev');
    const lines: Line[] = [];
    const k = await openJournalFile(dataDir, { onLine: (line) => lines.push(line) });
    expect(lines).toEqual([{ t: 'reset' }]);
    k.append({ t: 'reset' });
    k.close();
    expect(readFileSync(join(dataDir, JOURNAL_FILE), 'utf8')).toBe('{"t":"reset"}\n{"t":"reset"}\n');
  });
});

describe('journal crash safety', () => {
  it("writes one request's changes as one line: a crash mid-write loses the whole request, never half", async () => {
    const dataDir = tempDir();
    const path = join(dataDir, JOURNAL_FILE);
    const first = await startTestSandbox({ dataDir });
    const charge = await first.stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
    const kept = readFileSync(path);
    // The refund, the charge it changed and the idempotency entry: one batch line, in the file
    // before the response reached the client.
    const refund = await first.stripe.refunds.create(
      { charge: charge.id, amount: 400 },
      { idempotencyKey: 'k1' },
    );
    const added = readFileSync(path).subarray(kept.length).toString('utf8');
    expect(added.endsWith('\n')).toBe(true);
    expect(added.split('\n')).toHaveLength(2);
    const batch = JSON.parse(added) as { t: string; lines: Array<{ t: string; event?: { type: string } }> };
    expect(batch.t).toBe('batch');
    expect(batch.lines.map((l) => l.event?.type ?? l.t)).toEqual([
      'refund.created',
      'charge.refunded',
      'idempotency',
    ]);
    await first.close();

    // A kill -9 in the middle of that write: everything but part of the line reached the disk.
    writeFileSync(path, Buffer.concat([kept, Buffer.from(added.slice(0, Math.floor(added.length / 2)))]));
    const second = await startTestSandbox({ dataDir });
    try {
      const t = second.stripe;
      await expect(t.refunds.retrieve(refund.id)).rejects.toMatchObject({ code: 'resource_missing' });
      expect((await t.charges.retrieve(charge.id)).amount_refunded).toBe(0);
      // The client never got an answer, so it retries with its key: one refund, not two.
      const retried = await t.refunds.create({ charge: charge.id, amount: 400 }, { idempotencyKey: 'k1' });
      const again = await t.refunds.create({ charge: charge.id, amount: 400 }, { idempotencyKey: 'k1' });
      expect(again.id).toBe(retried.id);
      expect((await t.refunds.list({ charge: charge.id })).data).toHaveLength(1);
      expect((await t.charges.retrieve(charge.id)).amount_refunded).toBe(400);
    } finally {
      await second.close();
    }
    // The torn bytes were cut off: every line of the file parses again.
    for (const line of readFileSync(path, 'utf8').trimEnd().split('\n'))
      expect(() => JSON.parse(line)).not.toThrow();
  });

  it('cuts a torn line at the right byte when the journal holds multi-byte text', async () => {
    const dataDir = tempDir();
    const first = await startTestSandbox({ dataDir });
    const charge = await first.stripe.charges.create({
      amount: 700,
      currency: 'eur',
      source: 'tok_visa',
      metadata: { note: 'Ünïcödé — 払い戻し 🧾' },
    });
    await first.close();
    appendFileSync(join(dataDir, JOURNAL_FILE), '{"t":"event","event":{"id":"evt_ü');
    const second = await startTestSandbox({ dataDir });
    try {
      expect((await second.stripe.charges.retrieve(charge.id)).metadata).toEqual({
        note: 'Ünïcödé — 払い戻し 🧾',
      });
      const refund = await second.stripe.refunds.create({ charge: charge.id, metadata: { why: 'é' } });
      await second.close();
      const third = await startTestSandbox({ dataDir });
      expect((await third.stripe.refunds.retrieve(refund.id)).metadata).toEqual({ why: 'é' });
      await third.close();
    } finally {
      await second.close().catch(() => {});
    }
  });
});
