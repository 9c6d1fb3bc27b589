-- What is committed against each payment follows its refunds' status changes once per statement,
-- not once per refund row, and locks the payments it changes in id order (issue #14).
--
-- The row trigger of migrations 013/015b ran one UPDATE of payments per refund that moved (a
-- worker's group of sends, the applier's batch of events: ten or more per statement), in the order
-- the refunds happened to be updated. Acceptance locks its payments in id order; a worker group that
-- had updated payment B and then waited for payment A, while an acceptance group held A and asked
-- for B, was a deadlock: PostgreSQL found it after deadlock_timeout (1 s) and one side started again,
-- 2–3 times in each 3,000-refund pipeline bench. Now the statement's changes are summed per payment
-- (two refunds of one payment: one update of it) and the payments are locked in id order before any
-- is written, as acceptance locks them.
--
-- A statement-level trigger reads the rows it changed through transition tables, which PostgreSQL
-- does not allow together with a column list (UPDATE OF status, amount): it fires for every UPDATE
-- of refunds, and a statement that moves no amount between the two sums (a claim, a lease, an
-- observation's bookkeeping) finds nothing to write. Inserts keep their own statement trigger (015c).
DROP TRIGGER refunds_committed_amount ON refunds;

CREATE FUNCTION refunds_committed_amount_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH moved AS (
    -- Each row's amount leaves the sum its old status counted it in and joins its new status's
    -- (a payment_id that changed moves between payments the same way).
    SELECT payment_id, SUM(at_stripe) AS at_stripe, SUM(not_at_stripe) AS not_at_stripe
    FROM (
      SELECT payment_id,
        CASE WHEN status IN ('pending', 'requires_action', 'succeeded') THEN amount ELSE 0 END AS at_stripe,
        CASE WHEN status IN ('awaiting_approval', 'queued', 'refunded_another_way') THEN amount ELSE 0 END AS not_at_stripe
      FROM new_rows
      UNION ALL
      SELECT payment_id,
        CASE WHEN status IN ('pending', 'requires_action', 'succeeded') THEN -amount ELSE 0 END,
        CASE WHEN status IN ('awaiting_approval', 'queued', 'refunded_another_way') THEN -amount ELSE 0 END
      FROM old_rows
    ) counted
    GROUP BY payment_id
    HAVING SUM(at_stripe) <> 0 OR SUM(not_at_stripe) <> 0
  ), locked AS MATERIALIZED (
    -- Every lock this statement waits for is taken here, in id order.
    SELECT id FROM payments WHERE id IN (SELECT payment_id FROM moved) ORDER BY id FOR NO KEY UPDATE
  )
  UPDATE payments p SET refunds_at_stripe = p.refunds_at_stripe + m.at_stripe,
    refunds_not_at_stripe = p.refunds_not_at_stripe + m.not_at_stripe
  FROM moved m
  WHERE p.id = m.payment_id AND p.id IN (SELECT id FROM locked);
  RETURN NULL;
END;
$$;
CREATE TRIGGER refunds_committed_amount_updated AFTER UPDATE ON refunds
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION refunds_committed_amount_updated();

DROP FUNCTION refunds_committed_amount();
