-- Refunds inserted together (a group of accepted requests is one INSERT) update what is committed
-- against their payments once per statement, each payment once, instead of once per refund row:
-- an INSERT's trigger reads the rows it inserted (a transition table). Status and amount changes
-- keep the row trigger of migrations 013 and 015b.
DROP TRIGGER refunds_committed_amount ON refunds;
CREATE TRIGGER refunds_committed_amount AFTER UPDATE OF status, amount ON refunds
  FOR EACH ROW EXECUTE FUNCTION refunds_committed_amount();

CREATE FUNCTION refunds_committed_amount_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE payments p SET refunds_at_stripe = p.refunds_at_stripe + t.at_stripe,
    refunds_not_at_stripe = p.refunds_not_at_stripe + t.not_at_stripe
  FROM (
    SELECT payment_id,
      COALESCE(SUM(amount) FILTER (WHERE status IN ('pending', 'requires_action', 'succeeded')), 0) AS at_stripe,
      COALESCE(SUM(amount) FILTER (WHERE status IN ('awaiting_approval', 'queued', 'refunded_another_way')), 0) AS not_at_stripe
    FROM inserted GROUP BY payment_id
  ) t
  WHERE p.id = t.payment_id AND (t.at_stripe <> 0 OR t.not_at_stripe <> 0);
  RETURN NULL;
END;
$$;
CREATE TRIGGER refunds_committed_amount_inserted AFTER INSERT ON refunds
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION refunds_committed_amount_inserted();
