// Shared test helpers: payments and queued refunds inserted directly with SQL (as the API would).
import type Stripe from 'stripe';
import type { Queryable } from '../../src/db/db.ts';
import { newId } from '../../src/shared/ids.ts';

export async function insertPayment(db: Queryable, charge: { id: string; amount: number }): Promise<string> {
  const id = newId('pay');
  await db.query(
    `INSERT INTO payments (id, stripe_charge_id, amount, currency, captured_at) VALUES ($1, $2, $3, 'usd', now())`,
    [id, charge.id, charge.amount],
  );
  return id;
}

export async function insertQueuedRefund(db: Queryable, paymentId: string, amount: number): Promise<string> {
  const id = newId('rf');
  await db.query(
    `INSERT INTO refunds (id, payment_id, amount, currency, reason, status, requested_by, stripe_idempotency_key, next_attempt_at)
     VALUES ($1, $2, $3, 'usd', 'requested_by_customer', 'queued', 'test', $4, now())`,
    [id, paymentId, amount, `rfk_${id}`],
  );
  return id;
}

/** Every sandbox refund, grouped by Refundry's id in metadata. */
export async function stripeRefundsByRefundryId(stripe: Stripe): Promise<Map<string, string[]>> {
  const groups = new Map<string, string[]>();
  for await (const refund of stripe.refunds.list({ limit: 100 })) {
    const key = refund.metadata?.refundry_refund_id ?? '(none)';
    groups.set(key, [...(groups.get(key) ?? []), refund.id]);
  }
  return groups;
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, stepMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
