// Event backfill: reads GET /v1/events (refund types) from a cursor stored in service_state, at
// start-up and on a schedule, and stores what it reads through the same stored-once table as the
// webhook receiver (so a webhook arriving later for the same event is a duplicate, and the applier
// applies both paths alike). Catches up whatever was missed while Refundry was down or webhooks
// failed. One backfill at a time across processes: a lease row in service_state.
//
// Stripe lists events newest first. A run asks for created ≥ cursor − overlap and pages backwards
// (starting_after) to the end, storing page by page (ON CONFLICT DO NOTHING dedupes by id), and
// only then moves the cursor to the newest `created` it saw. Events created while it pages are
// picked up by the next run, which rereads the overlap.
import type Stripe from 'stripe';
import type { Db } from '../db/db.ts';
import type { Logger } from '../shared/logger.ts';
import { startPollingLoop } from '../shared/polling-loop.ts';
import { STRIPE_EVENT_TYPES, storeEvents } from './event-store.ts';

export const BACKFILL_CURSOR_KEY = 'stripe_events_cursor';
export const BACKFILL_LEASE_KEY = 'stripe_backfill_lease';

export interface EventPage {
  data: Stripe.Event[];
  has_more: boolean;
}

/** The one Stripe call the backfill makes (an interface so tests and the bench can count it). */
export interface EventLister {
  list(params: { createdGte: number; startingAfter?: string | undefined; limit: number }): Promise<EventPage>;
}

export function stripeEventLister(stripe: Stripe): EventLister {
  return {
    async list({ createdGte, startingAfter, limit }) {
      const page = await stripe.events.list(
        {
          types: [...STRIPE_EVENT_TYPES],
          created: { gte: createdGte },
          limit,
          ...(startingAfter ? { starting_after: startingAfter } : {}),
        },
        { maxNetworkRetries: 0 },
      );
      return { data: page.data, has_more: page.has_more };
    },
  };
}

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
    const nowS = Math.floor((deps.now?.() ?? new Date()).getTime() / 1000);
    const stored = await readCursor(db);
    const cursor = stored ?? nowS - deps.lookbackSeconds;
    const from = Math.max(0, cursor - (stored === undefined ? 0 : deps.overlapSeconds));
    let newest = cursor;
    let startingAfter: string | undefined;
    let pages = 0;
    let read = 0;
    let added = 0;
    for (;;) {
      await deps.beforeRequest?.();
      const page = await deps.lister.list({ createdGte: from, startingAfter, limit: 100 });
      pages++;
      read += page.data.length;
      const fresh = await storeEvents(db, page.data, 'backfill');
      added += fresh.size;
      if (fresh.size > 0) deps.onStored?.();
      for (const e of page.data) newest = Math.max(newest, e.created);
      const last = page.data[page.data.length - 1];
      if (!page.has_more || !last) break;
      startingAfter = last.id;
      // A long catch-up keeps its lease.
      if (pages % 20 === 0) await takeLease(db, deps.owner, leaseMs);
    }
    await db.query(
      `INSERT INTO service_state (key, value, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [BACKFILL_CURSOR_KEY, JSON.stringify({ created: newest })],
    );
    if (added > 0)
      deps.logger.info({ read, stored: added, cursor: newest }, 'backfill stored missed Stripe events');
    return { ran: true, pages, read, stored: added, cursor: newest };
  } finally {
    await db.query(`DELETE FROM service_state WHERE key = $1 AND value->>'owner' = $2`, [
      BACKFILL_LEASE_KEY,
      deps.owner,
    ]);
  }
}

async function readCursor(db: Db): Promise<number | undefined> {
  const [row] = await db.query<{ value: { created?: number } }>(
    'SELECT value FROM service_state WHERE key = $1',
    [BACKFILL_CURSOR_KEY],
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
