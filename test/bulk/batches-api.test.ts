// Refund batches through the HTTP API and the batch worker, on both databases against the Stripe
// sandbox: progress readable while a batch runs, row outcomes as JSON and CSV, dry runs that change
// nothing, re-submission that refunds nothing twice, bad input as 4xx, and a batch taken over from
// a hung worker whose lease expired, with every row decided once.
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { createBatchWorker } from '../../src/bulk/batch-worker.ts';
import { DatabaseUnavailableError, type Db } from '../../src/db/db.ts';
import { createMetrics } from '../../src/metrics/metrics.ts';
import { savePolicySettings } from '../../src/policy/policy-settings.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { StripeGateway } from '../../src/stripe/gateway.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { registerSandboxPayment, registerStripeId } from '../support/payments.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { waitFor } from '../worker/helpers.ts';

const SETTINGS = { refundWindowDays: 90, approvalThreshold: 5_000 };

/** A gateway whose payment look-ups wait until released (a slow or hung Stripe call). */
function gated(base: StripeGateway) {
  let release!: () => void;
  const open = new Promise<void>((r) => {
    release = r;
  });
  let waiting = 0;
  const gateway: StripeGateway = {
    ...base,
    retrievePayment: async (id) => {
      waiting++;
      await open;
      return base.retrievePayment(id);
    },
  };
  return { gateway, release, waiting: () => waiting };
}

describe.each(engines())('refund batches API on %s', (engine) => {
  let db: Db;
  let sb: TestSandbox;
  let app: FastifyInstance;
  let writeKey = '';
  let readKey = '';
  let gateway: StripeGateway;
  const payments: string[] = [];

  beforeAll(async () => {
    db = await createTestDb(engine);
    sb = await startTestSandbox();
    gateway = createStripeGateway(sb.stripe);
    app = await createServiceApp({
      db,
      gateway,
      config: { policy: SETTINGS },
      logger: silentLogger(),
      metrics: createMetrics({ db, defaultMetrics: false }),
    });
    writeKey = (await createApiKey(db, { name: 'w', scopes: ['refunds:write', 'refunds:read'] })).key;
    readKey = (await createApiKey(db, { name: 'r', scopes: ['refunds:read'] })).key;
    for (let i = 0; i < 3; i++) {
      const payment = await registerSandboxPayment(db, sb.stripe, {
        amount: 10_000,
        currency: 'usd',
        asCharge: true,
      });
      payments.push(payment.id);
    }
  });
  afterAll(async () => {
    await app?.close();
    await sb?.close();
    await db?.close();
  });

  const request = (method: 'GET' | 'POST', url: string, body?: string | object, key = writeKey) =>
    app.inject({
      method,
      url: `/api/v1${url}`,
      headers: {
        authorization: `Bearer ${key}`,
        ...(typeof body === 'string' ? { 'content-type': 'text/csv' } : {}),
      },
      ...(body !== undefined ? { payload: body } : {}),
    });
  const worker = (gw: StripeGateway, extra: object = {}) =>
    createBatchWorker({
      db,
      gateway: gw,
      settings: SETTINGS,
      logger: silentLogger(),
      chunkSize: 1,
      ...extra,
    });
  const refundCount = async () =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM refunds'))[0]!.n;

  it('runs a CSV batch in the background with progress readable while it runs', async () => {
    const pi = await sb.stripe.paymentIntents.create({
      amount: 3_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const csv = [
      'payment_id,stripe_id,amount,reason,note',
      `${payments[0]},,10.00,duplicate,"first, of two"`,
      `${payments[0]},,60.00,requested_by_customer,over the approval threshold`,
      `,${pi.id},all,duplicate,known only to Stripe`,
      `${payments[0]},,99.00,duplicate,more than remains`,
      `${payments[0]},,1.005,duplicate,too many decimals`,
    ].join('\r\n');
    const created = await request('POST', '/refund-batches', csv);
    expect(created.statusCode).toBe(202);
    const batch = created.json();
    expect(batch).toMatchObject({
      object: 'refund_batch',
      status: 'queued',
      dry_run: false,
      total: 5,
      processed: 0,
    });
    expect(batch.created_by).toMatch(/^key:/);
    expect(created.headers.location).toBe(`/api/v1/refund-batches/${batch.id}`);

    // The worker stalls on row 3 (a Stripe look-up); meanwhile the progress is visible.
    const slow = gated(gateway);
    const running = worker(slow.gateway).runOnce();
    await waitFor(async () => slow.waiting() > 0, 10_000, 10);
    const mid = (await request('GET', `/refund-batches/${batch.id}`)).json();
    expect(mid).toMatchObject({
      status: 'running',
      total: 5,
      processed: 2,
      counts: { accepted: 1, needs_approval: 1 },
    });
    expect(mid.started_at).not.toBeNull();
    slow.release();
    expect(await running).toBe(batch.id);

    const done = (await request('GET', `/refund-batches/${batch.id}`)).json();
    expect(done).toMatchObject({
      status: 'completed',
      processed: 5,
      counts: { accepted: 2, needs_approval: 1, rejected: 1, error: 1 },
    });
    expect(done.finished_at).not.toBeNull();

    const rows = (await request('GET', `/refund-batches/${batch.id}/rows?limit=3`)).json();
    expect(rows.has_more).toBe(true);
    expect(rows.data.map((r: { outcome: string }) => r.outcome)).toEqual([
      'accepted',
      'needs_approval',
      'accepted',
    ]);
    expect(rows.data[0]).toMatchObject({ line: 2, amount: 1_000, currency: 'usd', refund_status: 'queued' });
    expect(rows.data[2]).toMatchObject({ amount: 3_000, input: { stripe_id: pi.id, amount: 'all' } });
    const rest = (await request('GET', `/refund-batches/${batch.id}/rows?starting_after=3`)).json();
    expect(rest.data.map((r: { outcome: string; error_code: string }) => [r.outcome, r.error_code])).toEqual([
      ['rejected', 'amount_exceeds_remaining'],
      ['error', 'invalid_amount'],
    ]);
    expect(rest.has_more).toBe(false);

    const csvRes = await request('GET', `/refund-batches/${batch.id}/rows.csv`);
    expect(csvRes.statusCode).toBe(200);
    expect(csvRes.headers['content-type']).toBe('text/csv; charset=utf-8');
    const table = parse(csvRes.body, { columns: true }) as Record<string, string>[];
    expect(table.map((r) => [r.line, r.outcome, r.refund_amount, r.note])).toEqual([
      ['2', 'accepted', '10.00', 'first, of two'],
      ['3', 'needs_approval', '60.00', 'over the approval threshold'],
      ['4', 'accepted', '30.00', 'known only to Stripe'],
      ['5', 'rejected', '', 'more than remains'],
      ['6', 'error', '', 'too many decimals'],
    ]);
    const refunds = await db.query<{ metadata: Record<string, string> }>(
      'SELECT metadata FROM refunds WHERE metadata ->> $1 = $2',
      ['refundry_batch_id', batch.id],
    );
    expect(refunds).toHaveLength(3);

    // The same file again: every row that made a refund is recognised; nothing is refunded twice.
    const before = await refundCount();
    const again = (await request('POST', '/refund-batches', csv)).json();
    expect(await worker(gateway).runOnce()).toBe(again.id);
    const second = (await request('GET', `/refund-batches/${again.id}`)).json();
    expect(second.counts).toEqual({ already_imported: 3, rejected: 1, error: 1 });
    expect(await refundCount()).toBe(before);

    const list = (await request('GET', '/refund-batches?limit=1')).json();
    expect(list.data.map((b: { id: string }) => b.id)).toEqual([again.id]);
    expect(list.has_more).toBe(true);
  });

  it('a dry run as JSON rows decides every row and changes no refund', async () => {
    const before = await refundCount();
    const res = await request('POST', '/refund-batches', {
      dry_run: true,
      rows: [
        { payment_id: payments[1]!, amount: '70.00', reason: 'duplicate' },
        { payment_id: payments[1]!, amount: '40.00', reason: 'duplicate' },
        { payment_id: payments[1]!, amount: 'all', reason: 'duplicate' },
        { payment_id: 'pay_missing', amount: '1', reason: 'duplicate' },
      ],
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ dry_run: true, source: 'json', total: 4 });
    expect(await worker(gateway).runOnce()).toBe(res.json().id);
    const rows = (await request('GET', `/refund-batches/${res.json().id}/rows`)).json();
    expect(rows.data.map((r: { outcome: string; amount: number | null }) => [r.outcome, r.amount])).toEqual([
      ['would_need_approval', 7_000],
      ['would_reject', 4_000],
      ['would_accept', 3_000],
      ['error', null],
    ]);
    expect(await refundCount()).toBe(before);
  });

  it('reads an amount only when it is unambiguous: 5,00 and 1_000 are refused per row with the reason', async () => {
    const csv = [
      'payment_id,amount,reason',
      `${payments[1]},"5,00",duplicate`,
      `${payments[1]},1_000,duplicate`,
      `${payments[1]},1 000,duplicate`,
      `${payments[1]},12.50,duplicate`,
      `${payments[1]},"1,000.50",duplicate`,
    ].join('\n');
    const res = await request('POST', '/refund-batches?dry_run=true', csv);
    expect(res.statusCode).toBe(202);
    expect(await worker(gateway).runOnce()).toBe(res.json().id);
    const rows = (await request('GET', `/refund-batches/${res.json().id}/rows`)).json().data;
    expect(
      rows.map((r: { outcome: string; error_code: string | null; amount: number | null }) => [
        r.outcome,
        r.error_code,
        r.amount,
      ]),
    ).toEqual([
      ['error', 'invalid_amount', null],
      ['error', 'invalid_amount', null],
      ['error', 'invalid_amount', null],
      ['would_accept', null, 1_250],
      // Read as 1000.50 exactly (more than the payment's 100.00), never as 100050 or 1.0005.
      ['would_reject', 'amount_exceeds_remaining', 100_050],
    ]);
    expect(rows[0].message).toBe(
      "The amount '5,00' is ambiguous: write it with a point for decimals and, if you like, commas between thousands (e.g. 1,000.50 or 1000.50).",
    );
  });

  it('applies the policy settings an admin stored, in dry and real runs alike', async () => {
    await savePolicySettings(db, { blockedReasons: ['fraudulent'], approvalThreshold: 100 }, 'test');
    try {
      const rows = [
        { payment_id: payments[1]!, amount: '1.00', reason: 'fraudulent' },
        { payment_id: payments[1]!, amount: '2.00', reason: 'duplicate' },
      ];
      const outcomes = [];
      for (const dry_run of [true, false]) {
        const batch = (await request('POST', '/refund-batches', { dry_run, rows })).json();
        expect(await worker(gateway).runOnce()).toBe(batch.id);
        const res = (await request('GET', `/refund-batches/${batch.id}/rows`)).json();
        outcomes.push(
          res.data.map((r: { outcome: string; error_code: string | null }) => [r.outcome, r.error_code]),
        );
      }
      expect(outcomes).toEqual([
        [
          ['would_reject', 'reason_blocked'],
          ['would_need_approval', null],
        ],
        [
          ['rejected', 'reason_blocked'],
          ['needs_approval', null],
        ],
      ]);
    } finally {
      await savePolicySettings(db, { blockedReasons: null, approvalThreshold: null }, 'test');
    }
  });

  it('refuses bad batches with a 4xx naming the problem', async () => {
    const header = await request('POST', '/refund-batches', 'payment,amount\npay_1,5\n');
    expect(header.statusCode).toBe(400);
    expect(header.json().error).toMatchObject({ code: 'invalid_csv', param: 'body' });
    expect(header.json().error.message).toContain("unknown column 'payment'");
    expect(header.json().error.expected_columns).toContain('payment_id');

    const numeric = await request('POST', '/refund-batches', {
      rows: [{ payment_id: 'pay_1', amount: 12.5, reason: 'duplicate' }],
    });
    expect(numeric.statusCode).toBe(400);
    expect(numeric.json().error).toMatchObject({ code: 'invalid_request', param: 'rows.0.amount' });

    const empty = await request('POST', '/refund-batches', { rows: [] });
    expect(empty.json().error).toMatchObject({ code: 'invalid_request', param: 'rows' });
    const unknown = await request('POST', '/refund-batches', {
      rows: [{ payment_id: 'x', amount: '1', reason: 'duplicate', colour: 'red' }],
    });
    expect(unknown.statusCode).toBe(400);

    const forbidden = await request(
      'POST',
      '/refund-batches',
      'payment_id,amount,reason\npay_1,5,duplicate\n',
      readKey,
    );
    expect(forbidden.statusCode).toBe(403);
    expect((await request('GET', '/refund-batches/bat_nope')).statusCode).toBe(404);
    expect((await request('GET', '/refund-batches/bat_nope/rows.csv')).statusCode).toBe(404);
    expect((await request('GET', '/refund-batches/bat_nope/rows')).json().error.code).toBe('not_found');
  });

  it('a retried submission with the same Idempotency-Key returns the batch already made', async () => {
    const csv = `payment_id,amount,reason\n${payments[1]},1.00,duplicate\n`;
    const send = (body: string, key: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/refund-batches',
        headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'text/csv', 'idempotency-key': key },
        payload: body,
      });
    const first = await send(csv, 'upload-1');
    expect(first.statusCode).toBe(202);
    const again = await send(csv, 'upload-1');
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    const other = await send(`${csv}${payments[1]},2.00,duplicate\n`, 'upload-1');
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('idempotency_conflict');
    const stored = await db.query("SELECT id FROM refund_batches WHERE idempotency_key = 'upload-1'");
    expect(stored).toHaveLength(1);
    // Processed once so later tests see no open batch.
    expect(await worker(gateway).runOnce()).toBe(first.json().id);
  });

  it('a batch held by a hung worker is taken over when its lease expires; every row is decided once', async () => {
    const pis = [];
    for (let i = 0; i < 2; i++) {
      pis.push(
        (
          await sb.stripe.paymentIntents.create({
            amount: 1_500,
            currency: 'usd',
            payment_method: 'pm_card_visa',
            confirm: true,
          })
        ).id,
      );
    }
    const csv = [
      'payment_id,stripe_id,amount,reason',
      `${payments[2]},,5.00,duplicate`,
      `,${pis[0]},all,duplicate`,
      `${payments[2]},,5.00,duplicate`,
      `,${pis[1]},all,duplicate`,
      `${payments[2]},,5.00,duplicate`,
    ].join('\n');
    const batch = (await request('POST', '/refund-batches', csv)).json();
    const hung = gated(gateway);
    const a = worker(hung.gateway, { leaseMs: 300, workerId: 'a' });
    const b = worker(gateway, { leaseMs: 5_000, workerId: 'b' });
    const runningA = a.runOnce();
    await waitFor(async () => hung.waiting() > 0, 10_000, 10);
    // While A's lease is live nobody else takes the batch.
    expect(await b.runOnce()).toBeUndefined();
    await new Promise((r) => setTimeout(r, 350));
    expect(await b.runOnce()).toBe(batch.id);
    // A wakes up: its late row must not be recorded twice nor refunded twice.
    hung.release();
    await runningA;
    const done = (await request('GET', `/refund-batches/${batch.id}`)).json();
    expect(done).toMatchObject({ status: 'completed', processed: 5, counts: { accepted: 5 } });
    const made = await db.query('SELECT id FROM refunds WHERE metadata ->> $1 = $2', [
      'refundry_batch_id',
      batch.id,
    ]);
    expect(made).toHaveLength(5);
    const rows = (await request('GET', `/refund-batches/${batch.id}/rows`)).json();
    expect(new Set(rows.data.map((r: { refund_id: string }) => r.refund_id)).size).toBe(5);
  });

  it('a connection dropped mid-batch (a database restart) never fails the batch; it carries on where it stopped', async () => {
    const fresh: string[] = [];
    for (let i = 0; i < 2; i++) {
      const c = await sb.stripe.charges.create({ amount: 1_000, currency: 'usd', source: 'tok_visa' });
      fresh.push((await registerStripeId(db, sb.stripe, c.id)).id);
    }
    const csv = [
      'payment_id,amount,reason',
      `${fresh[0]},1.00,duplicate`,
      `${fresh[1]},1.00,duplicate`,
      `${fresh[0]},1.00,duplicate`,
    ].join('\n');
    const batch = (await request('POST', '/refund-batches', csv)).json();
    // The third transaction (the second row's refund) loses its connection; the database is back
    // at once, so a batch counted as failed could be stored as failed.
    let transactions = 0;
    const lost = new DatabaseUnavailableError(
      new Error('terminating connection due to administrator command'),
    );
    const flaky: Db = {
      ...db,
      transaction: (fn) => (++transactions === 3 ? Promise.reject(lost) : db.transaction(fn)),
    };
    const w = createBatchWorker({
      db: flaky,
      gateway,
      settings: SETTINGS,
      logger: silentLogger(),
      chunkSize: 1,
      maxAttempts: 1,
    });
    expect(await w.runOnce()).toBe(batch.id);
    const given = (await request('GET', `/refund-batches/${batch.id}`)).json();
    expect(given.processed).toBe(1);
    expect(['queued', 'running']).toContain(given.status);
    expect(await w.runOnce()).toBe(batch.id);
    const done = (await request('GET', `/refund-batches/${batch.id}`)).json();
    expect(done).toMatchObject({ status: 'completed', processed: 3, counts: { accepted: 3 } });
  });
});
