// The durable journal behind `--data DIR`: an append-only JSONL log of store mutations, replayed
// at start to rebuild the in-memory store. Each write is one `fs.writeSync` of one line on an
// open descriptor (no rewrite, no fsync), so its cost does not grow with the store.
//
// Every state change in the sandbox records a Stripe event (store.events seam), so a journal line
// is one event plus the current records it touched: the object of the event and the records that
// hold positions or amounts for it (a refund's charge and payment intent; a charge's intent; an
// intent's latest charge). Replay upserts those records by id (positions stay those of first
// insertion, so list order is kept) and re-adds the event without notifying subscribers (no
// webhook is delivered twice). A `reset` line clears everything before it. An `idempotency` line
// keeps a finished response under its key (so a retry after a restart still replays it, until
// its 24 h expiry on the sandbox clock) and a `clock` line the clock's offset after an advance
// (so sandbox time never goes backwards across a restart).
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { acquireDataDirLock } from '../db/data-dir-lock.ts';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../shared/private-files.ts';
import type { Collection, Stored } from './collection.ts';
import type { ChargeRecord, PaymentIntentRecord, RefundRecord, SandboxEvent } from './records.ts';
import { settle } from './refunds.ts';
import type { Sandbox } from './server.ts';
import type { IdempotencyEntry, SandboxStore } from './store.ts';
import { type WebhookDispatcher, type WebhookEndpoint, webhooksFor } from './webhooks.ts';

export const JOURNAL_FILE = 'sandbox-journal.jsonl';

export type JournalLine =
  | {
      t: 'event';
      event: SandboxEvent;
      refunds?: RefundRecord[];
      charges?: ChargeRecord[];
      payment_intents?: PaymentIntentRecord[];
    }
  | { t: 'webhook_endpoint'; id: string; endpoint: WebhookEndpoint | null }
  | { t: 'idempotency'; slot: string; entry: IdempotencyEntry }
  | { t: 'clock'; offset_ms: number }
  | { t: 'reset' };

export interface JournalFile {
  /** Lines already in the file (a torn last line from a crash is cut off). */
  readonly lines: JournalLine[];
  append(line: JournalLine): void;
  close(): void;
}

/**
 * Opens (creating) `dir/sandbox-journal.jsonl` under the data folder's lock. The folder is made
 * owner-only first (the journal holds every object and webhook secret the sandbox knows).
 */
export async function openJournalFile(
  dir: string,
  logger?: { warn(obj: object, msg: string): void },
): Promise<JournalFile> {
  ensurePrivateDir(dir, logger);
  const lock = await acquireDataDirLock(dir);
  try {
    const path = join(dir, JOURNAL_FILE);
    const lines: JournalLine[] = [];
    let validBytes = 0;
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      let start = 0;
      while (start < text.length) {
        const end = text.indexOf('\n', start);
        if (end < 0) break; // torn write: no newline yet
        try {
          lines.push(JSON.parse(text.slice(start, end)) as JournalLine);
        } catch {
          break; // a corrupt line ends the usable journal
        }
        start = end + 1;
        validBytes = Buffer.byteLength(text.slice(0, start), 'utf8');
      }
    }
    const fd = openSync(path, 'a+', PRIVATE_FILE_MODE);
    ftruncateSync(fd, validBytes);
    let closed = false;
    return {
      lines,
      append(line) {
        if (closed) return;
        writeSync(fd, `${JSON.stringify(line)}\n`);
      },
      close() {
        if (closed) return;
        closed = true;
        closeSync(fd);
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

function upsert<T extends Stored>(collection: Collection<T>, record: T): void {
  const position = collection.position(record.id);
  if (position === undefined) collection.add(record);
  else collection.items[position] = record;
}

/** Applies one journal line to the store (replay). */
export function applyLine(store: SandboxStore, line: JournalLine, webhooks?: WebhookDispatcher): void {
  if (line.t === 'reset') {
    store.reset();
    store.clock.reset();
    webhooks?.reset();
    return;
  }
  if (line.t === 'clock') {
    store.clock.restoreOffsetMs(line.offset_ms);
    return;
  }
  if (line.t === 'idempotency') {
    // Re-insert at the end so the map stays in (≈ expiry) order for pruning.
    store.idempotency.delete(line.slot);
    store.idempotency.set(line.slot, { ...line.entry, state: 'done' });
    return;
  }
  if (line.t === 'webhook_endpoint') {
    if (line.endpoint) webhooks?.endpoints.set(line.id, line.endpoint);
    else webhooks?.endpoints.delete(line.id);
    return;
  }
  for (const r of line.payment_intents ?? []) upsert(store.paymentIntents, r);
  for (const r of line.charges ?? []) upsert(store.charges, r);
  for (const r of line.refunds ?? []) upsert(store.refunds, r);
  // Deliveries do not survive a restart: nothing is pending any more.
  const event = { ...line.event, pending_webhooks: 0 };
  const position = store.events.all.add(event);
  let list = store.events.byType.get(event.type);
  if (!list) {
    list = [];
    store.events.byType.set(event.type, list);
  }
  list.push(position);
}

/** The journal line for an event just recorded: the event and the records it touched. */
export function lineFor(store: SandboxStore, event: SandboxEvent): JournalLine {
  const object = event.data.object as { id?: unknown; object?: unknown };
  const id = typeof object.id === 'string' ? object.id : '';
  const refunds: RefundRecord[] = [];
  const charges: ChargeRecord[] = [];
  const intents: PaymentIntentRecord[] = [];
  const addCharge = (chargeId: string | null | undefined) => {
    const c = chargeId ? store.charges.get(chargeId) : undefined;
    if (c && !charges.includes(c)) charges.push(c);
    return c;
  };
  const addIntent = (piId: string | null | undefined) => {
    const p = piId ? store.paymentIntents.get(piId) : undefined;
    if (p && !intents.includes(p)) intents.push(p);
    return p;
  };
  if (object.object === 'refund') {
    const r = store.refunds.get(id);
    if (r) {
      refunds.push(r);
      addCharge(r.charge);
      addIntent(r.paymentIntent);
    }
  } else if (object.object === 'charge') {
    const c = addCharge(id);
    if (c) addIntent(c.paymentIntent);
  } else if (object.object === 'payment_intent') {
    const p = addIntent(id);
    if (p) addCharge(p.latestCharge);
  }
  const line: JournalLine = { t: 'event', event };
  if (intents.length) line.payment_intents = intents;
  if (charges.length) line.charges = charges;
  if (refunds.length) line.refunds = refunds;
  return line;
}

/**
 * Makes the sandbox durable in `dataDir`: replays the journal into the (empty) store, then appends
 * a line for every event. Closed with the app.
 */
export async function attachJournal(
  app: FastifyInstance,
  sandbox: Sandbox,
  dataDir: string,
): Promise<JournalFile> {
  const journal = await openJournalFile(dataDir, sandbox.options.logger);
  let webhooks: WebhookDispatcher | undefined;
  try {
    webhooks = webhooksFor(sandbox);
  } catch {
    webhooks = undefined; // webhooks.ts not registered
  }
  for (const line of journal.lines) applyLine(sandbox.store, line, webhooks);
  // The replayed lines are not needed after start; free them.
  journal.lines.length = 0;
  // Keys that expired (on the restored clock) while the sandbox was down are dropped now.
  const nowMs = sandbox.clock.nowMs();
  for (const [slot, entry] of sandbox.store.idempotency) {
    if (entry.expiresAtMs <= nowMs) sandbox.store.idempotency.delete(slot);
  }
  // Asynchronous test refunds that had not settled when the process stopped settle again.
  for (const refund of sandbox.store.refunds.items) {
    const unsettled =
      (refund.behaviour === 'pending' && refund.status === 'pending') ||
      (refund.behaviour === 'fail' && refund.status === 'succeeded') ||
      (refund.behaviour === 'requires_action' && refund.status === 'requires_action');
    if (unsettled) sandbox.settlement.schedule(() => settle(sandbox, refund.id));
  }
  sandbox.store.events.subscribe((event) => journal.append(lineFor(sandbox.store, event)));
  sandbox.store.idempotencyListeners.push((slot, entry) => journal.append({ t: 'idempotency', slot, entry }));
  sandbox.clock.onAdvance(() => journal.append({ t: 'clock', offset_ms: sandbox.clock.offsetMs() }));
  webhooks?.changeListeners.push((id, endpoint) => journal.append({ t: 'webhook_endpoint', id, endpoint }));
  sandbox.hooks.onReset.push(() => journal.append({ t: 'reset' }));
  app.addHook('onClose', async () => journal.close());
  return journal;
}
