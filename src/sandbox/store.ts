import type { SandboxClock } from './clock.ts';
import { Collection } from './collection.ts';
import { fastId } from './fast-id.ts';
import type { ChargeRecord, PaymentIntentRecord, RefundRecord, SandboxEvent } from './records.ts';

export const API_VERSION = '2026-10-28.endive';

export type EventListener = (event: SandboxEvent) => void;

/**
 * The event log. SEAM for webhooks/journal: `store.events.subscribe(fn)` is called synchronously
 * with every event right after it is recorded (returns an unsubscribe function). A listener that
 * throws is ignored (it must not break the request that caused the event).
 */
export class EventLog {
  readonly all = new Collection<SandboxEvent>();
  /** type → ascending positions, so `type=charge.refunded` lists without scanning. */
  readonly byType = new Map<string, number[]>();
  private readonly listeners = new Set<EventListener>();
  private readonly clock: SandboxClock;

  constructor(clock: SandboxClock) {
    this.clock = clock;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  record(
    type: string,
    object: Record<string, unknown>,
    request: { id: string | null; idempotency_key: string | null },
    previousAttributes?: Record<string, unknown>,
  ): SandboxEvent {
    const event: SandboxEvent = {
      id: fastId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: this.clock.now(),
      data: previousAttributes ? { object, previous_attributes: previousAttributes } : { object },
      livemode: false,
      pending_webhooks: 0,
      request,
      type,
    };
    const position = this.all.add(event);
    let list = this.byType.get(type);
    if (!list) {
      list = [];
      this.byType.set(type, list);
    }
    list.push(position);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A subscriber's bug must not turn a committed write into a 500.
      }
    }
    return event;
  }

  clear(): void {
    this.all.clear();
    this.byType.clear();
  }
}

export interface IdempotencyEntry {
  path: string;
  /** Canonical JSON of the decoded parameters. */
  params: string;
  state: 'in_flight' | 'done';
  status: number;
  body: string;
  requestId: string;
  expiresAtMs: number;
}

/** All sandbox state, in memory, with indexes so no operation depends on the store's size. */
export class SandboxStore {
  readonly charges = new Collection<ChargeRecord>();
  readonly paymentIntents = new Collection<PaymentIntentRecord>();
  readonly refunds = new Collection<RefundRecord>();
  readonly events: EventLog;
  /** `${sha256(apiKey)}\u0000${idempotencyKey}` → entry, in insertion (≈ expiry) order for cheap pruning. */
  readonly idempotency = new Map<string, IdempotencyEntry>();
  /** SEAM for the journal: called with (slot, entry) once a response is stored under a key. */
  readonly idempotencyListeners: Array<(slot: string, entry: IdempotencyEntry) => void> = [];
  /** SEAM for the journal: records changed without a Stripe event (the sandbox's own controls). */
  readonly recordListeners: Array<
    (records: { charges: ChargeRecord[]; paymentIntents: PaymentIntentRecord[] }) => void
  > = [];
  readonly clock: SandboxClock;

  constructor(clock: SandboxClock) {
    this.clock = clock;
    this.events = new EventLog(clock);
  }

  /** Drops expired idempotency keys from the front of the map (amortised O(1) per request). */
  pruneIdempotency(nowMs: number, max = 16): void {
    let n = 0;
    for (const [key, entry] of this.idempotency) {
      if (n++ >= max || entry.expiresAtMs > nowMs || entry.state === 'in_flight') return;
      this.idempotency.delete(key);
    }
  }

  /** Marks an idempotency entry finished and tells the listeners (the journal persists it). */
  finishIdempotency(slot: string, entry: IdempotencyEntry): void {
    entry.state = 'done';
    for (const listener of this.idempotencyListeners) {
      try {
        listener(slot, entry);
      } catch {
        // A listener's bug must not turn a committed write into a 500.
      }
    }
  }

  /** Tells the listeners (the journal) that records changed outside any Stripe event. */
  recordsChanged(records: { charges: ChargeRecord[]; paymentIntents: PaymentIntentRecord[] }): void {
    for (const listener of this.recordListeners) {
      try {
        listener(records);
      } catch {
        // A listener's bug must not break the control request.
      }
    }
  }

  reset(): void {
    this.charges.clear();
    this.paymentIntents.clear();
    this.refunds.clear();
    this.events.clear();
    this.idempotency.clear();
  }
}
