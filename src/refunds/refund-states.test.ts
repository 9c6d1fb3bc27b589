import { describe, expect, it } from 'vitest';
import {
  applyTransition,
  COMMITTED_STATUSES,
  canTransition,
  FINAL_STATUSES,
  REFUND_STATUSES,
  REFUNDED_STATUSES,
  TRANSITIONS,
} from './refund-states.ts';

describe('refund state machine', () => {
  it('names only known states in the transition table', () => {
    for (const [from, tos] of Object.entries(TRANSITIONS)) {
      expect(REFUND_STATUSES).toContain(from);
      for (const to of tos) expect(REFUND_STATUSES).toContain(to);
    }
  });

  it.each([
    ['pending', 'succeeded'],
    ['succeeded', 'failed'],
    ['requires_action', 'canceled'],
    ['queued', 'pending'],
    ['awaiting_approval', 'queued'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(applyTransition(from, to)).toEqual({ kind: 'apply', from, to });
  });

  it.each([
    ['succeeded', 'pending'],
    ['failed', 'succeeded'],
    ['canceled', 'queued'],
    ['rejected', 'queued'],
    ['pending', 'queued'],
  ] as const)('refuses %s → %s (never backwards)', (from, to) => {
    expect(applyTransition(from, to).kind).toBe('illegal');
  });

  it('treats a repeated status as a no-op, so duplicates change nothing', () => {
    expect(applyTransition('succeeded', 'succeeded')).toEqual({ kind: 'noop', status: 'succeeded' });
  });

  it('lets nothing leave canceled, rejected or refunded another way', () => {
    for (const s of ['canceled', 'rejected', 'refunded_another_way'] as const) {
      expect(FINAL_STATUSES.has(s)).toBe(true);
      for (const to of REFUND_STATUSES) if (to !== s) expect(canTransition(s, to)).toBe(false);
    }
  });

  it('a failed refund can only be recorded as refunded another way; that counts as refunded', () => {
    expect(TRANSITIONS.failed).toEqual(['refunded_another_way']);
    expect(FINAL_STATUSES.has('failed')).toBe(true);
    // Only from failed: nothing that may still move at Stripe can be settled outside it.
    for (const from of REFUND_STATUSES) {
      expect(canTransition(from, 'refunded_another_way')).toBe(from === 'failed');
    }
    expect(REFUNDED_STATUSES).toEqual(new Set(['succeeded', 'refunded_another_way']));
    expect(COMMITTED_STATUSES.has('refunded_another_way')).toBe(true);
    expect(COMMITTED_STATUSES.has('failed')).toBe(false);
  });
});
