import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fromStripeReason,
  isRefundReason,
  REFUND_REASONS,
  REFUND_REASONS_TEXT,
  STRIPE_REFUND_REASONS,
  toStripeReason,
} from './reasons.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('refund reasons', () => {
  it("are Stripe's three and Refundry's 'other'", () => {
    expect(REFUND_REASONS).toEqual(['duplicate', 'fraudulent', 'requested_by_customer', 'other']);
    expect(REFUND_REASONS_TEXT).toBe('duplicate, fraudulent, requested_by_customer or other');
    expect(isRefundReason('other')).toBe(true);
    expect(isRefundReason('Other')).toBe(false);
  });

  it("go to Stripe as Stripe's own, 'other' as no reason, and come back the same way", () => {
    for (const reason of STRIPE_REFUND_REASONS) {
      expect(toStripeReason(reason)).toBe(reason);
      expect(fromStripeReason(reason)).toBe(reason);
    }
    expect(toStripeReason('other')).toBeUndefined();
    expect(fromStripeReason(null)).toBe('other');
    expect(fromStripeReason('expired_uncaptured_charge')).toBe('other');
  });

  it("match the refunds table's CHECK constraint (SQL cannot import them)", () => {
    const sql = readFileSync(join(ROOT, 'src/db/migrations/001_core.sql'), 'utf8');
    const check = /reason text NOT NULL CHECK \(reason IN \(([^)]*)\)\)/.exec(sql)?.[1];
    expect(check?.split(',').map((s) => s.trim().replaceAll("'", ''))).toEqual([...REFUND_REASONS]);
  });
});
