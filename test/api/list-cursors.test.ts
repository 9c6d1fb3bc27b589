// Every list pages exactly (issue #16): with many rows created in the same millisecond (a few
// microseconds apart, some at the very same microsecond), paging forwards with starting_after and
// backwards with ending_before, at any page size, lists each row exactly once, in the database's
// own newest-first order. Through the HTTP routes, on both engines; the CSV export too.

import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { createServiceApp } from '../../src/service/app.ts';
import { newId } from '../../src/shared/ids.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { StripeGateway } from '../../src/stripe/gateway.ts';
import { createTestDb, engines } from '../support/databases.ts';

const gateway: StripeGateway = {
  createRefund: async () => {
    throw new Error('not used');
  },
  retrieveRefund: async () => {
    throw new Error('not used');
  },
  findRefundByRefundryId: async () => undefined,
  retrievePayment: async () => undefined,
  async *listRefunds() {},
};

/** One millisecond, and microsecond offsets inside it. */
const BASE = '2026-03-01T12:00:00.123Z';
const createdAt = `timestamptz '${BASE}' + t.us * interval '1 microsecond'`;

interface ListCase {
  name: string;
  /** The table, for the database's own order. */
  table: string;
  /** Inserts rows with these ids and microsecond offsets; returns the list's URL (no cursor). */
  insert(db: Db, ids: string[], micros: number[]): Promise<{ url: string; scope: string }>;
}

const LISTS: ListCase[] = [
  {
    name: 'refunds',
    table: 'refunds',
    async insert(db, ids, micros) {
      const pay = newId('pay');
      await db.query(
        `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at) VALUES ($1, $2, 1000000, 'usd', now())`,
        [pay, `ch_${pay}`],
      );
      await db.query(
        `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, created_at)
         SELECT t.id, $3, 100, 'usd', 'duplicate', 'succeeded', 'test', 'k_' || t.id, ${createdAt}
         FROM unnest($1::text[], $2::int[]) AS t(id, us)`,
        [ids, micros, pay],
      );
      return { url: `/refunds?payment_id=${pay}`, scope: `payment_id = '${pay}'` };
    },
  },
  {
    name: 'payments',
    table: 'payments',
    async insert(db, ids, micros) {
      const order = newId('ord');
      await db.query(
        `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at, order_id, created_at)
         SELECT t.id, 'ch_' || t.id, 1000, 'usd', now(), $3, ${createdAt}
         FROM unnest($1::text[], $2::int[]) AS t(id, us)`,
        [ids, micros, order],
      );
      return { url: `/payments?q=${order}`, scope: `order_id = '${order}'` };
    },
  },
  {
    name: 'notifications',
    table: 'notifications',
    async insert(db, ids, micros) {
      const pay = newId('pay');
      const refund = newId('rf');
      await db.query(
        `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at) VALUES ($1, $2, 1000, 'usd', now())`,
        [pay, `ch_${pay}`],
      );
      await db.query(
        `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key)
         VALUES ($1, $2, 100, 'usd', 'duplicate', 'succeeded', 'test', $1)`,
        [refund, pay],
      );
      await db.query(
        `INSERT INTO notifications (id, refund_id, channel, kind, dedupe_key, recipient, payload, status, created_at)
         SELECT t.id, $3, 'email', 'refund_succeeded', t.id, 'a@example.com', '{}', 'sent', ${createdAt}
         FROM unnest($1::text[], $2::int[]) AS t(id, us)`,
        [ids, micros, refund],
      );
      return { url: `/notifications?refund_id=${refund}`, scope: `refund_id = '${refund}'` };
    },
  },
  {
    name: 'refund batches',
    table: 'refund_batches',
    async insert(db, ids, micros) {
      await db.query('DELETE FROM refund_batches');
      await db.query(
        `INSERT INTO refund_batches (id, status, dry_run, created_by, source, total, created_at)
         SELECT t.id, 'completed', false, 'test', 'csv', 0, ${createdAt}
         FROM unnest($1::text[], $2::int[]) AS t(id, us)`,
        [ids, micros],
      );
      return { url: '/refund-batches?', scope: 'true' };
    },
  },
  {
    name: 'reconciliation runs',
    table: 'reconciliation_runs',
    async insert(db, ids, micros) {
      await db.query('DELETE FROM reconciliation_runs');
      await db.query(
        `INSERT INTO reconciliation_runs (id, window_start, window_end, status, triggered_by, created_at)
         SELECT t.id, now() - interval '1 day', now(), 'completed', 'cli', ${createdAt}
         FROM unnest($1::text[], $2::int[]) AS t(id, us)`,
        [ids, micros],
      );
      return { url: '/reconciliation/runs?', scope: 'true' };
    },
  },
];

/** Rows of one millisecond: offsets drawn from a few values, so equal created_at values are common. */
const rowsArb = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 999 }), fc.constantFrom(0, 1, 2, 500, 999)), {
    minLength: 1,
    maxLength: 40,
  })
  .map((micros) => ({ micros, ids: micros.map(() => newId('x')) }));

describe.each(engines())('list cursors on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  let key: string;

  beforeAll(async () => {
    db = await createTestDb(engine);
    app = await createServiceApp({
      db,
      gateway,
      config: { policy: { refundWindowDays: 90, approvalThreshold: 50_000 } },
      logger: silentLogger(),
      dashboardDir: false,
    });
    key = (await createApiKey(db, { name: 'reader', scopes: ['refunds:read', 'payments:read', 'admin'] }))
      .key;
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const get = async (url: string) => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${key}` },
    });
    return {
      status: res.statusCode,
      body: res.json() as {
        data: { id: string }[];
        has_more: boolean;
        error?: { code: string; param?: string };
      },
    };
  };

  it.each(LISTS)('$name: forwards and backwards, each row exactly once', async (list) => {
    await fc.assert(
      fc.asyncProperty(rowsArb, fc.integer({ min: 1, max: 12 }), async ({ ids, micros }, limit) => {
        const { url, scope } = await list.insert(db, ids, micros);
        const expected = (
          await db.query<{ id: string }>(
            `SELECT id FROM ${list.table} WHERE ${scope} ORDER BY created_at DESC, id DESC`,
          )
        ).map((r) => r.id);
        expect(new Set(expected)).toEqual(new Set(ids));

        // Forwards: the first page, then starting_after the last id of each page.
        const forwards: string[] = [];
        let cursor: string | undefined;
        for (let pages = 0; ; pages++) {
          const page = await get(`${url}&limit=${limit}${cursor ? `&starting_after=${cursor}` : ''}`);
          expect(page.status).toBe(200);
          forwards.push(...page.body.data.map((r) => r.id));
          if (!page.body.has_more) break;
          cursor = page.body.data.at(-1)!.id;
          expect(pages).toBeLessThan(ids.length);
        }
        expect(forwards).toEqual(expected);

        // Backwards from the oldest row: ending_before the first id of each page.
        const backwards: string[][] = [];
        cursor = expected.at(-1)!;
        for (let pages = 0; ; pages++) {
          const page = await get(`${url}&limit=${limit}&ending_before=${cursor}`);
          expect(page.status).toBe(200);
          const got = page.body.data.map((r) => r.id);
          backwards.unshift(got);
          if (!page.body.has_more || got.length === 0) break;
          cursor = got[0]!;
          expect(pages).toBeLessThan(ids.length);
        }
        expect([...backwards.flat(), expected.at(-1)]).toEqual(expected);
      }),
      { numRuns: 12 },
    );
  });

  it.each(LISTS)(
    '$name: an unknown cursor is a 404 naming it, both directions at once a 400',
    async (list) => {
      const { url } = await list.insert(db, [newId('x')], [0]);
      for (const param of ['starting_after', 'ending_before']) {
        const res = await get(`${url}&${param}=nope_123`);
        expect(res.status).toBe(404);
        expect(res.body.error).toMatchObject({ code: 'not_found', param });
      }
      const both = await get(`${url}&starting_after=a&ending_before=b`);
      expect(both.status).toBe(400);
      expect(both.body.error).toMatchObject({ code: 'invalid_request', param: 'ending_before' });
    },
  );

  it('the CSV export lists each of 1,200 refunds of one millisecond exactly once (its pages are 500)', async () => {
    const micros = Array.from({ length: 1_200 }, (_, i) => (i * 7) % 1000);
    const ids = micros.map(() => newId('rf'));
    const { url } = await LISTS[0]!.insert(db, ids, micros);
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/refunds/export.csv?${url.split('?')[1]}`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.statusCode).toBe(200);
    const listed = res.body
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(listed).toHaveLength(ids.length);
    expect(new Set(listed)).toEqual(new Set(ids));
  });
});
