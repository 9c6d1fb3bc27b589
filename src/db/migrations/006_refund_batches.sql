-- Bulk refunds (CSV import from the CLI or POST /api/v1/refund-batches) and the indexes the
-- scrape-time metrics need.

-- Each bulk row carries a stable key (from its normalised content and its occurrence among
-- identical rows of its file) in the refund's metadata. Unique here, so the key and the refund
-- commit together in requestRefund's transaction: importing the same file again, or two workers
-- racing on one row, can never make the same refund twice. NULLs (every other refund) never collide.
CREATE UNIQUE INDEX refunds_bulk_key ON refunds ((metadata ->> 'refundry_bulk_key'));

-- A batch submitted through the API, processed in the background by whichever process claims it
-- (FOR UPDATE SKIP LOCKED + a lease; an expired lease lets another process resume it).
CREATE TABLE refund_batches (
  id text PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  dry_run boolean NOT NULL,
  created_by text NOT NULL,
  source text NOT NULL CHECK (source IN ('csv', 'json')),
  total integer NOT NULL CHECK (total >= 0),
  -- Kept up to date row by row (in the row's own update), so progress reads need no count.
  processed integer NOT NULL DEFAULT 0,
  counts jsonb NOT NULL DEFAULT '{}',
  lease_owner text,
  lease_expires_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  error text,
  -- The submitter's Idempotency-Key: a retried POST returns the batch it already made.
  idempotency_key text,
  request_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refund_batches_open ON refund_batches (created_at) WHERE status IN ('queued', 'running');
CREATE INDEX refund_batches_created ON refund_batches (created_at DESC, id DESC);
CREATE UNIQUE INDEX refund_batches_idempotency ON refund_batches (created_by, idempotency_key);

-- One row per input row, in file order (seq), with its outcome once processed (outcome NULL =
-- still to do). `input` keeps the row as given, for the outcomes report.
CREATE TABLE refund_batch_rows (
  batch_id text NOT NULL REFERENCES refund_batches (id),
  seq integer NOT NULL,
  line integer NOT NULL,
  input jsonb NOT NULL,
  row_key text,
  outcome text,
  refund_id text,
  payment_id text,
  amount bigint,
  currency text,
  status text,
  error_code text,
  message text,
  violations jsonb,
  processed_at timestamptz,
  PRIMARY KEY (batch_id, seq)
);
CREATE INDEX refund_batch_rows_todo ON refund_batch_rows (batch_id, seq) WHERE outcome IS NULL;

-- Scrape-time metrics read recent final transitions from refund_history by time.
CREATE INDEX refund_history_final_at ON refund_history (at)
  WHERE to_status IN ('succeeded', 'failed', 'canceled', 'rejected');
