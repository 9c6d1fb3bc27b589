-- What a refund decision reads of a payment (migration 016b), computed at about a quarter of the
-- CPU (issue #14): the acceptor computes it twice per payment of every group (its read and its
-- write's check). 016b built a jsonb object of the whole row (every column rendered, keys sorted),
-- removed five keys, and rendered it again as text: 16 µs a payment. Here the row keeps its shape and
-- the five columns no decision reads are set to constants (jsonb_populate_record over the row), and
-- the row's own text is hashed: 4 µs. It means the same: every column counts except the two sums,
-- Stripe's amount_refunded and the times Stripe's facts were observed — a column added later counts
-- until it is listed here (test/refunds/decision-facts.test.ts).
CREATE OR REPLACE FUNCTION payment_decision_facts(p payments) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT md5(jsonb_populate_record(p, '{"refunds_at_stripe": 0, "refunds_not_at_stripe": 0,
    "stripe_amount_refunded": 0, "stripe_synced_at": null, "connect_synced_at": null}')::text)
$$;
