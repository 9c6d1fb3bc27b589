-- Notifications: the merchant's webhook endpoints and the outbox of customer emails and merchant
-- webhook deliveries. Outbox rows are written by transitionRefund in the same transaction as the
-- status change they announce, so a change is never told without having happened, nor lost.

-- The merchant's own HTTPS endpoints. The signing secret is kept as such (it signs every delivery,
-- like Stripe's endpoint secrets) and shown to the merchant once, when the endpoint is created.
CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  url text NOT NULL,
  description text,
  -- Event types ('refund.succeeded', …) or '*' for every type.
  enabled_events text[] NOT NULL,
  secret text NOT NULL,
  status text NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled', 'disabled')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

-- One row per message to deliver. dedupe_key is unique, so a replayed or duplicated change can
-- never enqueue the same customer email or webhook delivery twice. status: pending (to send, or
-- waiting for a retry), sent, failed (gave up after max attempts; kept for people to see),
-- skipped (the endpoint was disabled before delivery).
CREATE TABLE notifications (
  id text PRIMARY KEY,
  refund_id text NOT NULL REFERENCES refunds (id),
  channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
  -- email: 'refund_succeeded' | 'refund_failed'; webhook: the event type.
  kind text NOT NULL,
  dedupe_key text NOT NULL UNIQUE,
  -- email: the customer's address; webhook: null (the endpoint's URL is read at delivery time).
  recipient text,
  endpoint_id text REFERENCES webhook_endpoints (id),
  -- What the message says, frozen when the change happened (the webhook event body; the email's data).
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_owner text,
  lease_expires_at timestamptz,
  last_attempt_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  CHECK ((channel = 'webhook') = (endpoint_id IS NOT NULL)),
  CHECK (channel <> 'email' OR recipient IS NOT NULL)
);
CREATE INDEX notifications_ready ON notifications (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notifications_refund_id ON notifications (refund_id);
CREATE INDEX notifications_failed ON notifications (created_at) WHERE status = 'failed';
