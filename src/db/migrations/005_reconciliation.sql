-- Reconciliation: each run compares the refunds Stripe created in a time window with Refundry's
-- and keeps its counts and every discrepancy it found, healed or left for a person.
CREATE TABLE reconciliation_runs (
  id text PRIMARY KEY,
  -- Stripe refunds created in [window_start, window_end) are compared.
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('waiting', 'running', 'completed', 'failed', 'canceled')),
  -- 'schedule', 'cli', 'key:<id>', 'user:<id>'.
  triggered_by text NOT NULL,
  -- Scheduled runs only ('daily:2026-11-25'): unique, so several processes start one run per slot.
  schedule_key text UNIQUE,
  stripe_refunds integer NOT NULL DEFAULT 0,
  -- Pairs per kind ('matched', 'status_mismatch', …), filled as pages are compared.
  counts jsonb NOT NULL DEFAULT '{}',
  -- Discrepancies left for a person when the run ended (resolutions later do not change it).
  flagged integer NOT NULL DEFAULT 0,
  healed integer NOT NULL DEFAULT 0,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  -- Written while a run waits or works; a run whose process died stops beating and is marked failed.
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  CHECK (window_end > window_start)
);
CREATE INDEX reconciliation_runs_created ON reconciliation_runs (created_at DESC, id DESC);
CREATE INDEX reconciliation_runs_live ON reconciliation_runs (heartbeat_at) WHERE status IN ('waiting', 'running');

CREATE TABLE reconciliation_discrepancies (
  id text PRIMARY KEY,
  -- Insertion order, for reports and cursors.
  seq bigserial NOT NULL,
  run_id text NOT NULL REFERENCES reconciliation_runs (id),
  kind text NOT NULL CHECK (kind IN (
    'status_mismatch', 'amount_mismatch', 'currency_mismatch', 'missing_here', 'unknown_payment',
    'missing_at_stripe', 'duplicate_at_stripe')),
  refund_id text,
  stripe_refund_id text,
  payment_id text,
  -- {amount, currency, status, payment_intent, charge, created} as Stripe has it, and
  -- {amount, currency, status, origin, stripe_refund_id} as Refundry has it.
  stripe_values jsonb,
  local_values jsonb,
  -- What the run did: 'healed' (through the normal transition path) or 'flagged' for a person.
  action text NOT NULL CHECK (action IN ('healed', 'flagged')),
  detail text NOT NULL,
  resolved_at timestamptz,
  resolved_by text,
  resolution_note text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reconciliation_discrepancies_run ON reconciliation_discrepancies (run_id, seq);
CREATE INDEX reconciliation_discrepancies_stripe ON reconciliation_discrepancies (stripe_refund_id);
CREATE INDEX reconciliation_discrepancies_refund ON reconciliation_discrepancies (refund_id);

-- The Stripe refund ids a run has seen, so that "sent here but absent at Stripe" is an anti-join
-- in SQL instead of a set held in memory. Emptied when the run ends.
CREATE TABLE reconciliation_seen (
  run_id text NOT NULL,
  stripe_refund_id text NOT NULL,
  PRIMARY KEY (run_id, stripe_refund_id)
);

-- One run at a time across every process sharing the database: a lease row, renewed while the run
-- works and taken over once expired (PGlite has one connection, so no session advisory lock).
CREATE TABLE reconciliation_lease (
  name text PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- Local refunds sent to Stripe, by the time they reached Stripe (or were learnt from it).
CREATE INDEX refunds_reconcile_window ON refunds ((COALESCE(sent_at, created_at))) WHERE stripe_refund_id IS NOT NULL;
