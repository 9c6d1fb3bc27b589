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
//
// Connect: an `account` line keeps a connected account (accounts have no creation event). An event
// of a connected account carries `account`, and its records are upserted into that account's scope;
// the application fees and transfers an event touched (platform objects) travel in the same line.
//
// Crash safety: the lines one request (or one settlement) produces — its events, the records they
// touched and its idempotency entry — are written together as one batch, before the response is
// sent. A process killed mid-write leaves a torn batch, which the next start cuts off
// (journal-file.ts), so a request is kept whole or not at all: never a refund without its
// idempotency entry (a retry would make a second one), never a response the journal does not hold.
import type { FastifyInstance } from 'fastify';
import type { Sandbox } from '../context.ts';
import { scheduleDispute } from '../resources/disputes.ts';
import { settle } from '../resources/refunds.ts';
import { type WebhookDispatcher, type WebhookEndpoint, webhooksFor } from '../webhooks/webhooks.ts';
import type { Collection, Stored } from './collection.ts';
import { type JournalFile, openJournalFile } from './journal-file.ts';
import type {
  AccountRecord,
  ApplicationFeeRecord,
  ChargeRecord,
  PaymentIntentRecord,
  RefundRecord,
  SandboxEvent,
  TransferRecord,
} from './records.ts';
import type { AccountScope, IdempotencyEntry, SandboxStore } from './store.ts';

export type JournalLine =
  | {
      t: 'event';
      event: SandboxEvent;
      refunds?: RefundRecord[];
      charges?: ChargeRecord[];
      payment_intents?: PaymentIntentRecord[];
      /** Platform objects (Connect) the event touched. */
      application_fees?: ApplicationFeeRecord[];
      transfers?: TransferRecord[];
    }
  | { t: 'account'; account: AccountRecord }
  | { t: 'webhook_endpoint'; id: string; endpoint: WebhookEndpoint | null }
  | { t: 'idempotency'; slot: string; entry: IdempotencyEntry }
  | { t: 'clock'; offset_ms: number }
  | { t: 'records'; charges: ChargeRecord[]; payment_intents: PaymentIntentRecord[] }
  | { t: 'reset' }
  | { t: 'batch'; lines: JournalLine[] };

function upsert<T extends Stored>(collection: Collection<T>, record: T): void {
  const position = collection.position(record.id);
  if (position === undefined) collection.add(record);
  else collection.items[position] = record;
}

/** Applies one journal line to the store (replay). */
export function applyLine(store: SandboxStore, line: JournalLine, webhooks?: WebhookDispatcher): void {
  if (line.t === 'batch') {
    for (const inner of line.lines) applyLine(store, inner, webhooks);
    return;
  }
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
  if (line.t === 'records') {
    for (const r of line.payment_intents) upsert(store.paymentIntents, r);
    for (const r of line.charges) upsert(store.charges, r);
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
  if (line.t === 'account') {
    upsert(store.accounts, line.account);
    return;
  }
  const scope = store.scope(line.event.account);
  if (!scope) return; // an account line lost to a torn write: nothing can be attached to it
  for (const r of line.payment_intents ?? []) upsert(scope.paymentIntents, r);
  for (const r of line.charges ?? []) upsert(scope.charges, r);
  for (const r of line.refunds ?? []) upsert(scope.refunds, r);
  for (const r of line.application_fees ?? []) upsert(store.applicationFees, r);
  for (const r of line.transfers ?? []) upsert(store.transfers, r);
  // Deliveries do not survive a restart: nothing is pending any more.
  scope.events.add({ ...line.event, pending_webhooks: 0 });
}

/** The journal line for an event just recorded: the event and the records it touched. */
export function lineFor(store: SandboxStore, event: SandboxEvent): JournalLine {
  const object = event.data.object as { id?: unknown; object?: unknown };
  const id = typeof object.id === 'string' ? object.id : '';
  const scope: AccountScope = store.scope(event.account) ?? store;
  const refunds: RefundRecord[] = [];
  const charges: ChargeRecord[] = [];
  const intents: PaymentIntentRecord[] = [];
  const fees: ApplicationFeeRecord[] = [];
  const transfers: TransferRecord[] = [];
  const addFee = (feeId: string | null | undefined) => {
    const f = feeId ? store.applicationFees.get(feeId) : undefined;
    if (f && !fees.includes(f)) fees.push(f);
  };
  const addTransfer = (transferId: string | null | undefined) => {
    const t = transferId ? store.transfers.get(transferId) : undefined;
    if (t && !transfers.includes(t)) transfers.push(t);
  };
  const addCharge = (chargeId: string | null | undefined) => {
    const c = chargeId ? scope.charges.get(chargeId) : undefined;
    if (c && !charges.includes(c)) {
      charges.push(c);
      addFee(c.connect?.applicationFee);
      addTransfer(c.connect?.transfer);
    }
    return c;
  };
  const addIntent = (piId: string | null | undefined) => {
    const p = piId ? scope.paymentIntents.get(piId) : undefined;
    if (p && !intents.includes(p)) intents.push(p);
    return p;
  };
  if (object.object === 'refund') {
    const r = scope.refunds.get(id);
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
  } else if (object.object === 'dispute') {
    const chargeId = (object as { charge?: unknown }).charge;
    const c = addCharge(typeof chargeId === 'string' ? chargeId : undefined);
    if (c) addIntent(c.paymentIntent);
  } else if (object.object === 'application_fee') {
    addFee(id);
  } else if (object.object === 'transfer') {
    addTransfer(id);
  }
  const line: JournalLine = { t: 'event', event };
  if (intents.length) line.payment_intents = intents;
  if (charges.length) line.charges = charges;
  if (refunds.length) line.refunds = refunds;
  if (fees.length) line.application_fees = fees;
  if (transfers.length) line.transfers = transfers;
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
): Promise<JournalFile<JournalLine>> {
  let webhooks: WebhookDispatcher | undefined;
  try {
    webhooks = webhooksFor(sandbox);
  } catch {
    webhooks = undefined; // webhooks.ts not registered
  }
  // Replayed as read, so the parsed lines are never all held at once.
  const journal = await openJournalFile<JournalLine>(dataDir, {
    logger: sandbox.options.logger,
    onLine: (line) => applyLine(sandbox.store, line, webhooks),
  });
  // Keys that expired (on the restored clock) while the sandbox was down are dropped now.
  const nowMs = sandbox.clock.nowMs();
  for (const [slot, entry] of sandbox.store.idempotency) {
    if (entry.expiresAtMs <= nowMs) sandbox.store.idempotency.delete(slot);
  }
  // Asynchronous test refunds that had not settled when the process stopped settle again.
  for (const scope of sandbox.store.allScopes()) {
    for (const refund of scope.refunds.items) {
      const unsettled =
        (refund.behaviour === 'pending' && refund.status === 'pending') ||
        (refund.behaviour === 'fail' && refund.status === 'succeeded') ||
        (refund.behaviour === 'requires_action' && refund.status === 'requires_action');
      if (unsettled) sandbox.settlement.schedule(() => settle(sandbox, refund.id, scope.account));
    }
  }
  // So do disputes a disputing test card had not opened yet.
  for (const scope of sandbox.store.allScopes()) {
    for (const charge of scope.charges.items) {
      if (charge.card.dispute && !charge.dispute && charge.status === 'succeeded')
        scheduleDispute(sandbox, charge.id, scope.account);
    }
  }
  // Lines wait in `pending` until the synchronous work that made them is over: flushed before any
  // response is sent (onSend), else at the end of the current turn (settlements, clock advances).
  let pending: JournalLine[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const lines = pending;
    pending = [];
    journal.append(lines.length === 1 ? lines[0]! : { t: 'batch', lines });
  };
  const write = (line: JournalLine) => {
    pending.push(line);
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(flush);
    }
  };
  sandbox.store.events.subscribe((event) => write(lineFor(sandbox.store, event)));
  sandbox.store.accountListeners.push((account) => write({ t: 'account', account }));
  sandbox.store.idempotencyListeners.push((slot, entry) => write({ t: 'idempotency', slot, entry }));
  sandbox.clock.onAdvance(() => write({ t: 'clock', offset_ms: sandbox.clock.offsetMs() }));
  sandbox.store.recordListeners.push((r) =>
    write({ t: 'records', charges: r.charges, payment_intents: r.paymentIntents }),
  );
  webhooks?.changeListeners.push((id, endpoint) => write({ t: 'webhook_endpoint', id, endpoint }));
  sandbox.hooks.onReset.push(() => write({ t: 'reset' }));
  app.addHook('onSend', (_req, _reply, payload, done) => {
    flush();
    done(null, payload);
  });
  app.addHook('onClose', async () => {
    flush();
    journal.close();
  });
  return journal;
}
