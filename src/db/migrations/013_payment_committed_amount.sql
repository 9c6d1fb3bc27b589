-- What is committed against each payment (refunds succeeded, refunded another way or still in
-- flight, as paymentAmounts counts them), kept on the payment's row by a trigger, so a refund
-- request reads it with the payment lock it takes anyway:
-- SELECT … FOR UPDATE returns the row as the last committed writer left it, so the amount is
-- exact however many requests wait on the payment, and reading it costs nothing per refund
-- already made (the sum it replaces grew with every refund of the payment).
ALTER TABLE payments ADD COLUMN committed_amount bigint NOT NULL DEFAULT 0;

UPDATE payments p SET committed_amount = t.total
FROM (
  SELECT payment_id, SUM(amount) AS total FROM refunds
  WHERE status IN ('awaiting_approval', 'queued', 'pending', 'requires_action', 'succeeded', 'refunded_another_way')
  GROUP BY payment_id
) t
WHERE p.id = t.payment_id;

-- Every writer of refunds goes through here: inserts, status changes (a refund that fails, is
-- canceled or rejected gives its amount back) and amount corrections.
CREATE FUNCTION refunds_committed_amount() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before bigint := 0;
  after bigint := 0;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status IN ('awaiting_approval', 'queued', 'pending', 'requires_action', 'succeeded', 'refunded_another_way') THEN
    before := OLD.amount;
  END IF;
  IF NEW.status IN ('awaiting_approval', 'queued', 'pending', 'requires_action', 'succeeded', 'refunded_another_way') THEN
    after := NEW.amount;
  END IF;
  IF after <> before THEN
    UPDATE payments SET committed_amount = committed_amount + after - before WHERE id = NEW.payment_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER refunds_committed_amount AFTER INSERT OR UPDATE OF status, amount ON refunds
  FOR EACH ROW EXECUTE FUNCTION refunds_committed_amount();
