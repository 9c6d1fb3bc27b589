-- What is committed against a payment (migration 013) with Stripe's amount_refunded as a floor, as
-- paymentAmounts counts it: refunds Refundry has not recorded (made in Stripe before the payment
-- was registered, or whose event is on its way) count too, and a refund request reads it all from
-- the payment's row instead of summing the payment's refunds when Stripe has refunded something.
--   committed = max(refunds Stripe counts: succeeded + pending + requires_action,
--                   Stripe's amount_refunded)
--               + refunds Stripe does not count: awaiting_approval + queued + refunded_another_way
-- The trigger keeps the two sums; the column adds them up whenever either, or Stripe's figure,
-- changes.
ALTER TABLE payments ADD COLUMN refunds_at_stripe bigint NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN refunds_not_at_stripe bigint NOT NULL DEFAULT 0;

UPDATE payments p SET refunds_at_stripe = t.at_stripe, refunds_not_at_stripe = t.not_at_stripe
FROM (
  SELECT payment_id,
    COALESCE(SUM(amount) FILTER (WHERE status IN ('pending', 'requires_action', 'succeeded')), 0) AS at_stripe,
    COALESCE(SUM(amount) FILTER (WHERE status IN ('awaiting_approval', 'queued', 'refunded_another_way')), 0) AS not_at_stripe
  FROM refunds GROUP BY payment_id
) t
WHERE p.id = t.payment_id;

ALTER TABLE payments DROP COLUMN committed_amount;
ALTER TABLE payments ADD COLUMN committed_amount bigint
  GENERATED ALWAYS AS (GREATEST(refunds_at_stripe, stripe_amount_refunded) + refunds_not_at_stripe) STORED;

CREATE OR REPLACE FUNCTION refunds_committed_amount() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  at_before bigint := 0;
  at_after bigint := 0;
  not_before bigint := 0;
  not_after bigint := 0;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.status IN ('pending', 'requires_action', 'succeeded') THEN
      at_before := OLD.amount;
    ELSIF OLD.status IN ('awaiting_approval', 'queued', 'refunded_another_way') THEN
      not_before := OLD.amount;
    END IF;
  END IF;
  IF NEW.status IN ('pending', 'requires_action', 'succeeded') THEN
    at_after := NEW.amount;
  ELSIF NEW.status IN ('awaiting_approval', 'queued', 'refunded_another_way') THEN
    not_after := NEW.amount;
  END IF;
  IF at_after <> at_before OR not_after <> not_before THEN
    UPDATE payments SET refunds_at_stripe = refunds_at_stripe + at_after - at_before,
      refunds_not_at_stripe = refunds_not_at_stripe + not_after - not_before
    WHERE id = NEW.payment_id;
  END IF;
  RETURN NULL;
END;
$$;
