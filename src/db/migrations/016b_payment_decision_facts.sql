-- What a refund decision reads of a payment, as one value: the acceptor's unlocked read takes it
-- and its write (which locks the payment) compares it, instead of the row version (xmin, migration
-- 015). Since 015b every status change of a refund updates its payment's sums, so comparing the
-- row version sent a group in flight back to be decided again whenever a worker sent or settled any
-- refund of any of its payments — though what is committed (committed_amount) had not moved.
--
-- Everything of the row counts except the columns no decision reads: the two sums and Stripe's
-- amount_refunded (the decision reads committed_amount, made of them, which counts) and the times
-- Stripe's facts were observed. A column added later counts until it is listed here: a change the
-- decision might read never goes unseen, at worst a group is decided again for nothing. The row's
-- text is the same on every connection of one server (same settings), and hashed to keep the
-- parameters short.
CREATE FUNCTION payment_decision_facts(p payments) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT md5((to_jsonb(p) - ARRAY['refunds_at_stripe', 'refunds_not_at_stripe', 'stripe_amount_refunded',
    'stripe_synced_at', 'connect_synced_at'])::text)
$$;
