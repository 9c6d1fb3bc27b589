-- Columns a refund has no value in when it is accepted (its Stripe id, the refund it retries, a
-- bulk row's key) are indexed only where they have one: accepting a refund writes four index
-- entries fewer (a unique index holds NULLs too, never conflicting). Every query on them names a
-- value (`= $1`, a prefix range on lower()), which implies the predicate, so they use these
-- indexes as before (test/payments/search-plan.test.ts, test/refunds/accept-plan.test.ts).
ALTER TABLE refunds DROP CONSTRAINT refunds_stripe_refund_id_key;
CREATE UNIQUE INDEX refunds_stripe_refund_id ON refunds (stripe_refund_id) WHERE stripe_refund_id IS NOT NULL;
DROP INDEX refunds_retry_of;
CREATE UNIQUE INDEX refunds_retry_of ON refunds (retry_of) WHERE retry_of IS NOT NULL;
DROP INDEX refunds_bulk_key;
CREATE UNIQUE INDEX refunds_bulk_key ON refunds ((metadata ->> 'refundry_bulk_key'))
  WHERE (metadata ->> 'refundry_bulk_key') IS NOT NULL;
DROP INDEX refunds_search_stripe;
CREATE INDEX refunds_search_stripe ON refunds (lower(stripe_refund_id) text_pattern_ops)
  WHERE lower(stripe_refund_id) IS NOT NULL;
