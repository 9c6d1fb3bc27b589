// Issue #15, "What must be shown": a platform with three connected accounts, through the whole
// service over real HTTP (API, workers, the platform's and the Connect webhook receivers, applier,
// poller, backfill per account) against the sandbox with webhook faults on (30% of deliveries
// dropped, duplicates ×3, reordering, delays). Destination and direct charges; partial and full
// refunds, with and without reversing the transfer and refunding the fee; a refund made directly in
// Stripe on a connected account's payment Refundry has never seen (found through its Connect event).
// Every local status ends equal to Stripe's on the right account, every reversal and fee refund is
// Stripe's own, the payments' fee and transfer totals are Stripe's, and a reconciliation lists each
// account and matches everything, counting the transfer reversals' mirror refunds apart.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/db.ts';
import { createReconciler } from '../../src/reconciliation/reconcile.ts';
import { listRunAccounts } from '../../src/reconciliation/runs.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createStripeGateway } from '../../src/stripe/stripe-gateway.ts';
import { type Harness, harnessApi, startHarness, until } from '../stripe-sync/harness.ts';
import { createTestDb, type Engine, engines } from '../support/databases.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { connectedAccount, destinationCharge, directCharge } from './platform.ts';

const engine: Engine =
  (process.env.E2E_ENGINE as Engine | undefined) ?? (engines().includes('postgres') ? 'postgres' : 'pglite');

type Kind = 'destination' | 'direct';
interface Plan {
  account: string;
  kind: Kind;
  card: string;
  amount: number;
  fee: number;
  /** Refunds asked, in order: amount (undefined = all that remains) and what to take back. */
  refunds: Array<{ amount?: number; reverse: boolean; fee: boolean }>;
  paymentId?: string;
  stripeId?: string;
  refundIds: string[];
}

describe(`a platform with three connected accounts, end to end with webhook faults, on ${engine}`, () => {
  let db: Db;
  let sb: TestSandbox;
  let harness: Harness;

  beforeAll(async () => {
    db = await createTestDb(engine);
    sb = await startTestSandbox();
    harness = await startHarness(db, sb, {
      webhooks: true,
      connect: true,
      settings: {
        pollAfterSeconds: 5,
        pollMaxIntervalSeconds: 10,
        pollSucceededChecks: 1,
        pollSucceededAfterSeconds: 5,
        backfillIntervalSeconds: 2,
        backfillOverlapSeconds: 5,
      },
    });
  });
  afterAll(async () => {
    await harness?.stop();
    await sb?.close();
    await db?.close();
  });

  it('ends with every refund as Stripe has it on its account, and a reconciliation that matches per account', async () => {
    const { stripe } = sb;
    const admin = (await createApiKey(db, { name: 'platform', scopes: ['admin'] })).key;
    const api = harnessApi(harness, admin);
    const faults = await fetch(`${sb.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        seed: '15',
        webhookDropShare: '0.3',
        webhookDuplicateShare: '0.3',
        webhookDuplicateCount: '3',
        webhookReorderShare: '0.3',
        webhookDelayMs: '0..100',
      }).toString(),
    });
    expect(faults.status).toBe(200);

    const accounts = [
      await connectedAccount(stripe, 'Alpha Books'),
      await connectedAccount(stripe, 'Beta Bikes'),
      await connectedAccount(stripe, 'Gamma Games', 'GB'),
    ];
    // Per account and kind of charge: a full refund taking everything back, a full one taking
    // nothing back, partials that add up to the whole (reversing as they go), a partial without.
    const shapes: Array<Pick<Plan, 'card' | 'amount' | 'fee' | 'refunds'>> = [
      { card: 'pm_card_visa', amount: 10_000, fee: 1_230, refunds: [{ reverse: true, fee: true }] },
      { card: 'pm_card_pendingRefund', amount: 7_777, fee: 501, refunds: [{ reverse: false, fee: false }] },
      {
        card: 'pm_card_visa',
        amount: 9_999,
        fee: 999,
        refunds: [
          { amount: 3_333, reverse: true, fee: true },
          { amount: 3_333, reverse: true, fee: true },
          { reverse: true, fee: true },
        ],
      },
      {
        card: 'pm_card_pendingRefund',
        amount: 5_000,
        fee: 0,
        refunds: [{ amount: 1_234, reverse: false, fee: false }],
      },
    ];
    const plans: Plan[] = [];
    for (const account of accounts) {
      for (const kind of ['destination', 'direct'] as const) {
        for (const shape of shapes) plans.push({ account, kind, ...shape, refundIds: [] });
      }
    }

    // The customers pay; the platform registers each payment (a destination charge by its id at the
    // platform, a direct charge on its account) and asks for the refunds.
    for (const plan of plans) {
      const charge = { amount: plan.amount, card: plan.card, ...(plan.fee ? { fee: plan.fee } : {}) };
      if (plan.kind === 'destination') {
        plan.stripeId = await destinationCharge(stripe, plan.account, charge);
        const found = (await api('GET', `/payments?q=${plan.stripeId}`)) as { data: Array<{ id: string }> };
        plan.paymentId = found.data[0]!.id;
      } else {
        plan.stripeId = await directCharge(stripe, plan.account, charge);
        const registered = await api('POST', '/payments', {
          stripe_id: plan.stripeId,
          stripe_account: plan.account,
        });
        plan.paymentId = String(registered.id);
      }
    }
    for (const plan of plans) {
      for (const r of plan.refunds) {
        if (r.amount === undefined && plan.refundIds.length > 0) {
          // "The rest" is asked once the partials before it are sent. While a worker's send is in
          // flight, Stripe's amount_refunded (from a webhook that may come first) can already count
          // a refund Refundry still has as queued: the service then counts it twice and refuses
          // with nothing_to_refund, erring on the side of never over-refunding.
          await until(
            async () => {
              for (const id of plan.refundIds) {
                const earlier = (await api('GET', `/refunds/${id}`)) as { status: string };
                if (earlier.status === 'queued') return false;
              }
              return true;
            },
            60_000,
            'the partial refunds before the rest sent',
          );
        }
        const refund = await api('POST', '/refunds', {
          payment_id: plan.paymentId,
          ...(r.amount ? { amount: r.amount } : {}),
          reason: 'requested_by_customer',
          // Direct charges have no transfer to reverse: only the fee is asked there.
          ...(plan.kind === 'destination' ? { reverse_transfer: r.reverse } : {}),
          ...(plan.fee ? { refund_application_fee: r.fee } : {}),
        });
        plan.refundIds.push(String(refund.id));
      }
    }

    // A refund made directly in Stripe on a direct charge Refundry has never seen: its Connect
    // event (or the account's backfill) makes Refundry fetch the payment from that account.
    const stranger = await directCharge(stripe, accounts[2]!, { amount: 4_200, fee: 420 });
    const outside = await stripe.refunds.create(
      { payment_intent: stranger, amount: 1_000, refund_application_fee: true },
      { stripeAccount: accounts[2]! },
    );

    // Every refund sent and its send stored by the worker (a webhook may have moved it first).
    const asked = plans.reduce((n, p) => n + p.refunds.length, 0);
    await until(
      async () => (harness.workers?.stats.sent ?? 0) >= asked,
      60_000,
      'every refund sent to Stripe',
    );
    expect(harness.workers!.stats.sent).toBe(asked);
    // What each refund took back is known from the worker's own commit, whatever the webhooks did
    // first and whichever refund of a payment won a fee refund: no waiting for events here.
    const taken = await db.query<{
      id: string;
      status: string;
      transfer_reversal_id: string | null;
      transfer_reversed: string | null;
      fee_refund_id: string | null;
      fee_refunded: string | null;
    }>(
      `SELECT r.id, r.status, r.transfer_reversal_id, r.transfer_reversed, r.fee_refund_id, r.fee_refunded
       FROM refunds r WHERE r.id = ANY($1)`,
      [plans.flatMap((p) => p.refundIds)],
    );
    expect(taken).toHaveLength(asked);
    for (const plan of plans) {
      for (const [k, ask] of plan.refunds.entries()) {
        const row = taken.find((r) => r.id === plan.refundIds[k])!;
        expect(row.status, row.id).not.toBe('queued');
        const reverses = plan.kind === 'destination' && ask.reverse;
        expect(row.transfer_reversal_id !== null, `${row.id} reversal`).toBe(reverses);
        expect(row.transfer_reversed !== null, `${row.id} reversed amount`).toBe(reverses);
        const refundsFee = plan.fee > 0 && ask.fee;
        expect(row.fee_refund_id !== null, `${row.id} fee refund`).toBe(refundsFee);
        expect(row.fee_refunded !== null, `${row.id} fee refunded`).toBe(refundsFee);
      }
    }
    // Fee refunds matched once each (the unique index), none left over.
    expect(new Set(taken.map((r) => r.fee_refund_id).filter(Boolean)).size).toBe(
      taken.filter((r) => r.fee_refund_id).length,
    );
    // Pending refunds settle at Stripe.
    await sb.advance(2 * 3600);

    // Every local refund ends as Stripe has it, read on the account it lives on.
    const stripeStatus = async (): Promise<Map<string, { status: string; account: string | null }>> => {
      const seen = new Map<string, { status: string; account: string | null }>();
      for (const account of [null, ...accounts]) {
        for await (const r of stripe.refunds.list(
          { limit: 100 },
          account ? { stripeAccount: account } : {},
        )) {
          seen.set(r.id, { status: r.status!, account });
        }
      }
      return seen;
    };
    let mismatches: string[] = [];
    await until(
      async () => {
        const remote = await stripeStatus();
        const local = await db.query<{ id: string; status: string; stripe_refund_id: string | null }>(
          'SELECT id, status, stripe_refund_id FROM refunds',
        );
        mismatches = local
          .filter((r) => !r.stripe_refund_id || remote.get(r.stripe_refund_id)?.status !== r.status)
          .map(
            (r) =>
              `${r.id}: ${r.status} here, ${r.stripe_refund_id ? remote.get(r.stripe_refund_id)?.status : 'not sent'}`,
          );
        const expected = plans.reduce((n, p) => n + p.refunds.length, 0) + 1; // + the outside refund
        return local.length === expected && mismatches.length === 0;
      },
      90_000,
      'every local status to equal Stripe’s',
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${mismatches.slice(0, 5).join('; ')}`);
    });

    // Direct charges' refunds live on their accounts, destination charges' on the platform.
    const remote = await stripeStatus();
    for (const plan of plans) {
      const rows = await db.query<{ stripe_refund_id: string }>(
        'SELECT stripe_refund_id FROM refunds WHERE id = ANY($1)',
        [plan.refundIds],
      );
      for (const row of rows) {
        expect(remote.get(row.stripe_refund_id)?.account).toBe(plan.kind === 'direct' ? plan.account : null);
      }
    }

    // The outside refund: recorded as external on the payment fetched from its account.
    const [external] = await db.query<{ origin: string; payment_id: string; stripe_account: string | null }>(
      `SELECT r.origin, r.payment_id, p.stripe_account FROM refunds r JOIN payments p ON p.id = r.payment_id
       WHERE r.stripe_refund_id = $1`,
      [outside.id],
    );
    expect(external).toMatchObject({ origin: 'external', stripe_account: accounts[2] });

    // What each refund took back is Stripe's own: the reversal on the refund, the fee refunds on the
    // fee; and every payment's totals equal Stripe's (events applied, whatever the faults did).
    await until(
      async () => {
        for (const plan of plans) {
          const p = (await api('GET', `/payments/${plan.paymentId}`)) as {
            application_fee: { id: string; amount_refunded: number } | null;
            transfer: { id: string; amount_reversed: number } | null;
          };
          if (p.application_fee) {
            const fee = await stripe.applicationFees.retrieve(p.application_fee.id);
            if (fee.amount_refunded !== p.application_fee.amount_refunded) return false;
          }
          if (p.transfer) {
            const transfer = await stripe.transfers.retrieve(p.transfer.id);
            if (transfer.amount_reversed !== p.transfer.amount_reversed) return false;
          }
        }
        return true;
      },
      60_000,
      "the payments' fee and transfer totals to equal Stripe's",
    );
    for (const plan of plans) {
      const p = (await api('GET', `/payments/${plan.paymentId}`)) as {
        charge_type: string;
        connected_account: string;
        application_fee: { id: string; amount: number; amount_refunded: number } | null;
        transfer: { id: string; amount: number; amount_reversed: number } | null;
      };
      expect(p.charge_type).toBe(plan.kind);
      expect(p.connected_account).toBe(plan.account);
      const refunds = await db.query<{
        stripe_refund_id: string;
        transfer_reversal_id: string | null;
        transfer_reversed: string | null;
        fee_refunded: string | null;
      }>(
        'SELECT stripe_refund_id, transfer_reversal_id, transfer_reversed, fee_refunded FROM refunds WHERE id = ANY($1)',
        [plan.refundIds],
      );
      let reversed = 0;
      let feeRefunded = 0;
      for (const r of refunds) {
        const atStripe = await stripe.refunds.retrieve(
          r.stripe_refund_id,
          { expand: ['transfer_reversal'] },
          plan.kind === 'direct' ? { stripeAccount: plan.account } : {},
        );
        const reversal = atStripe.transfer_reversal as Stripe.TransferReversal | null;
        expect(r.transfer_reversal_id).toBe(reversal?.id ?? null);
        expect(r.transfer_reversed === null ? null : Number(r.transfer_reversed)).toBe(
          reversal?.amount ?? null,
        );
        reversed += Number(r.transfer_reversed ?? 0);
        feeRefunded += Number(r.fee_refunded ?? 0);
      }
      if (p.transfer) expect(reversed).toBe(p.transfer.amount_reversed);
      if (p.application_fee) expect(feeRefunded).toBe(p.application_fee.amount_refunded);
      // Partial refunds that add up to the whole take back the whole transfer and fee, exactly.
      const whole =
        plan.refunds.length > 1 || (plan.refunds[0]!.amount === undefined && plan.refunds[0]!.reverse);
      if (whole && p.transfer) expect(p.transfer.amount_reversed).toBe(p.transfer.amount);
      if (whole && p.application_fee && plan.refunds.every((r) => r.fee))
        expect(p.application_fee.amount_refunded).toBe(p.application_fee.amount);
    }

    // The transfer reversals' mirror refunds (pyr_ on the connected accounts) are no customer's
    // refunds: heard, never recorded as refunds or payments here.
    const mirrors = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM stripe_events WHERE result = 'transfer_reversal'",
    );
    expect(mirrors[0]!.n).toBeGreaterThan(0);
    const pyPayments = await db.query("SELECT 1 FROM payments WHERE stripe_charge_id LIKE 'py_%'");
    expect(pyPayments).toEqual([]);

    // The faults were real: duplicates reached the receivers, and some events came by backfill.
    const scrape = await harness.metrics.registry.metrics();
    expect(scrape).toMatch(/refundry_webhook_events_total\{type="refund\.[a-z]+",result="duplicate"\} [1-9]/);
    const byBackfill = await db.query<{ account: string | null }>(
      "SELECT DISTINCT account FROM stripe_events WHERE source = 'backfill' AND account IS NOT NULL",
    );
    expect(byBackfill.length).toBeGreaterThan(0);

    // Reconciliation lists every account and matches everything.
    const reconciler = createReconciler({ db, gateway: createStripeGateway(stripe), logger: silentLogger() });
    const started = await reconciler.start({
      window: { start: new Date(Date.now() - 86_400_000), end: new Date(Date.now() + 3 * 3_600_000) },
      triggeredBy: 'test',
    });
    const run = await started!.done;
    await reconciler.stop();
    expect(run.status).toBe('completed');
    expect(run.flagged).toBe(0);
    expect(Object.keys(run.counts).sort()).toEqual(['matched', 'transfer_reversal']);
    const perAccount = await listRunAccounts(db, run.id);
    expect(perAccount.map((a) => a.account)).toEqual(['platform', ...[...accounts].sort()]);
    for (const a of perAccount) {
      const listed = [...remote.values()].filter((r) => (r.account ?? 'platform') === a.account).length;
      expect(a.stripeRefunds, a.account).toBe(listed);
      expect((a.counts.matched ?? 0) + (a.counts.transfer_reversal ?? 0), a.account).toBe(listed);
    }
    // Every connected account got mirror refunds of its destination charges' reversals.
    for (const a of perAccount.filter((x) => x.account !== 'platform')) {
      expect(a.counts.transfer_reversal ?? 0, a.account).toBeGreaterThan(0);
    }
    const report = await api('GET', `/reconciliation/runs/${run.id}`);
    expect(
      (report.accounts as Array<{ account: string; discrepancies: number }>).map((a) => a.discrepancies),
    ).toEqual([0, 0, 0, 0]);
  }, 240_000);
});
