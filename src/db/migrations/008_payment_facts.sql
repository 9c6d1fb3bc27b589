-- Facts about a payment come from Stripe, never from the caller (issue #10). Registering a payment
-- reads them from Stripe, and charge and dispute events keep them fresh:
--   stripe_customer_id     Stripe's customer (customer_id stays the merchant's own reference)
--   stripe_amount_refunded what Stripe counts as refunded on the charge (refunds made before the
--                          payment was registered included), a floor under Refundry's own sums
--   disputed               the charge is disputed (charged back): Stripe refuses to refund it
--   stripe_synced_at       when Stripe last told us these (an event's created, or a fetch), so an
--                          older event never overwrites a newer fact; NULL for rows registered
--                          before this migration, whose facts the caller gave
ALTER TABLE payments ADD COLUMN stripe_customer_id text;
ALTER TABLE payments ADD COLUMN stripe_amount_refunded bigint NOT NULL DEFAULT 0 CHECK (stripe_amount_refunded >= 0);
ALTER TABLE payments ADD COLUMN disputed boolean NOT NULL DEFAULT false;
ALTER TABLE payments ADD COLUMN stripe_synced_at timestamptz;

-- Two policy settings (NULL = the configured default, like the others):
--   allow_self_approval    a person or key may approve a refund they requested (one-person shops)
--   fraud_flagged_refunds  'refuse' fraud-flagged payments, or refund them 'with_approval'
ALTER TABLE policy_settings ADD COLUMN allow_self_approval boolean;
ALTER TABLE policy_settings ADD COLUMN fraud_flagged_refunds text
  CHECK (fraud_flagged_refunds IN ('refuse', 'with_approval'));
