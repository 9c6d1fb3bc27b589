-- More room on each page for a refund's and a notification's next versions (issue #14).
--
-- In a 3,000-refund PostgreSQL pipeline bench with the fillfactors of migration 016, 2,556 of the
-- 9,677 updates of refunds and 1,658 of the 6,000 of notifications that change no indexed column
-- (a claim's lease, an observation's times) found no room on their page: each wrote an entry in
-- every index of the table (refunds has sixteen) instead of none. A refund is written three to four
-- times while in flight (claimed, stored as sent, its event observed, polled), a notification twice
-- (claimed, sent), and the versions they replace are pruned only once no transaction can still see
-- them. The settings apply to pages written from now on. In the same bench with these settings,
-- 5,867 of 9,430 updates of refunds and 2,491 of 6,000 of notifications were heap-only (4,121 and
-- 1,342 before), the server touched 276 buffers and wrote 81 WAL records per refund (311 and 94),
-- and the refunds table was 436 pages instead of 419: fewer dead index entries made up for the room.
ALTER TABLE refunds SET (fillfactor = 50);
ALTER TABLE notifications SET (fillfactor = 60);
-- A refund has a fee refund only when it took back an application fee (Connect): it is indexed only
-- where it has one, one index entry fewer per refund accepted and per refund whose status changes.
-- The one query on it names values (fee_refund_id = ANY($1)), which implies the predicate, so it
-- reads this index as before; a fee refund is still matched with at most one refund.
ALTER TABLE refunds DROP CONSTRAINT refunds_fee_refund_id_key;
CREATE UNIQUE INDEX refunds_fee_refund_id ON refunds (fee_refund_id) WHERE fee_refund_id IS NOT NULL;
