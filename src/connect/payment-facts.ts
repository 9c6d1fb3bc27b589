// A payment's Stripe Connect facts: the account its charge lives on, the platform's application fee
// and a destination charge's transfer, with what Stripe has refunded of the fee and reversed of the
// transfer. Read from Stripe when the payment is registered, refreshed by `application_fee.refunded`
// and `transfer.reversed` events and by what each refund's answer says. Never from a caller.
//
// What is refunded of a fee and reversed of a transfer only ever grows at Stripe (neither can be
// undone), so an update keeps the larger of the stored and the observed amount: an old event that
// arrives late cannot lower it, whatever the order.
import type { Queryable } from '../db/db.ts';
import type { PaymentConnectFacts } from '../stripe/gateway.ts';

/** Stores the Connect facts read from Stripe on a registered payment. */
export async function applyConnectFacts(
  db: Queryable,
  paymentId: string,
  facts: PaymentConnectFacts,
  observedAt: Date = new Date(),
): Promise<void> {
  await db.query(
    `UPDATE payments SET
       stripe_account = COALESCE(stripe_account, $2),
       application_fee_id = COALESCE(application_fee_id, $3),
       application_fee_amount = COALESCE($4, application_fee_amount),
       application_fee_refunded = GREATEST(application_fee_refunded, COALESCE($5, 0)),
       transfer_id = COALESCE(transfer_id, $6),
       transfer_destination = COALESCE(transfer_destination, $7),
       transfer_amount = COALESCE($8, transfer_amount),
       transfer_reversed = GREATEST(transfer_reversed, COALESCE($9, 0)),
       connect_synced_at = GREATEST(connect_synced_at, $10)
     WHERE id = $1`,
    [
      paymentId,
      facts.account,
      facts.applicationFee?.id ?? null,
      facts.applicationFee?.amount ?? null,
      facts.applicationFee?.amountRefunded ?? null,
      facts.transfer?.id ?? null,
      facts.transfer?.destination ?? null,
      facts.transfer?.amount ?? null,
      facts.transfer?.amountReversed ?? null,
      observedAt,
    ],
  );
}

/** The columns of what is taken back of a fee (refunded) and of a transfer (reversed). */
const TAKEN_BACK = {
  application_fee: { id: 'application_fee_id', amount: 'application_fee_refunded' },
  transfer: { id: 'transfer_id', amount: 'transfer_reversed' },
} as const;

/**
 * An `application_fee.refunded` or `transfer.reversed` event (or the fee or transfer read from
 * Stripe): `amount` is what is refunded of the fee or reversed of the transfer `id`. False when no
 * payment has it.
 */
export async function applyTakenBack(
  db: Queryable,
  of: keyof typeof TAKEN_BACK,
  id: string,
  amount: number,
  observedAt: Date,
): Promise<boolean> {
  const c = TAKEN_BACK[of];
  const rows = await db.query(
    `UPDATE payments SET ${c.amount} = GREATEST(${c.amount}, $2),
       connect_synced_at = GREATEST(connect_synced_at, $3)
     WHERE ${c.id} = $1 RETURNING id`,
    [id, amount, observedAt],
  );
  return rows.length > 0;
}

/**
 * The reversals listed on a transfer (a `transfer.reversed` event's, newest first): each names
 * the refund that made it (`source_refund`), whose reversal and amount are recorded if not yet.
 */
export async function applyReversalsOfRefunds(
  db: Queryable,
  reversals: ReadonlyArray<{ id: string; amount: number; source_refund?: string | { id: string } | null }>,
): Promise<void> {
  const made = reversals
    .map((r) => ({
      id: r.id,
      amount: r.amount,
      refund: typeof r.source_refund === 'string' ? r.source_refund : (r.source_refund?.id ?? null),
    }))
    .filter((r): r is { id: string; amount: number; refund: string } => r.refund !== null);
  if (made.length === 0) return;
  await db.query(
    `UPDATE refunds r SET transfer_reversal_id = COALESCE(r.transfer_reversal_id, x.id),
       transfer_reversed = COALESCE(r.transfer_reversed, x.amount)
     FROM unnest($1::text[], $2::bigint[], $3::text[]) AS x(id, amount, refund)
     WHERE r.stripe_refund_id = x.refund AND (r.transfer_reversed IS NULL OR r.transfer_reversal_id IS NULL)
       AND (r.transfer_reversal_id IS NULL OR r.transfer_reversal_id = x.id)`,
    [made.map((r) => r.id), made.map((r) => r.amount), made.map((r) => r.refund)],
  );
}
