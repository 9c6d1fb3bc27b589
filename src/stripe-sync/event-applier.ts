// Applies stored Stripe events: claims unapplied rows of stripe_events in order of `created` (then
// of the object, so one refund's copies of a change share a batch) with FOR UPDATE SKIP LOCKED (any number of processes share the work; the row lock held by the
// open transaction is the lease, so a crashed applier's events simply become claimable again),
// applies each through applyStripeRefund and marks it applied with its result, all in one
// transaction per batch. Receiving (fast, 2xx) and applying (per-refund locks, history) are
// split so a burst of webhooks is answered at insert speed and applied behind it.
import type Stripe from 'stripe';
import { noteAccountActivity } from '../connect/accounts.ts';
import { applyReversalsOfRefunds, applyTakenBack } from '../connect/payment-facts.ts';
import { DatabaseUnavailableError, type Db, type Queryable } from '../db/db.ts';
import type { Metrics } from '../metrics/metrics.ts';
import {
  applyChargeFacts,
  applyDisputeFacts,
  type ChargeFacts,
  registerFromStripe,
} from '../payments/payments.ts';
import type { Logger } from '../shared/logger.ts';
import { startPollingLoop } from '../shared/polling-loop.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import {
  type ApplyOutcome,
  applyStripeRefund,
  flushObservations,
  lockRefundsForBatch,
  type RefundBatch,
} from './apply-stripe-refund.ts';
import { isAppliedType, isRefundType } from './event-store.ts';

interface EventRow {
  id: string;
  type: string;
  created: Date;
  payload: Stripe.Event;
  source: 'webhook' | 'backfill';
  attempts: number;
}

export interface ApplierDeps {
  db: Db;
  /** Fetches payments unknown here when an event names one (external refunds). */
  gateway?: StripeGateway | undefined;
  logger: Logger;
  metrics?: Metrics | undefined;
  /** Called before each Stripe request (the shared budget). */
  beforeRequest?: () => Promise<void>;
}

export interface ApplyBatchResult {
  claimed: number;
  outcomes: Record<string, number>;
}

/** How many times an event whose payment cannot be found is retried before it is given up. */
const MAX_ATTEMPTS = 5;
const retryDelayMs = (attempts: number) => Math.min(60_000, 1_000 * 2 ** attempts);

/**
 * Applies one event inside `tx`: a refund's change (applyStripeRefund), a payment's facts from a
 * charge or dispute event (what Stripe counts as refunded, a dispute), or (Connect) what is refunded
 * of an application fee or reversed of a transfer. Other types are ignored.
 */
export async function applyEvent(
  tx: Queryable,
  event: Pick<EventRow, 'id' | 'type' | 'payload' | 'source'>,
  batch?: RefundBatch,
): Promise<ApplyOutcome | { kind: 'ignored' | 'payment_updated' }> {
  const object = event.payload?.data?.object as { object?: string } | undefined;
  if (!isAppliedType(event.type) || !object) return { kind: 'ignored' };
  const observedAt = new Date(event.payload.created * 1000);
  if (isRefundType(event.type)) {
    if (object.object !== 'refund') return { kind: 'ignored' };
    return applyStripeRefund(
      tx,
      object as Stripe.Refund,
      {
        actor: event.source === 'backfill' ? 'backfill' : 'webhook',
        eventId: event.id,
        observedAt,
      },
      batch,
    );
  }
  if (object.object === 'charge') {
    const facts = chargeFactsOf(object as Stripe.Charge);
    if (!facts) return { kind: 'ignored' };
    return (await applyChargeFacts(tx, facts, observedAt)) ? { kind: 'payment_updated' } : { kind: 'noop' };
  }
  if (object.object === 'dispute') {
    const d = object as Stripe.Dispute;
    const chargeId = idOf(d.charge);
    const paymentIntentId = idOf(d.payment_intent);
    if (!chargeId && !paymentIntentId) return { kind: 'ignored' };
    const updated = await applyDisputeFacts(tx, {
      chargeId,
      paymentIntentId,
      chargeRefundable: d.is_charge_refundable === true,
    });
    return updated ? { kind: 'payment_updated' } : { kind: 'noop' };
  }
  if (object.object === 'application_fee') {
    const fee = object as Stripe.ApplicationFee;
    const known = await applyTakenBack(tx, 'application_fee', fee.id, fee.amount_refunded, observedAt);
    return known ? { kind: 'payment_updated' } : { kind: 'noop' };
  }
  if (object.object === 'transfer') {
    const transfer = object as Stripe.Transfer;
    const known = await applyTakenBack(tx, 'transfer', transfer.id, transfer.amount_reversed, observedAt);
    // Each reversal names the refund that made it: its amount is recorded on that refund too
    // (whatever path first told us of the refund, perhaps without the reversal's amount).
    await applyReversalsOfRefunds(tx, transfer.reversals?.data ?? []);
    return known ? { kind: 'payment_updated' } : { kind: 'noop' };
  }
  return { kind: 'ignored' };
}

/** A charge's facts, if the event's charge has them in the shapes Stripe sends. */
function chargeFactsOf(c: Stripe.Charge): ChargeFacts | undefined {
  if (typeof c.id !== 'string' || !Number.isSafeInteger(c.amount_refunded) || c.amount_refunded < 0) {
    return undefined;
  }
  return {
    chargeId: c.id,
    paymentIntentId: idOf(c.payment_intent),
    amountRefunded: c.amount_refunded,
    disputed: c.disputed === true,
    customerId: idOf(c.customer),
  };
}

/** Claims and applies one batch of stored events; returns how many were claimed, by outcome. */
export async function applyStoredEvents(deps: ApplierDeps, limit = 100): Promise<ApplyBatchResult> {
  const { db } = deps;
  let done: Array<{ event: EventRow; kind: string }> = [];
  try {
    done = await db.transaction(async (tx) => {
      const results: Array<{ event: EventRow; kind: string }> = [];
      const settled: Array<{ id: string; result: string }> = [];
      // Stripe sends refund.updated and charge.refund.updated for one change: the second copy of
      // an observation in a batch ends as the first did, without touching the refund again.
      const seen = new Map<string, ApplyOutcome | { kind: 'ignored' | 'payment_updated' }>();
      const events = lockOrder(await claim(tx, limit));
      // The batch's refunds locked and read in one statement, their bookkeeping written in one.
      const batch = await lockRefundsForBatch(
        tx,
        events.map(refundOf).filter((r) => r !== undefined),
      );
      for (const event of events) {
        const key = observationKey(event);
        const outcome = (key && seen.get(key)) || (await applyEvent(tx, event, batch));
        if (key && !seen.has(key))
          seen.set(key, outcome.kind === 'applied' ? { ...outcome, kind: 'noop' } : outcome);
        if (outcome.kind === 'unknown_payment') await settle(tx, event, outcome);
        else settled.push({ id: event.id, result: outcome.kind });
        results.push({ event, kind: outcome.kind });
      }
      await flushObservations(tx, batch);
      // One statement marks the whole batch applied.
      if (settled.length > 0) {
        await tx.query(
          `UPDATE stripe_events e SET applied_at = now(), attempts = e.attempts + 1, result = v.result,
             next_attempt_at = NULL
           FROM jsonb_to_recordset($1::jsonb) AS v(id text, result text)
           WHERE e.id = v.id AND e.id = ANY($2::text[])`,
          [JSON.stringify(settled), settled.map((x) => x.id)],
        );
      }
      return results;
    });
  } catch (error) {
    // The database went away: nothing was applied; the loop waits and claims the batch again.
    if (error instanceof DatabaseUnavailableError) throw error;
    // One bad event must not block the others: apply the batch one event per transaction.
    deps.logger.warn({ err: error }, 'applying a batch of Stripe events failed; applying one by one');
    return applyOneByOne(deps, limit);
  }
  const outcomes: Record<string, number> = {};
  for (const { event, kind } of done) {
    outcomes[kind] = (outcomes[kind] ?? 0) + 1;
    deps.metrics?.webhookEvents.inc({ type: event.type, result: 'applied' });
  }
  // Connected accounts heard from are active (the backfill reads recently active accounts' events).
  const accounts = done
    .map((d) => d.event.payload?.account)
    .filter((a): a is string => typeof a === 'string');
  if (accounts.length > 0) await noteAccountActivity(db, accounts);
  const unknown = done.filter((d) => d.kind === 'unknown_payment').map((d) => d.event);
  if (unknown.length > 0) await fetchUnknownPayments(deps, unknown);
  return { claimed: done.length, outcomes };
}

/** The Refund an event carries, when it is a refund event Refundry applies. */
function refundOf(event: EventRow): Stripe.Refund | undefined {
  const r = event.payload?.data?.object as Partial<Stripe.Refund> | undefined;
  return isRefundType(event.type) && r?.object === 'refund' && typeof r.id === 'string'
    ? (r as Stripe.Refund)
    : undefined;
}

/** What an event observed (refund, status, failure), or undefined when it is not a refund event. */
function observationKey(event: EventRow): string | undefined {
  const r = event.payload?.data?.object as Partial<Stripe.Refund> | undefined;
  if (!isRefundType(event.type) || r?.object !== 'refund' || !r.id) return undefined;
  return `${r.id}|${r.status}|${r.failure_reason ?? ''}|${r.metadata?.refundry_refund_id ?? ''}|${event.payload.created}`;
}

/**
 * Applies a batch refund by refund (each refund's events still in order of `created`): every
 * applier then locks refund rows in the same order, so two processes' batches cannot deadlock.
 */
function lockOrder(events: EventRow[]): EventRow[] {
  const key = (e: EventRow) => String((e.payload?.data?.object as { id?: string } | undefined)?.id ?? '');
  return events
    .map((e, i) => ({ e, i, k: key(e) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .map((x) => x.e);
}

async function claim(tx: Queryable, limit: number): Promise<EventRow[]> {
  return tx.query<EventRow>(
    `SELECT id, type, created, payload, source, attempts FROM stripe_events
     WHERE applied_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
     ORDER BY created, object_id, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
}

async function settle(
  tx: Queryable,
  event: EventRow,
  outcome: ApplyOutcome | { kind: 'ignored' | 'payment_updated' },
) {
  if (outcome.kind === 'unknown_payment' && event.attempts + 1 < MAX_ATTEMPTS) {
    // Left unapplied: the payment is fetched from Stripe after this commit, then it is retried.
    await tx.query(
      `UPDATE stripe_events SET attempts = attempts + 1, result = 'unknown_payment',
         next_attempt_at = now() + $2 * interval '1 millisecond' WHERE id = $1`,
      [event.id, retryDelayMs(event.attempts)],
    );
    return;
  }
  await tx.query(
    `UPDATE stripe_events SET applied_at = now(), attempts = attempts + 1, result = $2, next_attempt_at = NULL
     WHERE id = $1`,
    [event.id, outcome.kind],
  );
}

async function applyOneByOne(deps: ApplierDeps, limit: number): Promise<ApplyBatchResult> {
  const outcomes: Record<string, number> = {};
  let claimed = 0;
  for (let i = 0; i < limit; i++) {
    let event: EventRow | undefined;
    try {
      const kind = await deps.db.transaction(async (tx) => {
        [event] = await claim(tx, 1);
        if (!event) return undefined;
        const outcome = await applyEvent(tx, event);
        await settle(tx, event, outcome);
        return outcome.kind;
      });
      if (!event) break;
      claimed++;
      outcomes[kind!] = (outcomes[kind!] ?? 0) + 1;
      deps.metrics?.webhookEvents.inc({ type: event.type, result: 'applied' });
      if (kind === 'unknown_payment') await fetchUnknownPayments(deps, [event]);
    } catch (error) {
      // Not the event's fault when the database went away: it stays unapplied, with no attempt
      // counted (an event is given up after MAX_ATTEMPTS, and a failover must not use them up).
      if (!event || error instanceof DatabaseUnavailableError) throw error;
      const failed: EventRow = event;
      claimed++;
      outcomes.error = (outcomes.error ?? 0) + 1;
      deps.metrics?.webhookEvents.inc({ type: failed.type, result: 'error' });
      deps.logger.error({ err: error, eventId: failed.id }, 'could not apply a Stripe event');
      const giveUp = failed.attempts + 1 >= MAX_ATTEMPTS;
      await deps.db.query(
        `UPDATE stripe_events SET attempts = attempts + 1, result = $2,
           applied_at = CASE WHEN $3 THEN now() ELSE NULL END,
           next_attempt_at = now() + $4 * interval '1 millisecond' WHERE id = $1`,
        [
          failed.id,
          `error: ${String((error as Error)?.message ?? error).slice(0, 200)}`,
          giveUp,
          retryDelayMs(failed.attempts),
        ],
      );
    }
  }
  return { claimed, outcomes };
}

/** Fetches from Stripe and registers the payments of external refunds whose payment was unknown. */
async function fetchUnknownPayments(deps: ApplierDeps, events: EventRow[]): Promise<void> {
  if (!deps.gateway) return;
  // Stripe id → the connected account it lives on (a Connect event's `account`; null: the platform).
  const ids = new Map<string, string | null>();
  for (const event of events) {
    const refund = event.payload.data.object as Stripe.Refund;
    const id = idOf(refund.payment_intent) ?? idOf(refund.charge);
    if (id) ids.set(id, event.payload.account ?? null);
  }
  for (const [id, account] of ids) {
    try {
      await deps.beforeRequest?.();
      const payment = await deps.gateway.retrievePayment(id, account);
      if (payment && (payment.paymentIntentId || payment.chargeId)) {
        await registerFromStripe(deps.db, payment);
        // Registered: the events waiting for it may be applied at once.
        await deps.db.query(
          `UPDATE stripe_events SET next_attempt_at = NULL WHERE applied_at IS NULL AND result = 'unknown_payment'
             AND (payload->'data'->'object'->>'payment_intent' = $1 OR payload->'data'->'object'->>'charge' = $1)`,
          [id],
        );
      }
    } catch (error) {
      deps.logger.warn({ err: error, stripeId: id }, 'could not fetch the payment of an external refund');
    }
  }
}

const idOf = (v: string | { id: string } | null | undefined): string | null =>
  !v ? null : typeof v === 'string' ? v : v.id;

export interface EventApplier {
  /** Applies soon (called by the receiver in the same process after storing an event). */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Runs applyStoredEvents in `loops` concurrent loops (several on PostgreSQL: SKIP LOCKED hands
 * each its own events; one on PGlite, which runs one statement at a time anyway): at once while
 * there is work, else every `intervalMs` or when woken.
 */
export function startEventApplier(
  deps: ApplierDeps & { intervalMs?: number; batchSize?: number; loops?: number; gatherMs?: number },
): EventApplier {
  const intervalMs = deps.intervalMs ?? 250;
  const pglite = deps.db.kind === 'pglite';
  // A batch costs about the same few statements whatever its size (its refunds are read, locked
  // and moved together), so on PGlite — one statement at a time for the whole process, shared with
  // the receiver — larger batches leave more of the thread to acknowledging Stripe's deliveries:
  // 50 events per batch took a 10,000-event burst from 653 to 1,335 accepted/s (p99 68 → 35 ms)
  // and applied it in 7.5 s instead of 15.4 s (`npm run bench -- webhooks`). A batch of 50 is still
  // a short transaction (tens of milliseconds), so deliveries wait little behind it.
  const batchSize = deps.batchSize ?? (pglite ? 50 : 25);
  const loops = deps.loops ?? (pglite ? 1 : 2);
  // Under a steady flow of events (each delivery wakes the applier) a pass finds only the few that
  // arrived since the last one. After a pass that claimed less than a full batch, the applier waits
  // this long before the next, so that batches grow with the flow instead of staying a handful of
  // events each (fewer statements and commits per event). An event arriving when the applier is
  // idle is still applied at once.
  const gatherMs = deps.gatherMs ?? 100;
  const loop = startPollingLoop({
    pass: async () => {
      const { claimed } = await applyStoredEvents(deps, batchSize);
      if (claimed > 0 && claimed < batchSize && gatherMs > 0) return 'partial';
      // PGlite runs one transaction at a time, first come first served: claiming the next batch
      // at once would queue it before the deliveries that arrived during this one (the receiver
      // stores them one event-loop turn later), and a burst's deliveries would wait for batch after
      // batch. A timer lets them in first.
      else if (pglite && claimed > 0) await new Promise((resolve) => setTimeout(resolve, 1));
      return claimed > 0;
    },
    intervalMs,
    gatherMs,
    loops,
    onError: (error) => {
      if (error instanceof DatabaseUnavailableError)
        deps.logger.warn({ reason: error.message }, 'Stripe event applier waits for the database');
      else deps.logger.error({ err: error }, 'Stripe event applier error');
    },
  });
  return {
    wake: () => loop.poke(),
    stop: () => loop.stop(),
  };
}
