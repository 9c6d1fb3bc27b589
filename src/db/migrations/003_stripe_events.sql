-- Stripe webhook events, stored once by Stripe's event id so that a redelivered event is
-- recognised and never applied twice. result records what applying it did (applied, ignored,
-- unmatched, ...) for audit.
CREATE TABLE stripe_events (
  id          text PRIMARY KEY,
  type        text NOT NULL,
  created     timestamptz NOT NULL,
  payload     jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  applied_at  timestamptz,
  result      text
);
