// POST /refunds serializes its answer once: the JSON stored under the Idempotency-Key is the JSON
// sent, byte for byte what Fastify would write for the body, with the same headers as any JSON
// answer; a replay answers the same.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { getRefund, serializeRefund } from '../../src/refunds/refunds.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createTestDb, engines } from '../support/databases.ts';

/** The headers of a JSON answer, in the order they are written. */
const JSON_HEADERS = [
  'content-type',
  'x-content-type-options',
  'refundry-version',
  'cache-control',
  'content-length',
  'date',
  'connection',
];

describe.each(engines())('the answer of POST /refunds on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let key: string;
  let n = 0;

  beforeAll(async () => {
    db = await createTestDb(engine);
    app = await createServiceApp({
      db,
      gateway: {} as never,
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      dashboardDir: false,
    });
    key = (await createApiKey(db, { name: 'writer', scopes: ['refunds:write', 'refunds:read'] })).key;
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  async function payment(): Promise<string> {
    const id = `pay_bytes${++n}`;
    await db.query(
      `INSERT INTO payments (id, stripe_charge_id, customer_email, amount, currency, captured_at)
       VALUES ($1, $2, 'c@example.com', 10000, 'usd', now())`,
      [id, `ch_bytes${engine}${n}`],
    );
    return id;
  }
  const post = (body: unknown, idempotencyKey?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/refunds',
      headers: {
        authorization: `Bearer ${key}`,
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      payload: body as object,
    });
  const stored = async (idempotencyKey: string) => {
    const [row] = await db.query<{ status_code: number; response: unknown }>(
      'SELECT status_code, response FROM api_idempotency WHERE key = $1',
      [idempotencyKey],
    );
    return row;
  };

  it.each([
    ['with', 'bytes-1'],
    ['without', undefined],
  ])(
    'a refund accepted %s an Idempotency-Key: the refund as stored, as JSON.stringify writes it',
    async (_, k) => {
      const body = {
        payment_id: await payment(),
        amount: 250,
        reason: 'other',
        note: 'Café "☕" \\ \u2028',
        metadata: { b: '2', a: 'é' },
      };
      const res = await post(body, k && `${k}-${engine}`);
      expect(res.statusCode).toBe(201);
      // The refund as stored, its metadata in the order the request gave it (read back, jsonb sorts it).
      const refund = serializeRefund((await getRefund(db, res.json().id))!);
      expect(res.body).toBe(JSON.stringify({ ...refund, metadata: { b: '2', a: 'é' } }));
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
      expect(Object.keys(res.headers)).toEqual(JSON_HEADERS);
      if (!k) return;
      // Stored under the key: the very answer sent, and a replay answers it.
      expect(await stored(`${k}-${engine}`)).toEqual({ status_code: 201, response: res.json() });
      const replay = await post(body, `${k}-${engine}`);
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(replay.json()).toEqual(res.json());
    },
  );

  it('a request the policy refuses: its 422 stored and sent alike', async () => {
    const p = await payment();
    const res = await post({ payment_id: p, amount: 20_000, reason: 'duplicate' }, `bytes-422-${engine}`);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Object.keys(res.headers)).toEqual(JSON_HEADERS);
    const body = res.json();
    expect(body.error.code).toBe('policy_violation');
    expect(body.error.payment_id).toBe(p);
    expect(res.body).toBe(JSON.stringify(body));
    expect(await stored(`bytes-422-${engine}`)).toEqual({ status_code: 422, response: body });
    const replay = await post({ payment_id: p, amount: 20_000, reason: 'duplicate' }, `bytes-422-${engine}`);
    expect(replay.statusCode).toBe(422);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(body);
  });
});
