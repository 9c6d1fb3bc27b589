-- Two indexes of stripe_events that no statement reads (issue #14). Every Stripe event is written
-- twice (stored when received, marked applied), and the second write cannot be heap-only (applied_at
-- is in the predicate of stripe_events_unapplied), so each index cost two entries per event: in a
-- 3,000-refund PostgreSQL pipeline bench, 12,000 of the table's 21,000 index entries.
-- - stripe_events_received (received_at): the one query on received_at (the overview's webhook
--   health) counts with FILTER over the whole table, which an index does not serve.
-- - stripe_events_object (object_id): nothing looks events up by their object; the applier orders
--   its claim by (created, object_id, id) through stripe_events_unapplied, which keeps object_id.
-- What still reads an index: the claim (stripe_events_unapplied) and the id (the primary key: a
-- duplicate delivery, the applied mark). test/stripe-sync/stripe-events-indexes.test.ts holds them.
DROP INDEX stripe_events_received;
DROP INDEX stripe_events_object;
