// Event backfill: reads GET /v1/events (refund types) from a cursor stored in service_state, at
// start-up and on a schedule, and stores what it reads through the same stored-once table as the
// webhook receiver (so a webhook arriving later for the same event is a duplicate, and the applier
// applies both paths alike). Catches up whatever was missed while Refundry was down or webhooks
// failed. One backfill at a time across processes: a lease row in service_state. Stripe lists
// events per account: the platform's are read, then each recently active connected account's
// (Stripe-Account), each from a cursor of its own.
//
// Stripe lists events newest first. A run asks for created ≥ cursor − overlap and pages backwards
// (starting_after) to the end, storing page by page (ON CONFLICT DO NOTHING dedupes by id), and
// only then moves the cursor to the newest `created` it saw. Events created while it pages are
// picked up by the next run, which rereads the overlap.
import type Stripe from 'stripe';
import { accountsAfter } from '../connect/accounts.ts';
import type { Db } from '../db/db.ts';
import type { Logger } from '../shared/logger.ts';
import { startPollingLoop } from '../shared/polling-loop.ts';
import { CONNECTED_ACCOUNT_EVENT_TYPES, STRIPE_EVENT_TYPES, storeEvents } from './event-store.ts';

export const BACKFILL_CURSOR_KEY = 'stripe_events_cursor';
export const BACKFILL_LEASE_KEY = 'stripe_backfill_lease';

export interface EventPage {
  data: Stripe.Event[];
  has_more: boolean;
}

/** The one Stripe call the backfill makes (an interface so tests and the bench can count it). */
export interface EventLister {
  list(params: {
    createdGte: number;
    startingAfter?: string | undefined;
    limit: number;
    /** A connected account's events (Stripe-Account); absent: the platform's. */
    account?: string | undefined;
  }): Promise<EventPage>;
}

export function stripeEventLister(stripe: Stripe): EventLister {
  return {
    async list({ createdGte, startingAfter, limit, account }) {
      const page = await stripe.events.list(
        {
          // A connected account's own events: its refunds and payments (direct charges); the
          // platform's also include its fees' and transfers' changes.
          types: [...(account ? CONNECTED_ACCOUNT_EVENT_TYPES : STRIPE_EVENT_TYPES)],
          created: { gte: createdGte },
          limit,
          ...(startingAfter ? { starting_after: startingAfter } : {}),
        },
        { maxNetworkRetries: 0, ...(account ? { stripeAccount: account } : {}) },
      );
      return { data: page.data, has_more: page.has_more };
    },
  };
}

/**
 * Connected accounts whose events the backfill reads: those active (a payment registered, a refund
 * sent, an event heard) within this many days. Stripe lists events per account, so each costs a
 * request per run; an account quiet for longer has no refund whose news could be missing that the
 * poller and the daily reconciliation would not find.
 */
export const BACKFILL_ACTIVE_DAYS = 7;

export interface BackfillDeps {
  db: Db;
  lister: EventLister;
  logger: Logger;
  /** Who holds the lease ('host:pid:random'). */
  owner: string;
  lookbackSeconds: number;
  overlapSeconds: number;
  leaseMs?: number;
  beforeRequest?: () => Promise<void>;
  /** Called when new events were stored (wakes the applier). */
  onStored?: () => void;
  now?: () => Date;
}

export type BackfillResult =
  | { ran: false; reason: 'leased' }
  | { ran: true; pages: number; read: number; stored: number; cursor: number };

export async function runBackfill(deps: BackfillDeps): Promise<BackfillResult> {
  const { db } = deps;
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  if (!(await takeLease(db, deps.owner, leaseMs))) return { ran: false, reason: 'leased' };
  try {
    const now = deps.now?.() ?? new Date();
    const totals = { pages: 0, read: 0, stored: 0 };
    // The platform's events first, then each recently active connected account's, each from its
    // own cursor (Stripe lists events per account). Accounts are read a page at a time.
    const cursor = await backfillScope(deps, undefined, now, totals, leaseMs);
    const activeSince = new Date(now.getTime() - BACKFILL_ACTIVE_DAYS * 86_400_000);
    let after = '';
    let accounts = 0;
    for (;;) {
      const page = await accountsAfter(db, after, 100, activeSince);
      for (const account of page) await backfillScope(deps, account, now, totals, leaseMs);
      accounts += page.length;
      if (page.length < 100) break;
      after = page[page.length - 1]!;
    }
    if (totals.stored > 0)
      deps.logger.info({ ...totals, accounts, cursor }, 'backfill stored missed Stripe events');
    return { ran: true, pages: totals.pages, read: totals.read, stored: totals.stored, cursor };
  } finally {
    await db.query(`DELETE FROM service_state WHERE key = $1 AND value->>'owner' = $2`, [
      BACKFILL_LEASE_KEY,
      deps.owner,
    ]);
  }
}

/** Reads one account's events (undefined: the platform's) from its cursor; returns the new cursor. */
async function backfillScope(
  deps: BackfillDeps,
  account: string | undefined,
  now: Date,
  totals: { pages: number; read: number; stored: number },
  leaseMs: number,
): Promise<number> {
  const { db } = deps;
  const key = account ? `${BACKFILL_CURSOR_KEY}:${account}` : BACKFILL_CURSOR_KEY;
  const nowS = Math.floor(now.getTime() / 1000);
  const stored = await readCursor(db, key);
  const cursor = stored ?? nowS - deps.lookbackSeconds;
  const from = Math.max(0, cursor - (stored === undefined ? 0 : deps.overlapSeconds));
  let newest = cursor;
  let startingAfter: string | undefined;
  for (;;) {
    await deps.beforeRequest?.();
    const page = await deps.lister.list({
      createdGte: from,
      startingAfter,
      limit: 100,
      ...(account ? { account } : {}),
    });
    totals.pages++;
    totals.read += page.data.length;
    const fresh = await storeEvents(db, page.data, 'backfill');
    totals.stored += fresh.size;
    if (fresh.size > 0) deps.onStored?.();
    for (const e of page.data) newest = Math.max(newest, e.created);
    const last = page.data[page.data.length - 1];
    if (!page.has_more || !last) break;
    startingAfter = last.id;
    // A long catch-up keeps its lease.
    if (totals.pages % 20 === 0) await takeLease(db, deps.owner, leaseMs);
  }
  await db.query(
    `INSERT INTO service_state (key, value, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, JSON.stringify({ created: newest })],
  );
  return newest;
}

async function readCursor(db: Db, key: string): Promise<number | undefined> {
  const [row] = await db.query<{ value: { created?: number } }>(
    'SELECT value FROM service_state WHERE key = $1',
    [key],
  );
  const created = row?.value?.created;
  return typeof created === 'number' ? created : undefined;
}

/** Takes (or renews) the backfill lease; false when another live process holds it. */
async function takeLease(db: Db, owner: string, leaseMs: number): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO service_state (key, value, updated_at)
     VALUES ($1, jsonb_build_object('owner', $2::text, 'expires_at', clock_timestamp() + $3 * interval '1 millisecond'), now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
     WHERE (service_state.value->>'expires_at')::timestamptz < clock_timestamp()
        OR service_state.value->>'owner' = $2::text
     RETURNING key`,
    [BACKFILL_LEASE_KEY, owner, leaseMs],
  );
  return rows.length > 0;
}

export interface Backfiller {
  runOnce(): Promise<BackfillResult>;
  stop(): Promise<void>;
}

/** Runs a backfill at once (start-up), then every `intervalMs`. */
export function startBackfill(deps: BackfillDeps & { intervalMs: number }): Backfiller {
  let current: Promise<unknown> = Promise.resolve();
  const once = () => {
    const run = current.then(() => runBackfill(deps));
    current = run.catch(() => {});
    return run;
  };
  // intervalMs 0: the start-up backfill only.
  const loop = startPollingLoop({
    pass: async () => {
      await once();
      return false;
    },
    intervalMs: deps.intervalMs,
    onError: (error) => deps.logger.warn({ err: error }, 'Stripe event backfill failed'),
  });
  return {
    runOnce: once,
    async stop() {
      await loop.stop();
      await current;
    },
  };
}
