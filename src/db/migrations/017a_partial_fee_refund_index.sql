-- A refund's application fee refund (Connect, migration 014) is indexed only where it has one, as
-- migration 015d did for the other columns a refund is accepted without: a plain UNIQUE column
-- holds an entry for every NULL too, one index entry written per accepted refund for nothing (issue
-- #14). Two refunds still never share a fee refund (fee-refunds.ts: the race for it is settled by
-- this index), and the queries on it name a value (`= $2`, `= ANY($1)`), which implies the
-- predicate (test/refunds/refund-indexes.test.ts).
ALTER TABLE refunds DROP CONSTRAINT refunds_fee_refund_id_key;
CREATE UNIQUE INDEX refunds_fee_refund_id ON refunds (fee_refund_id) WHERE fee_refund_id IS NOT NULL;
