// Accepting refund requests: find (or fetch from Stripe) the payment, lock it, read what is already
// committed against it, ask the policy, then either store the refund queued / awaiting approval or
// record the rejection — one transaction for a request, or for a group of requests arriving
// together (the API). Shared by the API, the CLI, the dashboard and bulk import.

import type { PolicySettings } from '../config.ts';
import { proportionalShare } from '../connect/connect-share.ts';
import type { Db, Queryable } from '../db/db.ts';
import { ApiError } from '../http/http-error.ts';
import { isStripePaymentId } from '../http/validate.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { OUTBOX_INSERTS, outboxParams, outboxRows } from '../notifications/outbox.ts';
import {
  findPaymentByStripeId,
  findPaymentsByOrder,
  getPayment,
  type LockedPayment,
  type LockedPaymentRow,
  lockedPaymentFromRow,
  type Payment,
  registerFromStripe,
} from '../payments/payments.ts';
import type { ConnectCommitted } from '../policy/connect-policy.ts';
import type { ApprovalReason, Violation } from '../policy/policy.ts';
import { loadPolicySettings } from '../policy/policy-settings.ts';
import { batcher } from '../shared/batcher.ts';
import { newId, randomToken } from '../shared/ids.ts';
import type { StripeGateway, StripePayment } from '../stripe/gateway.ts';
import { committedTransferReversals, decideRefund } from './decide.ts';
import {
  answersOf,
  answersParam,
  claimId,
  type IdempotencyClaim,
  keepAnswers,
  type SerializedResponse,
  type StoredKeyRow,
  type StoredResponse,
  serializedResponse,
} from './idempotency.ts';
import type { RefundReason } from './reasons.ts';
import type { RefundStatus } from './refund-states.ts';
import type { Refund } from './refunds.ts';

export interface RefundRequest {
  paymentId?: string | undefined;
  orderId?: string | undefined;
  stripeId?: string | undefined;
  amount?: number | undefined;
  currency?: string | undefined;
  reason: RefundReason;
  note?: string | undefined;
  metadata?: Record<string, string> | undefined;
  customerId?: string | undefined;
  /** The connected account a `stripe_id` lives on (direct charges): where to look it up. */
  stripeAccount?: string | undefined;
  /** Connect: reverse the transfer / refund the application fee; undefined = the policy's default. */
  reverseTransfer?: boolean | undefined;
  refundApplicationFee?: boolean | undefined;
  /** 'key:<id>', 'user:<id>', 'bulk:<id>', … */
  actor: string;
  /** "Try again" on a failed refund: the refund this one retries (it must still be failed). */
  retryOf?: string | undefined;
}

export type RefundOutcome =
  | { kind: 'accepted'; refund: Refund }
  | { kind: 'rejected'; violations: Violation[]; paymentId: string };

export interface RequestRefundDeps {
  db: Db;
  gateway: StripeGateway;
  /** The configured defaults; what admins stored in policy_settings overrides them. */
  settings: PolicySettings;
  now?: () => Date;
}

/** The ways a request may name a payment; when it uses several, they must agree. */
export interface PaymentRef {
  paymentId?: string | undefined;
  orderId?: string | undefined;
  stripeId?: string | undefined;
  /** The connected account a `stripe_id` lives on (direct charges; 'platform' for the platform's). */
  stripeAccount?: string | undefined;
}

/**
 * Finds the payment a request names. A Stripe id Refundry has not seen is read from Stripe and
 * registered (with Stripe's facts); Stripe not knowing it is a 404, a payment not captured a 400.
 * Every other reference the request gives must name the same payment (400 `payment_mismatch`,
 * naming the field that disagrees): nothing is registered for a request refused here. With
 * `register: false` (dry runs) a payment only Stripe knows is returned unregistered, with its
 * Stripe id as its id, and `known: false`.
 */
export async function resolvePayment(
  deps: Pick<RequestRefundDeps, 'db' | 'gateway'>,
  ref: PaymentRef,
  options: { register?: boolean } = {},
): Promise<{ payment: Payment; known: boolean }> {
  const { db } = deps;
  const primary: { param: 'payment_id' | 'stripe_id' | 'order_id'; value: string } | undefined = ref.paymentId
    ? { param: 'payment_id', value: ref.paymentId }
    : ref.stripeId
      ? { param: 'stripe_id', value: ref.stripeId }
      : ref.orderId
        ? { param: 'order_id', value: ref.orderId }
        : undefined;
  if (!primary) {
    throw new ApiError(
      400,
      'invalid_request',
      'Name the payment with payment_id, order_id or stripe_id.',
      'payment_id',
    );
  }
  let local: Payment | undefined;
  let remote: StripePayment | undefined;
  if (primary.param === 'order_id') {
    const payments = await findPaymentsByOrder(db, primary.value);
    if (payments.length === 0)
      throw new ApiError(404, 'not_found', `No payment for order '${primary.value}'.`, 'order_id');
    if (payments.length > 1)
      throw new ApiError(
        400,
        'ambiguous_order',
        `Order '${primary.value}' has ${payments.length} payments; name one with payment_id.`,
        'order_id',
      );
    local = payments[0]!;
  } else if (primary.value.startsWith('pay_')) {
    local = await getPayment(db, primary.value);
  } else {
    local = await findPaymentByStripeId(db, primary.value);
    if (!local && isStripePaymentId(primary.value))
      // A direct charge lives on its connected account: looked up there (Stripe-Account).
      remote = await deps.gateway.retrievePayment(
        primary.value,
        ref.stripeAccount === 'platform' ? undefined : ref.stripeAccount,
      );
  }
  if (!local && !remote) {
    const what = primary.param === 'stripe_id' ? 'Stripe id' : 'id';
    throw new ApiError(404, 'not_found', `No payment with ${what} '${primary.value}'.`, primary.param);
  }
  if (remote && !remote.captured) {
    throw new ApiError(
      400,
      'payment_not_captured',
      `Stripe's payment ${primary.value} has nothing captured to refund.`,
      primary.param,
    );
  }
  // The same payment, however else the request names it.
  const stripeIds = local
    ? [local.stripePaymentIntentId, local.stripeChargeId]
    : [remote!.paymentIntentId, remote!.chargeId];
  const orderId = local ? local.orderId : (remote!.metadata.order_id ?? null);
  const shown = local ? local.id : primary.value;
  if (ref.stripeId && primary.param !== 'stripe_id' && !stripeIds.includes(ref.stripeId)) {
    throw new ApiError(
      400,
      'payment_mismatch',
      `${primary.param} and stripe_id name different payments: ${shown} is not Stripe's ${ref.stripeId}.`,
      'stripe_id',
    );
  }
  if (ref.orderId && primary.param !== 'order_id' && orderId !== ref.orderId) {
    throw new ApiError(
      400,
      'payment_mismatch',
      `${primary.param} and order_id name different payments: ${shown} is not for order '${ref.orderId}'.`,
      'order_id',
    );
  }
  // The account named must be the payment's own.
  const account = local ? local.connect.stripeAccount : (remote!.connect?.account ?? null);
  if (ref.stripeAccount !== undefined && (account ?? 'platform') !== ref.stripeAccount) {
    throw new ApiError(
      400,
      'account_mismatch',
      `Payment ${shown} was made on ${account ?? 'the platform'}, not on ${ref.stripeAccount}.`,
      'stripe_account',
    );
  }
  if (local) return { payment: local, known: true };
  if (options.register === false) return { payment: unregistered(remote!), known: false };
  return { payment: (await registerFromStripe(db, remote!)).payment, known: true };
}

/** A payment only Stripe knows, as the policy sees it (dry runs register nothing). */
function unregistered(p: StripePayment): Payment {
  return {
    id: (p.paymentIntentId ?? p.chargeId)!,
    stripePaymentIntentId: p.paymentIntentId,
    stripeChargeId: p.chargeId,
    orderId: p.metadata.order_id ?? null,
    customerId: null,
    customerEmail: p.customerEmail,
    fraudFlagged: false,
    metadata: p.metadata,
    amount: p.amount,
    currency: p.currency,
    capturedAt: p.capturedAt,
    stripeCustomerId: p.customerId,
    stripeAmountRefunded: p.amountRefunded,
    disputed: p.disputed,
    stripeSyncedAt: null,
    createdAt: new Date(),
    connect: {
      stripeAccount: p.connect?.account ?? null,
      connectedAccount: p.connect?.account ?? p.connect?.transfer?.destination ?? null,
      applicationFee: p.connect?.applicationFee
        ? {
            id: p.connect.applicationFee.id,
            amount: p.connect.applicationFee.amount,
            refunded: p.connect.applicationFee.amountRefunded,
          }
        : null,
      transfer: p.connect?.transfer
        ? {
            id: p.connect.transfer.id,
            destination: p.connect.transfer.destination,
            amount: p.connect.transfer.amount,
            reversed: p.connect.transfer.amountReversed,
          }
        : null,
    },
  };
}

/** One request ready for its transaction: the payment it names and the policy settings in force. */
interface Prepared {
  request: RefundRequest;
  paymentId: string;
  settings: Required<PolicySettings>;
  /** The API's Idempotency-Key: claimed, and answered, inside the transaction. */
  claim?: IdempotencyClaim | undefined;
  /** Accepted in a transaction that locks its payment first (see createRefundAcceptor). */
  locked?: boolean;
}

/**
 * What became of one request of a group. `again`: to be accepted in a later group — a second
 * request with a key already in the group, a key stored meanwhile, a payment changed since it was
 * read (`changed`), or a request that needs its payment locked first (`locked`).
 */
type Settled =
  | { result: Answered | Replayed }
  | { error: unknown }
  | { again: true; changed?: boolean; locked?: boolean };

export type Replayed = { kind: 'replayed'; response: StoredResponse };

/**
 * An outcome with the response the acceptor's `respond` made of it, serialized once: the bytes
 * stored under the request's key are the bytes the API sends (none without `respond`).
 */
export type Answered = RefundOutcome & { response?: SerializedResponse };

/** The checks and look-ups done before a request joins a transaction (outside it). */
async function prepare(
  deps: RequestRefundDeps,
  request: RefundRequest,
  claim?: IdempotencyClaim,
): Promise<Prepared> {
  if (request.reason === 'other' && !request.note?.trim()) {
    throw new ApiError(400, 'invalid_request', "A note is required when the reason is 'other'.", 'note');
  }
  // A payment named by its pay_ id alone is locked directly in the transaction; other names are
  // resolved first (an unknown Stripe id is fetched from Stripe, never inside a transaction).
  const byOwnId =
    request.paymentId?.startsWith('pay_') && !request.orderId && !request.stripeId && !request.stripeAccount;
  const paymentId = byOwnId ? request.paymentId! : (await resolvePayment(deps, request)).payment.id;
  // Cached (POLICY_CACHE_MS): usually no statement at all.
  const settings = await loadPolicySettings(deps.db, deps.settings);
  return { request, paymentId, settings, claim };
}

/**
 * Accepts one refund request in ONE transaction: lock the payment, sum what is committed against it
 * (its own statement, so its snapshot is taken after the lock), ask the policy, insert the refund,
 * its first history row and its notifications — or record the rejection.
 */
export async function requestRefund(deps: RequestRefundDeps, request: RefundRequest): Promise<RefundOutcome> {
  const prepared = await prepare(deps, request);
  const now = deps.now ?? (() => new Date());
  const [settled] = await deps.db.transaction((tx) =>
    acceptGroup({ db: tx, locked: true }, [prepared], now, undefined),
  );
  if ('error' in settled!) throw settled.error;
  return (settled as { result: RefundOutcome }).result;
}

export interface RefundAcceptor {
  /**
   * Accepts a request as requestRefund does, together with the requests that arrive while a group
   * is being committed (one transaction per group). With an idempotency claim, a replay is answered
   * with the stored response, and the response of a new request is stored in its transaction.
   */
  accept(request: RefundRequest, claim?: IdempotencyClaim): Promise<Answered | Replayed>;
}

/**
 * Group commit for refund requests (the API's POST /refunds): the first request runs at once;
 * those arriving while its group runs are accepted together in the next one, and each is answered
 * only after the commit that holds it. A group is two statements whatever its size, neither in an
 * explicit transaction: one reads its payments (unlocked, with what a decision reads of each) and
 * the keys already stored; the policy decides request by request (counting what the group accepts
 * before it); one statement then locks the payments, checks each still reads the same (its
 * committed amount and facts; a refund of it sent or settled meanwhile changes neither), and writes
 * the refunds, history, notifications, rejections and keys with their answers — one commit. A
 * payment changed in between (another process accepted a refund on it, Stripe's facts moved) fails
 * that statement whole: nothing is written, and the group goes again from its read, so what is
 * committed against a payment is never exceeded. Requests that need more read under the payment's
 * lock (a retry of a failed refund, a payment with a Connect transfer) and requests whose payment
 * changed under them twice go in a transaction that locks the payments first, as requestRefund.
 * If a group fails as a whole (one request's insert violates a constraint), each of its requests
 * is retried alone, so one bad request never takes the others down.
 */
export function createRefundAcceptor(
  deps: RequestRefundDeps & {
    respond: (outcome: RefundOutcome) => StoredResponse;
    /** Counts the groups decided again, by reason. */
    metrics?: Pick<Metrics, 'refundGroupsDecidedAgain'> | undefined;
  },
): RefundAcceptor {
  const now = deps.now ?? (() => new Date());
  const run = (items: Prepared[], locked: boolean): Promise<Settled[]> =>
    locked
      ? deps.db.transaction((tx) => acceptGroup({ db: tx, locked: true }, items, now, deps.respond))
      : acceptGroup({ db: deps.db, locked: false }, items, now, deps.respond);
  const runGroup = async (items: Prepared[], locked: boolean): Promise<Settled[]> => {
    try {
      return await run(items, locked);
    } catch (error) {
      const reason = againReason(error);
      if (reason) {
        deps.metrics?.refundGroupsDecidedAgain.inc({ reason });
        const again = goingAgain(reason);
        return items.map(() => again);
      }
      if (items.length === 1) return [{ error }];
      const alone: Settled[] = [];
      for (const item of items)
        alone.push(
          await run([item], locked).then(
            (r) => r[0]!,
            (e): Settled => goesAgain(e) ?? { error: e },
          ),
        );
      return alone;
    }
  };
  const submit = batcher(
    async (items: Prepared[]): Promise<Settled[]> => {
      const settled: Settled[] = new Array(items.length);
      for (const locked of [false, true]) {
        const at = items.flatMap((item, i) => (Boolean(item.locked) === locked ? [i] : []));
        if (at.length === 0) continue;
        const results = await runGroup(
          at.map((i) => items[i]!),
          locked,
        );
        at.forEach((i, k) => {
          settled[i] = results[k]!;
        });
      }
      return settled;
    },
    // One group in flight per process, on both databases: everything that arrives while it runs
    // goes in the next one. Measured on PostgreSQL (bench accept, 16 clients), two groups in flight
    // (on different payments, so they never conflict) made groups half as big and cost the database
    // 40% more CPU per refund for no more refunds per second; with the locked transaction of before,
    // 1, 2 and 4 groups in flight accepted 1,744, 1,544 and 1,350 refunds/s. Several processes still
    // run their groups side by side.
    { maxBatch: 100, concurrency: 1 },
  );
  return {
    async accept(request, claim) {
      const prepared = await prepare(deps, request, claim);
      let changed = 0;
      for (;;) {
        const settled = await submit(prepared);
        if ('again' in settled) {
          // A payment changed under it twice (a busy payment shared with other processes): lock it.
          if (settled.locked || (settled.changed && ++changed >= 2)) prepared.locked = true;
          continue;
        }
        if ('error' in settled) throw settled.error;
        return settled.result;
      }
    },
  };
}

/**
 * Errors after which a group's requests go again: a payment changed since the group read it
 * (40001, raised by the write, migration 015), one of its keys stored meanwhile by a request with
 * the same key (that request then replays), or a deadlock with another process's group (keys and
 * payments locked in different orders). Nothing of the group was written.
 */
function goesAgain(error: unknown): Settled | undefined {
  const reason = againReason(error);
  return reason ? goingAgain(reason) : undefined;
}

/** A request of a group that goes again for `reason`: a payment changed (or a deadlock) counts. */
const goingAgain = (reason: AgainReason): Settled =>
  reason === 'key_stored' ? { again: true } : { again: true, changed: true };

type AgainReason = 'payment_changed' | 'deadlock' | 'key_stored';

/** Why a group's requests go again (goesAgain), as refundry_refund_groups_decided_again_total says. */
function againReason(error: unknown): AgainReason | undefined {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  if (typeof e !== 'object' || e === null) return undefined;
  if (e.code === '40001') return 'payment_changed';
  if (e.code === '40P01') return 'deadlock';
  if (
    e.code === '23505' &&
    (e.constraint === 'api_idempotency_pkey' ||
      (typeof e.message === 'string' && e.message.includes('api_idempotency_pkey')))
  )
    return 'key_stored';
  return undefined;
}

/**
 * A group of requests: read the payments and the idempotency keys already used, ask the policy
 * request by request (counting what the group has accepted before it), then write everything in
 * one statement: the refunds with their history rows, the keys with their answers, the
 * notifications and the rejections. `locked`: in a transaction, the read locks the payments (in id
 * order, so two groups never deadlock) — more statements only for Connect transfers and retries of
 * failed refunds. Not locked (the API's groups, no transaction): the read locks nothing, and the
 * write locks the payments and fails if any changed since (see createRefundAcceptor); requests that
 * need more than the payment row read are sent to a locked group.
 */
async function acceptGroup(
  { db: tx, locked: inLock }: { db: Queryable; locked: boolean },
  items: Prepared[],
  now: () => Date,
  respond: ((outcome: RefundOutcome) => StoredResponse) | undefined,
): Promise<Settled[]> {
  const settled: Settled[] = new Array(items.length);
  const answers: Array<{ claim: IdempotencyClaim; response: SerializedResponse }> = [];
  const answer = (i: number, outcome: RefundOutcome) => {
    if (!respond) {
      settled[i] = { result: outcome };
      return;
    }
    // Serialized once: stored under the key (the write below) and sent as these bytes.
    const response = serializedResponse(respond(outcome));
    settled[i] = { result: { ...outcome, response } };
    const claim = items[i]!.claim;
    if (claim) answers.push({ claim, response });
  };
  const refuse = (i: number, error: ApiError) => {
    settled[i] = { error };
    // A claimed key answers its replays with this refusal.
    const claim = items[i]!.claim;
    if (claim)
      answers.push({ claim, response: serializedResponse({ status: error.status, body: error.body() }) });
  };

  // Idempotency keys: a key twice in the group goes again after this commit (and replays then).
  const seen = new Set<string>();
  const claims: IdempotencyClaim[] = [];
  items.forEach((item, i) => {
    if (!item.claim) return;
    const id = claimId(item.claim);
    if (seen.has(id)) settled[i] = { again: true };
    else {
      seen.add(id);
      claims.push(item.claim);
    }
  });

  // One statement: the payments (locked in a transaction, in id order so two groups never
  // deadlock) and the keys already stored. What is committed against a payment is kept on its row;
  // either the row lock serialises every request against the payment, or the write below checks
  // that what the decisions read of each row (its committed amount and facts) is still what was
  // read here, so concurrent refunds never over-refund.
  const ids = [...new Set(items.filter((_, i) => !settled[i]).map((item) => item.paymentId))].sort();
  const locked = await paymentsReadingKeys(tx, inLock, ids, claims);
  const replays = answersOf(locked.keys, claims);
  items.forEach((item, i) => {
    if (settled[i] || !item.claim) return;
    const stored = replays.get(claimId(item.claim));
    if (stored instanceof ApiError) settled[i] = { error: stored };
    else if (stored) settled[i] = { result: { kind: 'replayed', response: stored } };
  });

  const todo = items.map((item, i) => ({ item, i })).filter(({ i }) => !settled[i]);
  const payments = new Map(locked.payments.map((p) => [p.id, p]));
  // Refundry's refunds succeeded or in flight, with Stripe's amount_refunded as a floor under those
  // Stripe counts (migrations 013, 015b): the payment's whole committed amount, from its row.
  const committed = new Map([...payments.values()].map((p) => [p.id, p.committedAmount]));
  // What the decisions below read of each payment (migration 016b), which the write checks (not
  // locked): a refund of the payment sent or settled meanwhile changes none of it.
  const decidedOn = new Map<string, string>();

  // Connect: the transfer reversals already committed against each destination charge (read once
  // per payment of the group that has a transfer), to which the group's own accepted refunds add.
  const reversals = new Map<string, ConnectCommitted>();
  const committedReversals = async (payment: Payment) => {
    let c = reversals.get(payment.id);
    if (!c) {
      c = await committedTransferReversals(tx, payment);
      reversals.set(payment.id, c);
    }
    return c;
  };

  const rejections: unknown[] = [];
  const accepted: Array<{ i: number; row: NewRefund; payment: Payment }> = [];
  for (const { item, i } of todo) {
    const { request } = item;
    const payment = payments.get(item.paymentId);
    if (!payment) {
      refuse(i, new ApiError(404, 'not_found', `No payment with id '${item.paymentId}'.`, 'payment_id'));
      continue;
    }
    // What a retry and a Connect transfer also read (the failed refund, the reversals so far) is
    // not on the payment's row: read under its lock.
    if (!inLock && (request.retryOf !== undefined || payment.connect.transfer)) {
      settled[i] = { again: true, locked: true };
      continue;
    }
    if (!inLock) decidedOn.set(payment.id, payment.decisionFacts);
    if (request.retryOf !== undefined) {
      const refusal = await checkRetryable(tx, request.retryOf, payment.id);
      if (refusal) {
        refuse(i, refusal);
        continue;
      }
    }
    // Connect: the reversals committed against the transfer so far (only payments with a transfer
    // cost a statement, once per group), to which this group's accepted refunds add.
    const reversalsSoFar = payment.connect.transfer
      ? await committedReversals(payment)
      : { reversalsRecorded: 0, reversalsPending: 0 };
    const decision = decideRefund(request, payment, {
      now: now(),
      refundedAndInFlight: committed.get(payment.id)!,
      settings: item.settings,
      reversals: reversalsSoFar,
    });
    const connect = decision.connect!;
    if (decision.violations.length > 0) {
      rejections.push({
        payment_id: payment.id,
        amount: Number.isSafeInteger(request.amount) ? request.amount : null,
        currency: payment.currency,
        requested_by: request.actor,
        violations: decision.violations,
      });
      answer(i, { kind: 'rejected', violations: decision.violations, paymentId: payment.id });
      continue;
    }
    // Why it waits for an approver, kept on the refund (the approvals queue says it in words).
    const approvalReasons = decision.approvalReasons;
    // Accepted refunds are in flight: the next request of the group on this payment counts them
    // (and, reversing the transfer, their share of it).
    committed.set(payment.id, committed.get(payment.id)! + decision.amount);
    if (connect.reverseTransfer && payment.connect.transfer) {
      reversalsSoFar.reversalsPending += proportionalShare(
        payment.connect.transfer.amount,
        decision.amount,
        payment.amount,
      );
    }
    const id = newId('rf');
    accepted.push({
      i,
      payment,
      row: {
        id,
        payment_id: payment.id,
        amount: decision.amount,
        currency: payment.currency,
        reason: request.reason,
        note: request.note ?? null,
        metadata: request.metadata ?? {},
        status: approvalReasons.length > 0 ? 'awaiting_approval' : 'queued',
        approval_reasons: approvalReasons,
        requested_by: request.actor,
        customer_token: randomToken(32),
        stripe_idempotency_key: `refundry_${id}`,
        created_at: locked.now,
        retry_of: request.retryOf ?? null,
        reverse_transfer: connect.reverseTransfer,
        refund_application_fee: connect.refundApplicationFee,
      },
    });
  }

  // The refunds as they will be stored (insertedRefund): their answers and notifications are made
  // here, and everything is written in ONE statement — the refunds with their first history rows,
  // their notifications, the rejections, and each key with its answer.
  const refunds = accepted.map((a) => insertedRefund(a.row));
  const outbox = outboxRows(
    accepted.map(({ payment }, k) => ({
      from: null,
      refund: refunds[k]!,
      payment: {
        customer_email: payment.customerEmail,
        order_id: payment.orderId,
        stripe_payment_intent_id: payment.stripePaymentIntentId,
        stripe_charge_id: payment.stripeChargeId,
      },
      historyId: null,
      at: locked.now,
    })),
  );
  for (const [k, { i }] of accepted.entries()) answer(i, { kind: 'accepted', refund: refunds[k]! });
  if (accepted.length > 0 || rejections.length > 0 || answers.length > 0) {
    // A key stored by another transaction meanwhile (a request with the same key, running at the
    // same time: its insert waits for that one's commit) fails this statement on
    // api_idempotency_pkey, as does a payment changed since it was read (40001): nothing of it is
    // written, and the group goes again (goesAgain).
    const checked = [...decidedOn.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    await tx.query(WRITE_GROUP, [
      ...outboxParams(outbox),
      answersParam(answers),
      JSON.stringify(rejections),
      JSON.stringify(accepted.map((a, ord) => ({ ord, ...a.row }))),
      checked.map(([id]) => id),
      checked.map(([, facts]) => facts),
    ]);
  }
  return settled;
}

/**
 * A text[] parameter whose length the planner does not see. A prepared statement is planned
 * afresh for each run (a custom plan) while that costs less than its one generic plan; for
 * `unnest($n)` a custom plan counts the rows of the array it was given, so a group of fewer than
 * the generic plan's guess of 10 always looked cheaper planned afresh, and the group's read was
 * planned every time (0.28 ms of PostgreSQL's CPU per group, more than running it). Behind a
 * sub-select the array is a guess of 10 either way, and the generic plan, planned once, is kept
 * (test/refunds/accept-plan.test.ts).
 */
const planOnce = (param: string) => `(SELECT ${param}::text[])`;

/**
 * The payments of `ids` (a text[] parameter, sorted), `columns` of each, locked with `lock`: one
 * primary-key probe per id, in the order of `ids` (so rows are locked in id order, and two groups
 * never deadlock). A plain `id = ANY(ids)` is planned once per prepared statement, and both engines
 * keep that plan: made while the table was small, it scans every payment (300 in the accept bench,
 * a seq scan with one comparison per payment per id), in every group, however large the table grows.
 * A subquery with a LIMIT (the id is the primary key: one row at most) is never flattened into a
 * join, so the probe stays a probe.
 */
const paymentsByKey = (ids: string, columns: string, lock: '' | ' FOR UPDATE') =>
  `SELECT p.* FROM unnest(${planOnce(ids)}) AS w(id)
       CROSS JOIN LATERAL (SELECT ${columns} FROM payments WHERE id = w.id LIMIT 1${lock}) p`;

/** paymentsReadingKeys' statements: $1 payment ids (sorted), $2 and $3 the keys' scopes and keys. */
const paymentsAndKeys = (lock: '' | ' FOR UPDATE') => `SELECT p.*, k.stored_keys, now() AS tx_now FROM (
       SELECT jsonb_agg(jsonb_build_object('scope', i.scope, 'key', i.key, 'request_hash', i.request_hash,
         'status_code', i.status_code, 'response', i.response)) AS stored_keys
       FROM unnest(${planOnce('$2')}, ${planOnce('$3')}) AS c(scope, key)
       -- One primary-key probe per key, whatever the plan cached while the table was small would
       -- do with a join (a hash join over every stored key, on PGlite until the process ends).
       CROSS JOIN LATERAL (
         SELECT * FROM api_idempotency i WHERE i.scope = c.scope AND i.key = c.key LIMIT 1
       ) i
     ) k
     LEFT JOIN (${paymentsByKey('$1', `*, payment_decision_facts(payments) AS decision_facts`, lock)}) p ON true`;
export const READ_PAYMENTS_READING_KEYS = paymentsAndKeys('');
export const LOCK_PAYMENTS_READING_KEYS = paymentsAndKeys(' FOR UPDATE');

/**
 * Reads payments with what a decision reads of each (decisionFacts, migration 016b) — `lock`: FOR
 * UPDATE, in id order, so two transactions locking several never deadlock — and the rows of the
 * idempotency keys already stored, in one statement. Waiting for another writer returns the
 * payment as that writer committed it, so committedAmount is exact for as long as the lock is
 * held; unlocked, the write checks decisionFacts. (The keys are read with the statement's snapshot: a key stored by a transaction that
 * commits meanwhile fails this group's write — see goesAgain.) Also returns the
 * statement's now(), the refunds' created_at.
 */
async function paymentsReadingKeys(
  db: Queryable,
  lock: boolean,
  ids: readonly string[],
  claims: readonly IdempotencyClaim[],
): Promise<{ payments: Array<LockedPayment & { decisionFacts: string }>; keys: StoredKeyRow[]; now: Date }> {
  if (ids.length === 0 && claims.length === 0) return { payments: [], keys: [], now: new Date() };
  const rows = await db.query<
    LockedPaymentRow & { decision_facts: string; stored_keys: StoredKeyRow[] | null; tx_now: Date }
  >(lock ? LOCK_PAYMENTS_READING_KEYS : READ_PAYMENTS_READING_KEYS, [
    ids,
    claims.map((c) => c.scope),
    claims.map((c) => c.key),
  ]);
  return {
    payments: rows
      .filter((r) => r.id !== null)
      .map((r) => ({ ...lockedPaymentFromRow(r), decisionFacts: r.decision_facts })),
    keys: rows[0]?.stored_keys ?? [],
    now: rows[0]!.tx_now,
  };
}

/**
 * A retry is allowed while the refund it retries is failed, on the same payment, and not retried
 * yet: the refusal, or undefined. Runs under the payment's row lock, like "refunded another way", so
 * the two exclude each other; the unique index on retry_of is the last word on concurrent retries
 * (two retries of one refund in one group fail it, and its requests are then accepted one by one).
 */
async function checkRetryable(
  tx: Queryable,
  retryOf: string,
  paymentId: string,
): Promise<ApiError | undefined> {
  const [failed] = await tx.query<{ status: RefundStatus; payment_id: string; retried_as: string | null }>(
    `SELECT r.status, r.payment_id, (SELECT id FROM refunds WHERE retry_of = r.id) AS retried_as
     FROM refunds r WHERE r.id = $1 FOR UPDATE`,
    [retryOf],
  );
  if (!failed || failed.payment_id !== paymentId) {
    return new ApiError(404, 'not_found', `No refund with id '${retryOf}' on this payment.`, 'id');
  }
  if (failed.retried_as) {
    return new ApiError(
      409,
      'already_retried',
      `Refund ${retryOf} was already tried again as ${failed.retried_as}.`,
      'id',
      { retried_as: failed.retried_as },
    );
  }
  if (failed.status !== 'failed') return notRetryable(retryOf, failed.status);
  return undefined;
}

/** The refusal to try again a refund that is not failed. */
export function notRetryable(id: string, status: RefundStatus): ApiError {
  return new ApiError(
    409,
    'not_retryable',
    `Refund ${id} is ${status}; only a failed refund can be tried again.`,
    'id',
  );
}

/** A refund row as inserted by a request. */
interface NewRefund {
  id: string;
  payment_id: string;
  amount: number;
  currency: string;
  reason: RefundReason;
  note: string | null;
  metadata: Record<string, string>;
  status: RefundStatus;
  requested_by: string;
  customer_token: string;
  stripe_idempotency_key: string;
  retry_of: string | null;
  reverse_transfer: boolean;
  refund_application_fee: boolean;
  approval_reasons: ApprovalReason[];
  /** The group's read's now(): created and updated at. */
  created_at: Date;
}

/**
 * Two data-modifying CTEs inserting accepted refunds (NewRefund rows with their `ord`, jsonb) with
 * their first history rows (from nothing to their status). Every column not given takes its
 * default, as insertedRefund says; created_at and updated_at are the group's read's now().
 */
const INSERT_REFUNDS = (param: string) => `input AS (
       SELECT * FROM jsonb_to_recordset(${param}::jsonb) AS r(ord int, id text, payment_id text, amount bigint,
         currency text, reason text, note text, metadata jsonb, status text, requested_by text,
         customer_token text, stripe_idempotency_key text, retry_of text, reverse_transfer boolean,
         refund_application_fee boolean, approval_reasons jsonb, created_at timestamptz)
     ), refund AS (
       INSERT INTO refunds (id, payment_id, amount, currency, reason, note, metadata, status, requested_by,
         customer_token, stripe_idempotency_key, retry_of, next_attempt_at, reverse_transfer, refund_application_fee,
         approval_reasons, created_at, updated_at)
       SELECT id, payment_id, amount, currency, reason, note, metadata, status, requested_by,
         customer_token, stripe_idempotency_key, retry_of, now(), reverse_transfer, refund_application_fee,
         approval_reasons, created_at, created_at
       FROM input ORDER BY ord
       RETURNING id, status, requested_by
     ), history AS (
       INSERT INTO refund_history (refund_id, from_status, to_status, actor, reason)
       SELECT id, NULL, status, requested_by, 'requested' FROM refund
     )`;

/**
 * The one statement that writes a group: $1, $2 the outbox (OUTBOX_INSERTS), $3 the keys with their
 * answers, $4 the rejections, $5 the refunds (INSERT_REFUNDS), $6 and $7 the payments the decisions
 * rest on and what was read of each (none when they are locked already). The payments are locked
 * (in id order) and checked first — the main query reads only that — and the inserts run after it.
 */
export const WRITE_GROUP = `WITH checked AS MATERIALIZED (
       ${paymentsByKey('$6', 'id, payment_decision_facts(payments) AS facts', ' FOR UPDATE')}
     ), ${keepAnswers('$3')}, ${OUTBOX_INSERTS}, rejected AS (
       INSERT INTO refund_rejections (payment_id, amount, currency, requested_by, violations)
       SELECT payment_id, amount, currency, requested_by, violations
       FROM jsonb_to_recordset($4::jsonb)
         AS r(payment_id text, amount bigint, currency text, requested_by text, violations jsonb)
     ), ${INSERT_REFUNDS('$5')}
     SELECT count(CASE WHEN c.facts IS DISTINCT FROM r.facts THEN payment_changed_since_read(r.id) END)::int
       AS changed
     FROM unnest(${planOnce('$6')}, ${planOnce('$7')}) AS r(id, facts) LEFT JOIN checked c ON c.id = r.id`;

/** The columns INSERT_REFUNDS leaves to their defaults (migrations 001, 010c, 014, 014b). */
const REFUND_DEFAULTS = {
  origin: 'refundry',
  stripe_refund_id: null,
  failure_code: null,
  failure_message: null,
  attempts: 0,
  approved_by: null,
  approved_at: null,
  lease_expires_at: null,
  sent_at: null,
  final_at: null,
  transfer_reversal_id: null,
  transfer_reversed: null,
  fee_refund_id: null,
  fee_refunded: null,
} as const satisfies Partial<Refund>;

/**
 * A refund as INSERT_REFUNDS stores it, without reading it back: the columns given, and the
 * defaults of the others. The return type makes the compiler name any column neither gives; a
 * test compares the result with the row read back.
 */
function insertedRefund({ stripe_idempotency_key: _key, ...given }: NewRefund): Refund {
  return { ...REFUND_DEFAULTS, ...given, updated_at: given.created_at };
}
