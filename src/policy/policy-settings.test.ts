import { describe, expect, it } from 'vitest';
import type { PolicySettings } from '../config.ts';
import type { Queryable } from '../db/db.ts';
import { loadPolicySettings } from './policy-settings.ts';

/** A database with no stored settings that counts its statements (each test its own: the cache is per database). */
function emptySettingsDb() {
  const db = {
    statements: 0,
    async query<Row>(): Promise<Row[]> {
      db.statements++;
      return [];
    },
  };
  return db as typeof db & Queryable;
}

const defaults: PolicySettings = { refundWindowDays: 30, approvalThreshold: 50_000 };

describe('loadPolicySettings', () => {
  it('reads once for the same defaults, and for a copy of them with the same values', async () => {
    const db = emptySettingsDb();
    expect((await loadPolicySettings(db, defaults)).refundWindowDays).toBe(30);
    expect((await loadPolicySettings(db, defaults)).refundWindowDays).toBe(30);
    expect((await loadPolicySettings(db, { ...defaults })).approvalThreshold).toBe(50_000);
    expect(db.statements).toBe(1);
  });

  it('keeps the settings of other defaults apart (their own read, their own values)', async () => {
    const db = emptySettingsDb();
    expect((await loadPolicySettings(db, defaults)).refundWindowDays).toBe(30);
    const other = { ...defaults, refundWindowDays: 7, blockedReasons: ['other'] };
    const settings = await loadPolicySettings(db, other);
    expect(settings.refundWindowDays).toBe(7);
    expect(settings.blockedReasons).toEqual(['other']);
    expect(db.statements).toBe(2);
    // Each is still served from its own entry.
    expect((await loadPolicySettings(db, defaults)).refundWindowDays).toBe(30);
    expect((await loadPolicySettings(db, other)).refundWindowDays).toBe(7);
    expect(db.statements).toBe(2);
  });
});
