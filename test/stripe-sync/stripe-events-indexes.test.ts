// Migration 018p drops the two indexes of stripe_events no statement read. What reads the table
// still reads an index, with the generic plan both engines keep for a prepared statement, and a
// duplicate delivery is still stored once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { STRIPE_EVENT_TYPES } from '../../src/stripe-sync/event-store.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { genericPlan } from '../support/generic-plan.ts';

describe.each(engines())('stripe_events indexes on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(engine);
  });
  afterAll(async () => db?.close());

  it('keeps only the primary key and the unapplied events: an event costs two index entries when stored, one when applied', async () => {
    const rows = await db.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'stripe_events' ORDER BY indexname",
    );
    expect(rows.map((r) => r.indexname)).toEqual(['stripe_events_pkey', 'stripe_events_unapplied']);
  });

  it.each([
    [
      "the applier's claim",
      `SELECT id FROM stripe_events WHERE applied_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
       ORDER BY created, object_id, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      'int',
      '25',
      'stripe_events_unapplied',
    ],
    [
      'the batch marked applied',
      `UPDATE stripe_events e SET applied_at = now() FROM jsonb_to_recordset($1::jsonb) AS v(id text, result text)
       WHERE e.id = v.id AND e.id = ANY($2::text[])`,
      'text, text[]',
      `'[{"id":"evt_1","result":"applied"}]', '{evt_1}'`,
      'stripe_events_pkey',
    ],
    [
      'events waiting for a payment fetched from Stripe',
      `UPDATE stripe_events SET next_attempt_at = NULL WHERE applied_at IS NULL AND result = 'unknown_payment'
         AND (payload->'data'->'object'->>'payment_intent' = $1 OR payload->'data'->'object'->>'charge' = $1)`,
      'text',
      "'ch_1'",
      'stripe_events_unapplied',
    ],
  ])('%s reads its index', async (_, sql, types, args, index) => {
    expect(await genericPlan(db, sql, types, args)).toMatch(
      new RegExp(`(Index|Bitmap Index) (Only )?Scan on ${index}\\b|using ${index}\\b`),
    );
  });

  it('a duplicate delivery is still stored once (the primary key)', async () => {
    const insert = () =>
      db.query(
        `INSERT INTO stripe_events (id, type, created, payload, source, object_id)
         VALUES ('evt_dup', 'refund.updated', now(), '{}', 'webhook', 're_1') ON CONFLICT (id) DO NOTHING RETURNING 1`,
      );
    expect(await insert()).toHaveLength(1);
    expect(await insert()).toHaveLength(0);
    expect(STRIPE_EVENT_TYPES).toContain('refund.updated');
  });
});
