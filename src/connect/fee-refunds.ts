// Which fee refund (fr_…) a refund made. Stripe refunds the platform's application fee with a
// refund that asks `refund_application_fee`, but links neither to the other: the fee lists its
// refunds, each with an amount and a time. A refund is matched, once Stripe answered it, with the
// fee refund made at the same time that no other refund of Refundry's has taken (the earliest such;
// the unique fee_refund_id column settles two refunds of one payment racing for it). Refunds of one
// payment sent in the same second may swap their fee refunds between them; the amounts on the
// payment (the fee's amount_refunded, from Stripe) are right whatever the match.
import type { Queryable } from '../db/db.ts';
import type { StripeFeeRefund } from '../stripe/gateway.ts';

/** Seconds a fee refund's `created` may lie before the refund's (clocks within Stripe). */
const SLACK_S = 5;

/** The fee refund a refund created at `refundCreated` made, among those not taken (pure). */
export function pickFeeRefund(
  candidates: readonly StripeFeeRefund[],
  refundCreated: number,
  taken: ReadonlySet<string>,
): StripeFeeRefund | undefined {
  return candidates
    .filter((f) => !taken.has(f.id) && f.created >= refundCreated - SLACK_S)
    .sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1))[0];
}

/** The fee refund ids already matched to a refund here. */
export async function takenFeeRefunds(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ fee_refund_id: string }>(
    'SELECT fee_refund_id FROM refunds WHERE fee_refund_id = ANY($1)',
    [ids],
  );
  return new Set(rows.map((r) => r.fee_refund_id));
}
