-- Issue #13: the dashboard's search box finds a payment by any of its ids, order, customer or
-- email, and by a refund's ids, by prefix and in any case. One btree per searched field on its
-- lowercased value with text_pattern_ops, so a prefix is an index range scan (~>=~ / ~<~) on
-- PostgreSQL and PGlite alike, whatever the database's collation; equality uses them too.
CREATE INDEX payments_search_id ON payments (lower(id) text_pattern_ops);
CREATE INDEX payments_search_pi ON payments (lower(stripe_payment_intent_id) text_pattern_ops);
CREATE INDEX payments_search_ch ON payments (lower(stripe_charge_id) text_pattern_ops);
CREATE INDEX payments_search_order ON payments (lower(order_id) text_pattern_ops);
CREATE INDEX payments_search_customer ON payments (lower(customer_id) text_pattern_ops);
-- Replaces the plain lower(customer_email) index: the same equality lookups, and prefixes too.
DROP INDEX payments_customer_email;
CREATE INDEX payments_search_email ON payments (lower(customer_email) text_pattern_ops);
CREATE INDEX refunds_search_id ON refunds (lower(id) text_pattern_ops);
CREATE INDEX refunds_search_stripe ON refunds (lower(stripe_refund_id) text_pattern_ops);
-- Search results come newest first: with this, a prefix most payments share is answered by reading
-- the newest payments until a page is full, instead of every match.
CREATE INDEX payments_created ON payments (created_at DESC, id DESC);
