// The fault tests' rig: a private PostgreSQL server they may restart, the Stripe sandbox in this
// process (so its webhook statistics can be read), the real `refundry serve` as a child process, an
// API key, and a traffic generator that records every answer and how long it took.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type Stripe from 'stripe';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import type { SandboxOptions } from '../../src/sandbox/server.ts';
import { REFUND_EVENT_TYPES } from '../../src/stripe-sync/event-store.ts';
import { freePort, type RestartablePostgres } from '../support/postgres-server.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { type ServeProcess, startServe } from '../support/serve-process.ts';

export interface Rig {
  db: Db;
  sb: TestSandbox;
  serve: ServeProcess;
  apiKey: string;
  /** The signing secret of the sandbox's webhook endpoint pointing at the service. */
  webhookSecret: string;
  /** Everything to stop, in order. */
  close(): Promise<void>;
}

let databases = 0;

/** A fresh database on `server`, the sandbox, and `refundry serve` on both with its webhooks wired. */
export async function startRig(
  server: RestartablePostgres,
  options: { env?: Record<string, string>; sandbox?: SandboxOptions } = {},
): Promise<Rig> {
  const name = `faults_${process.pid}_${++databases}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 4);
  await migrate(db);
  const { key } = await createApiKey(db, {
    name: 'faults',
    scopes: ['refunds:read', 'refunds:write', 'payments:read', 'payments:write'],
  });
  const sb = await startTestSandbox({ settleDelayMs: 1_000, ...options.sandbox });
  const port = await freePort();
  const endpoint = await sb.stripe.webhookEndpoints.create({
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    enabled_events: [...REFUND_EVENT_TYPES] as Stripe.WebhookEndpointCreateParams.EnabledEvent[],
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'refundry-faults-'));
  let serve: ServeProcess;
  try {
    serve = await startServe({
      DATABASE_URL: url.toString(),
      HOST: '127.0.0.1',
      PORT: String(port),
      STRIPE_SECRET_KEY: 'sk_test_faults',
      STRIPE_API_BASE: sb.url,
      STRIPE_WEBHOOK_SECRET: endpoint.secret!,
      REFUNDRY_DATA_DIR: dataDir,
      RECONCILE_AT: 'off',
      LOG_LEVEL: 'warn',
      ...options.env,
    });
  } catch (error) {
    await sb.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    db,
    sb,
    serve,
    apiKey: key,
    webhookSecret: endpoint.secret!,
    async close() {
      await serve.stop();
      await sb.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Card charges at the sandbox, each big enough for many small refunds. */
export async function charges(sb: TestSandbox, count: number, source = 'tok_visa'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await sb.stripe.charges.create({ amount: 100_000, currency: 'usd', source })).id);
  }
  return ids;
}

export interface Answer {
  kind: 'create' | 'list' | 'readyz';
  /** ms since the traffic started */
  at: number;
  ms: number;
  /** 0: no HTTP answer (refused, reset, or no answer within the timeout). */
  status: number;
  code?: string | undefined;
  retryAfter?: string | null;
  refundId?: string | undefined;
  /** The refund request's Idempotency-Key and charge, to retry it as a client would. */
  idempotencyKey?: string | undefined;
  chargeId?: string | undefined;
  replayed?: boolean;
  error?: string | undefined;
}

async function call(
  kind: Answer['kind'],
  url: string,
  init: RequestInit,
  started: number,
  timeoutMs: number,
): Promise<Answer> {
  const t0 = Date.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json().catch(() => ({}))) as { id?: string; error?: { code?: string } };
    return {
      kind,
      at: t0 - started,
      ms: Date.now() - t0,
      status: res.status,
      code: body.error?.code,
      retryAfter: res.headers.get('retry-after'),
      refundId: res.status === 201 ? body.id : undefined,
      replayed: res.headers.get('idempotent-replayed') === 'true',
    };
  } catch (error) {
    return { kind, at: t0 - started, ms: Date.now() - t0, status: 0, error: String(error) };
  }
}

/** POST /api/v1/refunds of 1.00 on one of the charges (by Stripe id), with an Idempotency-Key. */
export async function requestRefund(
  rig: Rig,
  chargeId: string,
  options: { started?: number; timeoutMs?: number; idempotencyKey?: string } = {},
): Promise<Answer> {
  const idempotencyKey = options.idempotencyKey ?? `faults_${randomUUID()}`;
  const answer = await call(
    'create',
    `${rig.serve.baseUrl}/api/v1/refunds`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${rig.apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify({ stripe_id: chargeId, amount: 100, reason: 'requested_by_customer' }),
    },
    options.started ?? Date.now(),
    options.timeoutMs ?? 15_000,
  );
  return { ...answer, idempotencyKey, chargeId };
}

export interface Traffic {
  /** Date.now() when it started: Answer.at counts from here. */
  startedAt: number;
  answers: Answer[];
  stop(): Promise<Answer[]>;
}

/**
 * `loops` concurrent clients, each asking for a refund then reading the list (then pausing
 * `pauseMs`), and one probe of /readyz every 250 ms, until stop(). Each request gives up after
 * `timeoutMs` (recorded as 0).
 */
export function startTraffic(
  rig: Rig,
  chargeIds: string[],
  options: { loops?: number; pauseMs?: number; timeoutMs?: number } = {},
): Traffic {
  const { loops = 3, pauseMs = 50, timeoutMs = 15_000 } = options;
  const started = Date.now();
  const answers: Answer[] = [];
  let stopping = false;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const client = async (n: number) => {
    for (let i = 0; !stopping; i++) {
      const charge = chargeIds[(n + i * loops) % chargeIds.length]!;
      answers.push(await requestRefund(rig, charge, { started, timeoutMs }));
      answers.push(
        await call(
          'list',
          `${rig.serve.baseUrl}/api/v1/refunds?limit=10`,
          { headers: { authorization: `Bearer ${rig.apiKey}` } },
          started,
          timeoutMs,
        ),
      );
      await pause(pauseMs);
    }
  };
  const probe = async () => {
    while (!stopping) {
      answers.push(await call('readyz', `${rig.serve.baseUrl}/readyz`, {}, started, timeoutMs));
      await pause(250);
    }
  };
  const running = Promise.all([...Array.from({ length: loops }, (_, n) => client(n)), probe()]);
  return {
    startedAt: started,
    answers,
    async stop() {
      stopping = true;
      await running;
      return answers;
    },
  };
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, stepMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await check().catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Refunds in the database not yet in a final status. */
export async function unfinished(db: Db): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM refunds WHERE status NOT IN ('succeeded', 'failed', 'canceled', 'rejected')`,
  );
  return row?.n ?? -1;
}
