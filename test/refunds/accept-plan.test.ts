// The look-up of stored Idempotency-Keys that every accepted group runs probes the primary key, key
// by key, even with a plan made while the table was empty and kept as it grew (both engines keep
// hot statements prepared; PGlite never re-plans them): a join there was a hash join over every
// stored key, once per group, slower with every refund accepted. The same holds for the group's
// payments, in its read and in its write: `id = ANY(ids)` planned while payments were few was a seq
// scan of every payment, in every group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import {
  LOCK_PAYMENTS_READING_KEYS,
  READ_PAYMENTS_READING_KEYS,
  WRITE_GROUP,
} from '../../src/refunds/request-refund.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { explainExecute, rolledBack } from '../support/generic-plan.ts';

describe.each(engines())('the stored-key look-up of an accepted group on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(engine);
  });
  afterAll(async () => db?.close());

  it.each([
    ['unlocked (the API)', READ_PAYMENTS_READING_KEYS],
    ['locked', LOCK_PAYMENTS_READING_KEYS],
  ])(
    '%s: reads api_idempotency through its primary key with the plan made when it was empty',
    async (_, sql) => {
      // Rolled back, so each case starts empty.
      const plan = await rolledBack(db, async (tx) => {
        await tx.query('SET LOCAL plan_cache_mode = force_generic_plan');
        await tx.query(`PREPARE look_up(text[], text[], text[]) AS ${sql}`);
        // The generic plan is made (and kept) on the first run, with the table empty.
        await tx.query(`EXECUTE look_up('{pay_x}', '{refunds:key_1}', '{k0}')`);
        await tx.query(
          `INSERT INTO api_idempotency (scope, key, request_hash)
           SELECT 'refunds:key_1', 'k' || i, 'h' FROM generate_series(1, 20000) AS i`,
        );
        return explainExecute(tx, 'look_up', "'{pay_x}', '{refunds:key_1,refunds:key_1}', '{k5,k7}'");
      });
      expect(plan).toMatch(/Index (Only )?Scan using api_idempotency_pkey/);
      expect(plan).not.toMatch(/Seq Scan on api_idempotency/);
    },
  );
});

describe.each(engines())('the payments of an accepted group on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(engine);
  });
  afterAll(async () => db?.close());

  it.each([
    [
      'its read, unlocked (the API)',
      READ_PAYMENTS_READING_KEYS,
      'text[], text[], text[]',
      "'{pay_p7,pay_p9}', '{}', '{}'",
    ],
    [
      'its read, locked',
      LOCK_PAYMENTS_READING_KEYS,
      'text[], text[], text[]',
      "'{pay_p7,pay_p9}', '{}', '{}'",
    ],
    [
      'its write',
      WRITE_GROUP,
      'text, text, text, text, text, text[], text[]',
      "'[]', '[]', '[]', '[]', '[]', '{pay_p7,pay_p9}', '{f7,f9}'",
    ],
  ])(
    '%s probes the payments by primary key with a plan made while there were 300',
    async (_, sql, types, args) => {
      const plan = await rolledBack(db, async (tx) => {
        await tx.query(
          `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at)
           SELECT 'pay_p' || i, 'ch_p' || i, 1000, 'usd', now() FROM generate_series(1, 300) AS i`,
        );
        await tx.query('ANALYZE payments');
        await tx.query('SET LOCAL plan_cache_mode = force_generic_plan');
        await tx.query(`PREPARE group_sql(${types}) AS ${sql}`);
        return explainExecute(tx, 'group_sql', args);
      });
      expect(plan).toMatch(/Index Scan using payments_pkey on payments/);
      expect(plan).not.toMatch(/Seq Scan on payments/);
    },
  );
});

describe.each(engines())('the statements of an accepted group on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(engine);
  });
  afterAll(async () => db?.close());

  const ids = `'{${Array.from({ length: 8 }, (_, i) => `pay_g${i}`).join(',')}}'`;
  const keys = `'{${Array.from({ length: 8 }, (_, i) => `gk${i}`).join(',')}}'`;
  const scopes = `'{${Array.from({ length: 8 }, () => 'refunds:key_1').join(',')}}'`;
  it.each([
    ['its read', READ_PAYMENTS_READING_KEYS, 'text[], text[], text[]', `${ids}, ${scopes}, ${keys}`],
    [
      'its write',
      WRITE_GROUP,
      'text, text, text, text, text, text[], text[]',
      "'[]', '[]', '[]', '[]', '[]', '{}', '{}'",
    ],
  ])('%s is planned once and its plan kept, for groups of any size', async (_, sql, types, args) => {
    // A custom plan (planned again for each run) shows the values it was planned for; the generic
    // plan, kept after the fifth run when it costs no more, shows the parameters.
    const plan = await rolledBack(db, async (tx) => {
      await tx.query(`PREPARE group_sql(${types}) AS ${sql}`);
      for (let run = 0; run < 6; run++) await tx.query(`EXECUTE group_sql(${args})`);
      return explainExecute(tx, 'group_sql', args, true);
    });
    expect(plan).toMatch(/\$1\b/);
    expect(plan).not.toMatch(/pay_g0|gk0/);
  });
});
