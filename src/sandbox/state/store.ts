import type { SandboxClock } from './clock.ts';
import { Collection } from './collection.ts';
import { fastId } from './fast-id.ts';
import type {
  AccountRecord,
  ApplicationFeeRecord,
  ChargeRecord,
  PaymentIntentRecord,
  RefundRecord,
  SandboxEvent,
  TransferRecord,
} from './records.ts';

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
  /** Shared by the event logs of every account: a subscriber hears every account's events. */
  private readonly listeners: Set<EventListener>;
  private readonly clock: SandboxClock;
  /** The connected account whose events these are (null: the platform's). */
  private readonly account: string | null;

  constructor(clock: SandboxClock, account: string | null = null, listeners = new Set<EventListener>()) {
    this.clock = clock;
    this.account = account;
    this.listeners = listeners;
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
      ...(this.account ? { account: this.account } : {}),
      api_version: API_VERSION,
      created: this.clock.now(),
      data: previousAttributes ? { object, previous_attributes: previousAttributes } : { object },
      livemode: false,
      pending_webhooks: 0,
      request,
      type,
    };
    this.add(event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A subscriber's bug must not turn a committed write into a 500.
      }
    }
    return event;
  }

  /** Stores an event without telling the subscribers (journal replay). */
  add(event: SandboxEvent): void {
    const position = this.all.add(event);
    let list = this.byType.get(event.type);
    if (!list) {
      list = [];
      this.byType.set(event.type, list);
    }
    list.push(position);
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

/**
 * One Stripe account's objects: the platform's, or a connected account's (what a request with
 * `Stripe-Account: acct_…` sees). Ids are unique across accounts, but an object is only found, listed
 * and evented in the account it belongs to, as at Stripe.
 */
export class AccountScope {
  /** null: the platform. */
  readonly account: string | null;
  readonly charges = new Collection<ChargeRecord>();
  readonly paymentIntents = new Collection<PaymentIntentRecord>();
  readonly refunds = new Collection<RefundRecord>();
  /** Connect objects the account owns as a platform (application fees it collected, transfers it made). */
  readonly applicationFees = new Collection<ApplicationFeeRecord>();
  readonly transfers = new Collection<TransferRecord>();
  readonly events: EventLog;

  constructor(clock: SandboxClock, account: string | null, listeners: Set<EventListener>) {
    this.account = account;
    this.events = new EventLog(clock, account, listeners);
  }

  clear(): void {
    this.charges.clear();
    this.paymentIntents.clear();
    this.refunds.clear();
    this.applicationFees.clear();
    this.transfers.clear();
    this.events.clear();
  }
}

/**
 * All sandbox state, in memory, with indexes so no operation depends on the store's size. The store
 * is the platform's scope (`store.charges`, `store.refunds`, `store.events`, …); connected accounts
 * have theirs in `store.scope(acct)`.
 */
export class SandboxStore extends AccountScope {
  /** The platform's connected accounts. */
  readonly accounts = new Collection<AccountRecord>();
  private readonly connected = new Map<string, AccountScope>();
  private readonly listeners: Set<EventListener>;
  /** `${sha256(apiKey)}\u0000${idempotencyKey}` (the platform) or `${sha256(apiKey)}\u0000${acct}\u0000${idempotencyKey}` → entry, in insertion (≈ expiry) order for cheap pruning. */
  readonly idempotency = new Map<string, IdempotencyEntry>();
  /** SEAM for the journal: called with (slot, entry) once a response is stored under a key. */
  readonly idempotencyListeners: Array<(slot: string, entry: IdempotencyEntry) => void> = [];
  /** SEAM for the journal: records changed without a Stripe event (the sandbox's own controls). */
  readonly recordListeners: Array<
    (records: { charges: ChargeRecord[]; paymentIntents: PaymentIntentRecord[] }) => void
  > = [];
  /** SEAM for the journal: called with every account created (accounts have no creation event). */
  readonly accountListeners: Array<(account: AccountRecord) => void> = [];
  readonly clock: SandboxClock;

  constructor(clock: SandboxClock) {
    const listeners = new Set<EventListener>();
    super(clock, null, listeners);
    this.listeners = listeners;
    this.clock = clock;
  }

  /** The scope of an account: null (or omitted) for the platform. Unknown accounts: undefined. */
  scope(account: string | null | undefined): AccountScope | undefined {
    if (!account) return this;
    const existing = this.connected.get(account);
    if (existing) return existing;
    if (!this.accounts.get(account)) return undefined;
    const scope = new AccountScope(this.clock, account, this.listeners);
    this.connected.set(account, scope);
    return scope;
  }

  /** Every account's scope, the platform's first. */
  allScopes(): AccountScope[] {
    return [this, ...this.accounts.items.map((a) => this.scope(a.id)!)];
  }

  /** Adds a connected account (and tells the journal). */
  addAccount(account: AccountRecord): void {
    this.accounts.add(account);
    for (const listener of this.accountListeners) {
      try {
        listener(account);
      } catch {
        // A listener's bug must not turn a committed write into a 500.
      }
    }
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
    this.clear();
    this.accounts.clear();
    this.connected.clear();
    this.idempotency.clear();
  }
}
