-- Learning what Stripe did: webhook/backfill events stored once by id, and per refund what the
-- poller and the "never backwards in time" rule need.

-- Every Stripe event Refundry received (webhook) or read (backfill), stored once by its id. The
-- applier claims rows with applied_at IS NULL in order of `created`; `result` says what applying
-- did (applied, noop, stale, illegal, external_recorded, unknown_payment, ignored, error: …).
CREATE TABLE stripe_events (
  id text PRIMARY KEY,
  type text NOT NULL,
  created timestamptz NOT NULL,
  payload jsonb NOT NULL,
  source text NOT NULL CHECK (source IN ('webhook', 'backfill')),
  received_at timestamptz NOT NULL DEFAULT now(),
  applied_at timestamptz,
  result text,
  attempts integer NOT NULL DEFAULT 0,
  -- Set when applying must wait (e.g. the payment is being fetched from Stripe).
  next_attempt_at timestamptz
);
CREATE INDEX stripe_events_unapplied ON stripe_events (created, id) WHERE applied_at IS NULL;
CREATE INDEX stripe_events_received ON stripe_events (received_at);

-- stripe_observed_at: Stripe-side time of the last observation applied to the refund (an event's
-- `created`, or the moment of a fetch), so an older observation never overrides a newer one.
-- last_news_at: when Refundry last learnt anything about the refund (its own clock).
-- next_poll_at / poll_attempts: the polling fallback's schedule (NULL = not polled).
ALTER TABLE refunds
  ADD COLUMN stripe_observed_at timestamptz,
  ADD COLUMN last_news_at timestamptz,
  ADD COLUMN next_poll_at timestamptz,
  ADD COLUMN poll_attempts integer NOT NULL DEFAULT 0;
CREATE INDEX refunds_poll_due ON refunds (next_poll_at) WHERE next_poll_at IS NOT NULL;

-- Whatever moves a refund (transitionRefund from the API, the worker, a webhook, the poller,
-- reconciliation) restarts its polling schedule here, so no writer has to remember to: a refund
-- that enters pending, requires_action or succeeded becomes pollable; any other status is not.
CREATE FUNCTION refunds_poll_schedule() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
    NEW.poll_attempts := 0;
    NEW.last_news_at := now();
    NEW.next_poll_at := CASE WHEN NEW.status IN ('pending', 'requires_action', 'succeeded') THEN now() ELSE NULL END;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER refunds_poll_schedule BEFORE INSERT OR UPDATE OF status ON refunds
  FOR EACH ROW EXECUTE FUNCTION refunds_poll_schedule();
