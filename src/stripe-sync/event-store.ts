// The stripe_events table: every Stripe event Refundry received or read, stored once by its id,
// whichever way it came (webhook or backfill), so a second copy is recognised as a duplicate.
// Event types Refundry does not act on are stored already settled (result 'ignored').
import type { Queryable } from '../db/db.ts';
import { batcher } from '../shared/batcher.ts';

/** Event types whose `data.object` is a Refund and which Refundry applies. */
export const REFUND_EVENT_TYPES: readonly string[] = [
  'refund.created',
  'refund.updated',
  'refund.failed',
  'charge.refund.updated',
];
/**
 * Connect events about a payment's fee and transfer (the platform's own events): they refresh what
 * is refunded of the fee and reversed of the transfer (src/connect/payment-facts.ts).
 */
export const CONNECT_FACT_EVENT_TYPES: readonly string[] = ['application_fee.refunded', 'transfer.reversed'];

/**
 * Event types about a payment (a Charge or a Dispute in `data.object`) whose facts Refundry keeps:
 * what is refunded at Stripe, and whether the payment is disputed.
 */
export const PAYMENT_EVENT_TYPES: readonly string[] = [
  'charge.refunded',
  'charge.updated',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
];

/** Every event type Refundry applies: the platform's webhook endpoint and backfill ask Stripe for these. */
export const STRIPE_EVENT_TYPES: readonly string[] = [
  ...REFUND_EVENT_TYPES,
  ...PAYMENT_EVENT_TYPES,
  ...CONNECT_FACT_EVENT_TYPES,
];

/** What the Connect endpoint and a connected account's backfill ask for: its refunds and payments. */
export const CONNECTED_ACCOUNT_EVENT_TYPES: readonly string[] = [
  ...REFUND_EVENT_TYPES,
  ...PAYMENT_EVENT_TYPES,
];

const APPLIED_TYPES = new Set(STRIPE_EVENT_TYPES);
const REFUND_TYPES = new Set(REFUND_EVENT_TYPES);

/** Whether the event's object is a Refund Refundry applies (refund.*, charge.refund.updated). */
export const isRefundType = (type: string) => REFUND_TYPES.has(type);

export const isAppliedType = (type: string) => APPLIED_TYPES.has(type);

/** The parts of a Stripe event the store needs (the SDK's Stripe.Event fits). */
export interface StoredEventInput {
  id: string;
  type: string;
  created: number;
  /** The connected account a Connect event came from (absent: the platform). */
  account?: string | null | undefined;
}

export type StoreResult = 'stored' | 'ignored' | 'duplicate';

/**
 * Stores one event unless its id is already there. `payload` is the event's JSON text (the raw,
 * verified webhook body) or the object itself. Unknown types are stored as applied + 'ignored'.
 */
export async function storeEvent(
  db: Queryable,
  event: StoredEventInput,
  payload: string | object,
  source: 'webhook' | 'backfill',
): Promise<StoreResult> {
  const applied = isAppliedType(event.type);
  const rows = await db.query(
    `INSERT INTO stripe_events (id, type, created, payload, source, applied_at, result, object_id, account)
     VALUES ($1, $2, to_timestamp($3), $4, $5, CASE WHEN $6 THEN NULL ELSE now() END, CASE WHEN $6 THEN NULL ELSE 'ignored' END,
       $4::jsonb->'data'->'object'->>'id', $4::jsonb->>'account')
     ON CONFLICT (id) DO NOTHING RETURNING 1`,
    [
      event.id,
      event.type,
      event.created,
      typeof payload === 'string' ? payload : JSON.stringify(payload),
      source,
      applied,
    ],
  );
  if (rows.length === 0) return 'duplicate';
  return applied ? 'stored' : 'ignored';
}

/** Stores a page of events (backfill) in one statement; returns the ids newly stored. */
export function storeEvents(
  db: Queryable,
  events: ReadonlyArray<StoredEventInput & object>,
  source: 'webhook' | 'backfill',
): Promise<Set<string>> {
  return storeEventsJson(db, JSON.stringify(events), events.length, source);
}

/** As storeEvents, from the events' JSON texts as received (the verified webhook bodies). */
export function storeRawEvents(db: Queryable, bodies: readonly string[], source: 'webhook' | 'backfill') {
  return storeEventsJson(db, `[${bodies.join(',')}]`, bodies.length, source);
}

async function storeEventsJson(
  db: Queryable,
  json: string,
  count: number,
  source: 'webhook' | 'backfill',
): Promise<Set<string>> {
  if (count === 0) return new Set();
  const rows = await db.query<{ id: string }>(
    `INSERT INTO stripe_events (id, type, created, payload, source, applied_at, result, object_id, account)
     SELECT e->>'id', e->>'type', to_timestamp((e->>'created')::bigint), e, $2,
       CASE WHEN e->>'type' = ANY($3::text[]) THEN NULL ELSE now() END,
       CASE WHEN e->>'type' = ANY($3::text[]) THEN NULL ELSE 'ignored' END,
       e->'data'->'object'->>'id', e->>'account'
     FROM jsonb_array_elements($1::jsonb) AS e
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [json, source, STRIPE_EVENT_TYPES],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Group commit for the webhook receiver: events that arrive while a write is in flight are stored
 * together by the next one, in one INSERT (one transaction), and each delivery is acknowledged only
 * after the commit that holds its event. A burst is written in batches, so throughput grows with
 * load instead of queueing (src/shared/batcher.ts).
 */
export class EventInbox {
  readonly store: (event: StoredEventInput, body: string) => Promise<StoreResult>;

  constructor(db: Queryable, maxBatch = 500) {
    const write = batcher(
      async (batch: Array<{ event: StoredEventInput; body: string }>) => {
        const fresh = await storeRawEvents(
          db,
          batch.map((w) => w.body),
          'webhook',
        );
        // Two copies of one event in one batch: the first is stored, the second a duplicate.
        return batch.map(
          ({ event }): StoreResult =>
            fresh.delete(event.id) ? (isAppliedType(event.type) ? 'stored' : 'ignored') : 'duplicate',
        );
      },
      { maxBatch },
    );
    this.store = (event, body) => write({ event, body });
  }
}
