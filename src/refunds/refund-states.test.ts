import { describe, expect, it } from 'vitest';
import {
  applyTransition,
  canTransition,
  FINAL_STATUSES,
  REFUND_STATUSES,
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

  it('lets nothing leave failed, canceled or rejected', () => {
    for (const s of ['failed', 'canceled', 'rejected'] as const) {
      expect(FINAL_STATUSES.has(s)).toBe(true);
      for (const to of REFUND_STATUSES) if (to !== s) expect(canTransition(s, to)).toBe(false);
    }
  });
});
