-- Issue #13: next steps on a failed refund.
-- 'refunded_another_way': after a failure, a person recorded that the customer got the money another
-- way; it counts as refunded. Only 'failed' leads there (refund-states.ts).
ALTER TABLE refunds DROP CONSTRAINT refunds_status_check;
ALTER TABLE refunds ADD CONSTRAINT refunds_status_check CHECK (status IN (
  'awaiting_approval', 'queued', 'pending', 'requires_action',
  'succeeded', 'failed', 'canceled', 'rejected', 'refunded_another_way'));

-- "Try again": the new refund names the failed one it retries. Unique, so one failed refund has at
-- most one retry, whatever double clicks or concurrent requests happen (the retry can be retried).
ALTER TABLE refunds ADD COLUMN retry_of text REFERENCES refunds (id);
CREATE UNIQUE INDEX refunds_retry_of ON refunds (retry_of);
