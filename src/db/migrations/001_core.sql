-- Refundry's core schema. Money is an integer in the currency's minor unit (bigint) with a
-- lowercase ISO 4217 currency beside it. Times are timestamptz. Ids are prefixed random strings
-- made by the application (pay_…, rf_…, key_…).

CREATE TABLE payments (
  id text PRIMARY KEY,
  stripe_payment_intent_id text UNIQUE,
  stripe_charge_id text UNIQUE,
  order_id text,
  customer_id text,
  customer_email text,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  captured_at timestamptz NOT NULL,
  fraud_flagged boolean NOT NULL DEFAULT false,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (stripe_payment_intent_id IS NOT NULL OR stripe_charge_id IS NOT NULL)
);
CREATE INDEX payments_order_id ON payments (order_id);
CREATE INDEX payments_customer_id ON payments (customer_id);
CREATE INDEX payments_customer_email ON payments (lower(customer_email));

-- One row per refund, whoever asked for it. origin 'external' = made directly in Stripe and
-- learnt from an event or reconciliation; it counts against the refundable amount.
CREATE TABLE refunds (
  id text PRIMARY KEY,
  payment_id text NOT NULL REFERENCES payments (id),
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  reason text NOT NULL CHECK (reason IN ('duplicate', 'fraudulent', 'requested_by_customer', 'other')),
  note text,
  metadata jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN (
    'awaiting_approval', 'queued', 'pending', 'requires_action',
    'succeeded', 'failed', 'canceled', 'rejected')),
  origin text NOT NULL DEFAULT 'refundry' CHECK (origin IN ('refundry', 'external')),
  requested_by text NOT NULL,
  customer_token text UNIQUE,
  -- Fixed when the refund is accepted and sent with every attempt, so Stripe makes it once.
  stripe_idempotency_key text NOT NULL UNIQUE,
  stripe_refund_id text UNIQUE,
  failure_code text,
  failure_message text,
  -- Queue bookkeeping: a refund is claimable when status = 'queued', next_attempt_at has come and
  -- no live lease is held on it.
  attempts integer NOT NULL DEFAULT 0,
  first_attempt_at timestamptz,
  last_attempt_at timestamptz,
  next_attempt_at timestamptz,
  lease_owner text,
  lease_expires_at timestamptz,
  approved_by text,
  approved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  final_at timestamptz
);
CREATE INDEX refunds_payment_id ON refunds (payment_id);
CREATE INDEX refunds_created ON refunds (created_at DESC, id DESC);
CREATE INDEX refunds_status ON refunds (status);
CREATE INDEX refunds_ready ON refunds (next_attempt_at) WHERE status = 'queued';

-- Every status change of every refund: who, when, from, to, why. Append-only.
CREATE TABLE refund_history (
  id bigserial PRIMARY KEY,
  refund_id text NOT NULL REFERENCES refunds (id),
  from_status text,
  to_status text NOT NULL,
  actor text NOT NULL,
  reason text,
  stripe_refund_id text,
  stripe_event_id text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refund_history_refund_id ON refund_history (refund_id, id);

CREATE FUNCTION refund_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'refund_history is append-only';
END;
$$;
CREATE TRIGGER refund_history_no_update BEFORE UPDATE OR DELETE ON refund_history
  FOR EACH ROW EXECUTE FUNCTION refund_history_append_only();

-- Refund requests the policy refused: kept so support can see what was tried and why it was blocked.
CREATE TABLE refund_rejections (
  id bigserial PRIMARY KEY,
  payment_id text REFERENCES payments (id),
  amount bigint,
  currency text,
  requested_by text NOT NULL,
  violations jsonb NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refund_rejections_payment_id ON refund_rejections (payment_id);

-- API keys: only a SHA-256 of the random key is stored; the prefix helps people tell keys apart.
CREATE TABLE api_keys (
  id text PRIMARY KEY,
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Idempotency for Refundry's own API: a replayed key returns the stored response.
CREATE TABLE api_idempotency (
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status_code integer,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

-- Shared token buckets (the Stripe request budget), refilled lazily in SQL so that every process
-- sharing the database draws from the same budget.
CREATE TABLE rate_buckets (
  name text PRIMARY KEY,
  rate double precision NOT NULL,
  max_rate double precision NOT NULL,
  capacity double precision NOT NULL,
  tokens double precision NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Small shared switches and cursors (e.g. sending paused after a Stripe authentication error).
CREATE TABLE service_state (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
