import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REFUND_STATUSES, type RefundStatus } from '../refunds/refund-states.ts';
import { decideObservation, laterOf, STAGE } from './observation.ts';

const t = (s: number) => new Date(s * 1000);
const local = (status: RefundStatus, observedAt: number | null = null, fromStripe = true) => ({
  status,
  stripeObservedAt: observedAt === null ? null : t(observedAt),
  fromStripe,
});

describe('decideObservation', () => {
  it('applies forward moves along Stripe lifecycle, whatever the clocks say', () => {
    expect(decideObservation(local('queued'), { status: 'pending', at: t(10) })).toEqual({
      kind: 'apply',
      from: 'queued',
      to: 'pending',
    });
    // An older event that shows a later stage still moves forward (clock skew between sources).
    expect(decideObservation(local('pending', 100), { status: 'succeeded', at: t(50) }).kind).toBe('apply');
  });

  it('applies the late failure succeeded → failed on purpose', () => {
    expect(decideObservation(local('succeeded', 100), { status: 'failed', at: t(200) })).toEqual({
      kind: 'apply',
      from: 'succeeded',
      to: 'failed',
    });
  });

  it('ignores a stale pending after succeeded, and a stale succeeded after failed', () => {
    expect(decideObservation(local('succeeded', 100), { status: 'pending', at: t(100) })).toEqual({
      kind: 'stale',
      from: 'succeeded',
      to: 'pending',
    });
    expect(decideObservation(local('failed', 100), { status: 'succeeded', at: t(300) }).kind).toBe('stale');
  });

  it('lets time decide between statuses of one stage (pending ⇄ requires_action)', () => {
    expect(decideObservation(local('pending', 100), { status: 'requires_action', at: t(99) }).kind).toBe(
      'stale',
    );
    expect(decideObservation(local('requires_action', 100), { status: 'pending', at: t(100) }).kind).toBe(
      'apply',
    );
    expect(decideObservation(local('requires_action', null), { status: 'pending', at: t(1) }).kind).toBe(
      'apply',
    );
  });

  it('reports a disagreement with a status Refundry set itself as illegal', () => {
    expect(decideObservation(local('canceled', null, false), { status: 'succeeded', at: t(1) })).toEqual({
      kind: 'illegal',
      from: 'canceled',
      to: 'succeeded',
    });
    expect(
      decideObservation(local('awaiting_approval', null, false), { status: 'pending', at: t(1) }).kind,
    ).toBe('illegal');
    expect(decideObservation(local('failed', 5), { status: 'canceled', at: t(10) }).kind).toBe('illegal');
  });

  it('repeats are noops', () => {
    expect(decideObservation(local('succeeded', 100), { status: 'succeeded', at: t(1) })).toEqual({
      kind: 'noop',
      status: 'succeeded',
    });
  });

  it('never applies an observation that goes back a stage, and applies only legal moves', () => {
    const status = fc.constantFrom(...REFUND_STATUSES);
    fc.assert(
      fc.property(
        status,
        status,
        fc.boolean(),
        fc.integer({ min: 0, max: 200 }),
        (from, to, fromStripe, at) => {
          const d = decideObservation(local(from, 100, fromStripe), { status: to, at: t(at) });
          if (d.kind === 'apply') {
            expect(STAGE[to]).toBeGreaterThanOrEqual(STAGE[from]);
            if (STAGE[to] === STAGE[from]) expect(at).toBeGreaterThanOrEqual(100);
          }
        },
      ),
    );
  });

  it('laterOf keeps the newest time', () => {
    expect(laterOf(null, t(5))).toEqual(t(5));
    expect(laterOf(t(9), t(5))).toEqual(t(9));
    expect(laterOf(t(1), t(5))).toEqual(t(5));
  });
});
