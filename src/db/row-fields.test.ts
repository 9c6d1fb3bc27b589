import { describe, expect, expectTypeOf, it } from 'vitest';
import { type ColumnsOf, fieldsOf } from './row-fields.ts';

describe('fieldsOf', () => {
  it('copies the named columns under their camelCase names, in the order named, values untouched', () => {
    const at = new Date(0);
    const row = { id: 'r1', window_start: at, key_may_have_expired: false, stripe_3ds_id: null, left_out: 1 };
    const fields = fieldsOf(row, 'key_may_have_expired', 'id', 'window_start', 'stripe_3ds_id');
    expect(Object.entries(fields)).toEqual([
      ['keyMayHaveExpired', false],
      ['id', 'r1'],
      ['windowStart', at],
      ['stripe3dsId', null],
    ]);
    expect(fields.windowStart).toBe(at);
    expectTypeOf(fields).toEqualTypeOf<{
      keyMayHaveExpired: boolean;
      id: string;
      windowStart: Date;
      stripe3dsId: null;
    }>();
  });

  it('ColumnsOf names the columns of an object whose fields are stored as they are', () => {
    expectTypeOf<ColumnsOf<{ id: string; stripeRefundId: string | null; resolvedAt: Date }>>().toEqualTypeOf<{
      id: string;
      stripe_refund_id: string | null;
      resolved_at: Date;
    }>();
  });
});
