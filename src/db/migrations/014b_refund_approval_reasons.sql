-- Why a refund waits for an approver, as decided when it was accepted, so the approvals queue can
-- say it in words: 'above_threshold', 'fraud_flagged', and (Connect, issue #15) 'transfer_uncovered'
-- — its share of a destination charge's transfer is more than the transfer has left to reverse, so
-- the platform would bear the difference. Empty for refunds that never waited (and for those
-- accepted before this column existed: the queue then shows what it showed before).
ALTER TABLE refunds ADD COLUMN approval_reasons jsonb NOT NULL DEFAULT '[]'::jsonb;
