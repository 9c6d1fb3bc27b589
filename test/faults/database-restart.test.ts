// Refundry rides through its database's faults (issue #16). The real `refundry serve` runs on a
// private PostgreSQL server that these tests restart (`-m fast`, `-m immediate`) and stop for 20 s
// while refunds drain, API clients keep asking and Stripe sends webhooks. The process must never
// exit; requests during an outage get a quick 503 database_unavailable with Retry-After; every
// accepted refund reaches its final status with exactly one Stripe refund; no webhook is lost.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhooksFor } from '../../src/sandbox/webhooks/webhooks.ts';
import { REFUND_EVENT_TYPES } from '../../src/stripe-sync/event-store.ts';
import { postgresInstalled, type RestartablePostgres, startPostgres } from '../support/postgres-server.ts';
import { stripeRefundsByRefundryId } from '../worker/helpers.ts';
import {
  type Answer,
  charges,
  type Rig,
  requestRefund,
  startRig,
  startTraffic,
  unfinished,
  waitFor,
} from './harness.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every answer is a success or our 503; none hung; returns the 503s. */
function expectOnlyOutageAnswers(answers: Answer[], okStatuses: number[]) {
  const unexpected = answers.filter(
    (a) => !okStatuses.includes(a.status) && !(a.status === 503 && a.kind === 'readyz'),
  );
  const bad = unexpected.filter((a) => !(a.status === 503 && a.code === 'database_unavailable'));
  expect(bad, 'answers other than success or 503 database_unavailable').toEqual([]);
  for (const a of unexpected) expect(a.retryAfter).toMatch(/^\d+$/);
  const slowest = Math.max(...answers.map((a) => a.ms));
  return { unavailable: unexpected, slowest };
}

/** Every refund in the database succeeded at Stripe exactly once, and is the one Stripe has. */
async function expectEachSentOnce(rig: Rig, accepted: string[]) {
  const rows = await rig.db.query<{ id: string; status: string; stripe_refund_id: string | null }>(
    'SELECT id, status, stripe_refund_id FROM refunds',
  );
  const ids = new Set(rows.map((r) => r.id));
  // Every refund a client was told about (201) is there; some whose COMMIT's answer was lost in a
  // restart may be there too (the client saw a 503), and they must be sent once as well.
  for (const id of accepted) expect(ids.has(id), `accepted refund ${id} is stored`).toBe(true);
  const groups = await stripeRefundsByRefundryId(rig.sb.stripe);
  const duplicates = [...groups.entries()].filter(([, g]) => g.length > 1);
  expect(duplicates, 'Refundry refunds with more than one Stripe refund').toEqual([]);
  for (const row of rows) {
    expect(row.status, `refund ${row.id}`).toBe('succeeded');
    expect(groups.get(row.id), `Stripe refunds of ${row.id}`).toEqual([row.stripe_refund_id]);
  }
  expect(groups.size).toBe(rows.length);
  return rows.length;
}

describe.runIf(postgresInstalled() || process.env.CI)('riding through database faults (PostgreSQL)', () => {
  let server: RestartablePostgres;
  const rigs: Rig[] = [];
  beforeAll(async () => {
    const started = await startPostgres({ durableCommits: true });
    if (!started) throw new Error('PostgreSQL is not installed: the fault tests cannot run');
    server = started;
  });
  afterAll(async () => {
    for (const rig of rigs) await rig.close().catch(() => {});
    await server?.stop();
  });

  it('restarts (-m fast, -m immediate, twice each) during a drain with API traffic: the service stays up and sends each refund once', async () => {
    const rig = await startRig(server, {
      env: { STRIPE_RATE_LIMIT: '10', STRIPE_CONCURRENCY: '8' },
    });
    rigs.push(rig);
    const chargeIds = await charges(rig.sb, 10);
    // A backlog that takes ~25 s to drain at 10 requests/s, and more requests all along.
    const backlog: string[] = [];
    for (let i = 0; i < 250; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, (_, j) => requestRefund(rig, chargeIds[(i + j) % chargeIds.length]!)),
      );
      for (const a of batch) {
        expect(a.status, a.error ?? a.code).toBe(201);
        backlog.push(a.refundId!);
      }
    }
    const traffic = startTraffic(rig, chargeIds, { loops: 2, pauseMs: 250 });
    await sleep(1_500);
    const queuedBefore: number[] = [];
    for (const mode of ['fast', 'immediate', 'fast', 'immediate'] as const) {
      const [row] = await rig.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM refunds WHERE status = 'queued'",
      );
      queuedBefore.push(row?.n ?? 0);
      await server.restart(mode, 2_000);
      await sleep(2_500);
    }
    const answers = await traffic.stop();

    expect(rig.serve.exit(), rig.serve.output().slice(-4_000)).toBeUndefined();
    const { unavailable, slowest } = expectOnlyOutageAnswers(answers, [200, 201]);
    // Each restart hit a drain in progress; the outages were seen by clients, and answered fast
    // rather than left hanging.
    expect(
      queuedBefore.every((n) => n > 0),
      `queued before each restart: ${queuedBefore}`,
    ).toBe(true);
    expect(unavailable.filter((a) => a.kind !== 'readyz').length).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(5_000);
    const readyz = answers.filter((a) => a.kind === 'readyz');
    expect(readyz.some((a) => a.status === 503)).toBe(true);
    expect(readyz.at(-1)?.status).toBe(200);

    const accepted = [...backlog, ...answers.filter((a) => a.status === 201).map((a) => a.refundId!)];
    // The clients told 503 retry with the same Idempotency-Key: each gets its refund now, made
    // once (a request whose commit went through before its answer was lost is replayed).
    const retried = await Promise.all(
      answers
        .filter((a) => a.kind === 'create' && a.status === 503)
        .map((a) => requestRefund(rig, a.chargeId!, { idempotencyKey: a.idempotencyKey! })),
    );
    for (const a of retried) {
      expect(a.status, a.error ?? a.code).toBe(201);
      accepted.push(a.refundId!);
    }
    expect(new Set(accepted).size).toBe(accepted.length);
    await waitFor(async () => (await unfinished(rig.db)) === 0, 90_000, 'every refund to be final');
    expect(rig.serve.exit(), rig.serve.output().slice(-4_000)).toBeUndefined();
    const total = await expectEachSentOnce(rig, accepted);
    const [attempts] = await rig.db.query<{ retried: number }>(
      'SELECT count(*) FILTER (WHERE attempts > 1)::int AS retried FROM refunds',
    );
    console.log(
      `database restarts: ${total} refunds (${accepted.length} acknowledged), ` +
        `${unavailable.length} answers 503 during the outages, slowest answer ${slowest} ms, ` +
        `${attempts?.retried ?? 0} refunds needed a second claim; queued before each restart: ${queuedBefore.join(', ')}; ` +
        `${retried.length} requests retried after their 503 with the same Idempotency-Key (${retried.filter((a) => a.replayed).length} replayed)`,
    );
  }, 180_000);

  it('a 20 s outage during acceptance and a webhook burst: quick 503s, Stripe retries, no event lost', async () => {
    const rig = await startRig(server, {
      // Webhooks are the only way news arrives: no backfill, no polling within the test.
      env: { STRIPE_RATE_LIMIT: '50', BACKFILL_INTERVAL_S: '0', POLL_AFTER_S: '3600' },
      sandbox: { settleDelayMs: 5_000, webhookRetryBaseMs: 1_000, webhookMaxAttempts: 10 },
    });
    rigs.push(rig);
    const pendingCharges = await charges(rig.sb, 6, 'tok_pendingRefund');
    // Refunds that Stripe leaves pending and settles ~5 s later, while the database is away. (Sending
    // 40 takes under a second; on a loaded machine the first may settle before the last is sent,
    // so "sent" is pending or already settled.)
    const accepted: string[] = [];
    for (let i = 0; i < 40; i++) {
      const a = await requestRefund(rig, pendingCharges[i % pendingCharges.length]!);
      expect(a.status, a.error ?? a.code).toBe(201);
      accepted.push(a.refundId!);
    }
    await waitFor(
      async () => {
        const [row] = await rig.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM refunds WHERE status IN ('pending', 'succeeded')",
        );
        return row?.n === accepted.length;
      },
      30_000,
      'every refund to be sent (pending at Stripe)',
    );
    const traffic = startTraffic(rig, pendingCharges, { loops: 2 });
    await sleep(300);
    await server.halt('fast');
    const downAt = Date.now();
    // A delivery while the database is away is refused with our 503, so Stripe retries it.
    await sleep(2_000);
    const payload = JSON.stringify({
      id: 'evt_faults_probe',
      object: 'event',
      type: 'refund.updated',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 're_faults_probe', object: 'refund' } },
    });
    const delivery = await fetch(`${rig.serve.baseUrl}/webhooks/stripe`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: rig.webhookSecret }),
      },
      body: payload,
      signal: AbortSignal.timeout(5_000),
    });
    expect(delivery.status).toBe(503);
    expect(delivery.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await delivery.json()) as { error: { code: string } }).error.code).toBe('database_unavailable');
    await sleep(18_000);
    const webhookStats = { ...webhooksFor(rig.sb.sandbox).stats };
    await server.resume();
    await sleep(3_000);
    const answers = await traffic.stop();

    expect(rig.serve.exit(), rig.serve.output().slice(-4_000)).toBeUndefined();
    const { unavailable, slowest } = expectOnlyOutageAnswers(answers, [200, 201]);
    // From just after the server was down until just before it was started again.
    const down = downAt - traffic.startedAt;
    const duringOutage = answers.filter(
      (a) => a.kind !== 'readyz' && a.at > down + 500 && a.at < down + 19_500,
    );
    expect(duringOutage.length).toBeGreaterThan(10);
    expect(duringOutage.every((a) => a.status === 503 && a.code === 'database_unavailable')).toBe(true);
    expect(slowest).toBeLessThan(5_000);
    expect(answers.filter((a) => a.kind === 'readyz').at(-1)?.status).toBe(200);
    // The receiver refused the deliveries it could not store (Stripe saw failures) …
    expect(webhookStats.failedAttempts).toBeGreaterThan(0);

    for (const a of answers) if (a.status === 201) accepted.push(a.refundId!);
    await waitFor(async () => (await unfinished(rig.db)) === 0, 60_000, 'every refund to be final');
    // … and stored every event once Stripe retried: each refund learned it succeeded from its
    // webhook (nothing else could tell it), and no delivery was given up.
    const stats = webhooksFor(rig.sb.sandbox).stats;
    expect(stats.gaveUp).toBe(0);
    const missing = await rig.db.query<{ id: string }>(
      `SELECT r.id FROM refunds r WHERE r.status = 'succeeded' AND NOT EXISTS (
         SELECT 1 FROM refund_history h WHERE h.refund_id = r.id AND h.to_status = 'succeeded' AND h.stripe_event_id IS NOT NULL)
         AND r.id = ANY($1)`,
      [accepted.slice(0, 40)],
    );
    expect(missing).toEqual([]);
    // Every refund event Stripe sent to the endpoint is stored.
    const sent: string[] = [];
    for await (const event of rig.sb.stripe.events.list({ limit: 100 })) {
      if (REFUND_EVENT_TYPES.includes(event.type)) sent.push(event.id);
    }
    const stored = await rig.db.query<{ id: string }>('SELECT id FROM stripe_events WHERE id = ANY($1)', [
      sent,
    ]);
    expect(sent.length).toBeGreaterThan(40);
    expect(stored.length).toBe(sent.length);
    await expectEachSentOnce(rig, accepted);
    expect(rig.serve.exit()).toBeUndefined();
    console.log(
      `20 s outage: ${unavailable.length} answers 503 (slowest answer ${slowest} ms); webhooks: ` +
        `${stats.failedAttempts} deliveries refused and retried, ${stats.delivered} delivered, ` +
        `${stats.gaveUp} given up; back ${((Date.now() - downAt) / 1000).toFixed(1)} s after the stop`,
    );
  }, 150_000);
});
